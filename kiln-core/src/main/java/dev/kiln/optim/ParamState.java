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

    /**
     * {@return true before the first step touched this parameter}
     */
    public boolean isEmpty() {
        return tensors.isEmpty() && scalars.isEmpty();
    }

    /**
     * {@return the buffer {@code name}, created on first use as a contiguous tensor shaped like
     * {@code param} and filled with {@code initial}}
     *
     * @param name the state entry's name (as in PyTorch's state dict, such as {@code exp_avg})
     * @param param the parameter whose shape and dtype a new buffer takes
     * @param initial the value of every element of a newly created buffer
     */
    public Tensor buffer(String name, Tensor param, double initial) {
        Tensor t = tensors.get(name);
        if (t == null) {
            t = Tensor.full(param.dtype(), initial, param.shape());
            tensors.put(name, t);
        }
        return t;
    }

    /**
     * {@return the tensor {@code name}, or null}
     *
     * @param name the state entry's name (as in PyTorch's state dict, such as {@code exp_avg})
     */
    public Tensor tensor(String name) {
        return tensors.get(name);
    }

    /**
     * Stores a tensor.
     *
     * @param name the state entry's name (as in PyTorch's state dict, such as {@code exp_avg})
     * @param t the step number, from 1 (for the bias corrections)
     */
    public void putTensor(String name, Tensor t) {
        tensors.put(name, t);
    }

    /**
     * {@return the scalar {@code name}, or {@code fallback} when absent}
     *
     * @param name the state entry's name (as in PyTorch's state dict, such as {@code exp_avg})
     * @param fallback the value returned when the entry is absent
     */
    public double scalar(String name, double fallback) {
        double[] v = scalars.get(name);
        return v == null ? fallback : v[0];
    }

    /**
     * Stores a scalar.
     *
     * @param name the state entry's name (as in PyTorch's state dict, such as {@code exp_avg})
     * @param value the number stored under {@code name}, replacing any earlier one
     */
    public void putScalar(String name, double value) {
        double[] v = scalars.get(name);
        if (v == null) {
            scalars.put(name, new double[] {value});
        } else {
            v[0] = value;
        }
    }

    /**
     * Removes the scalar {@code name}.
     *
     * @param name the state entry's name (as in PyTorch's state dict, such as {@code exp_avg})
     */
    public void removeScalar(String name) {
        scalars.remove(name);
    }

    /**
     * Removes the tensor {@code name}.
     *
     * @param name the state entry's name (as in PyTorch's state dict, such as {@code exp_avg})
     */
    public void removeTensor(String name) {
        tensors.remove(name);
    }

    /**
     * {@return the step count {@code "step"}: the number of steps taken, this one included once
     * {@link Optimizer} has advanced it (0 before the first)}
     */
    public long step() {
        return (long) scalar("step", 0);
    }

    /**
     * Increments and returns the step count {@code "step"} (1 on the first step).
     *
     * @return the new step count
     */
    public long nextStep() {
        double t = scalar("step", 0) + 1;
        putScalar("step", t);
        return (long) t;
    }

    /**
     * {@return the named tensors (unmodifiable live view)}
     */
    public Map<String, Tensor> tensors() {
        return java.util.Collections.unmodifiableMap(tensors);
    }

    /**
     * {@return a snapshot of the named scalars}
     */
    public Map<String, Double> scalars() {
        Map<String, Double> out = new LinkedHashMap<>();
        scalars.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }
}
