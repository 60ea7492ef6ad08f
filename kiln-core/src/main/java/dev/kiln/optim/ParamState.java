package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The optimiser state of one parameter: named tensors (moment buffers …) and named scalars
 * (the step count …), the form in which it is saved (tensors to safetensors, scalars to JSON).
 */
public final class ParamState {
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();
    /** One-element arrays, so that updating a scalar every step allocates nothing. */
    private final Map<String, double[]> scalars = new LinkedHashMap<>();

    /** An empty state, as a parameter has before its first step. */
    public ParamState() {
    }

    /** True before the first step touched this parameter. */
    public boolean isEmpty() {
        return tensors.isEmpty() && scalars.isEmpty();
    }

    /**
     * The buffer {@code name}, created on first use as a contiguous tensor shaped like
     * {@code param} and filled with {@code initial}.
     */
    public Tensor buffer(String name, Tensor param, double initial) {
        Tensor t = tensors.get(name);
        if (t == null) {
            t = Tensor.full(param.dtype(), initial, param.shape());
            tensors.put(name, t);
        }
        return t;
    }

    /** The tensor {@code name}, or null. */
    public Tensor tensor(String name) {
        return tensors.get(name);
    }

    /** Stores a tensor. */
    public void putTensor(String name, Tensor t) {
        tensors.put(name, t);
    }

    /** The scalar {@code name}, or {@code fallback} when absent. */
    public double scalar(String name, double fallback) {
        double[] v = scalars.get(name);
        return v == null ? fallback : v[0];
    }

    /** Stores a scalar. */
    public void putScalar(String name, double value) {
        double[] v = scalars.get(name);
        if (v == null) {
            scalars.put(name, new double[] {value});
        } else {
            v[0] = value;
        }
    }

    /** Removes the scalar {@code name}. */
    public void removeScalar(String name) {
        scalars.remove(name);
    }

    /** Removes the tensor {@code name}. */
    public void removeTensor(String name) {
        tensors.remove(name);
    }

    /** Increments and returns the step count {@code "step"} (1 on the first step). */
    public long nextStep() {
        double t = scalar("step", 0) + 1;
        putScalar("step", t);
        return (long) t;
    }

    /** The named tensors (unmodifiable live view). */
    public Map<String, Tensor> tensors() {
        return java.util.Collections.unmodifiableMap(tensors);
    }

    /** A snapshot of the named scalars. */
    public Map<String, Double> scalars() {
        Map<String, Double> out = new LinkedHashMap<>();
        scalars.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }
}
