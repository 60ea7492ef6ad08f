package dev.kiln.tensor.ops;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.Arrays;
import java.util.function.DoubleSupplier;

/** Tensor creation: constants, ranges, identity matrices, nested Java arrays and random samples. */
public final class Factory {
    private Factory() {
    }

    /** A tensor of {@code shape} filled with {@code value}. */
    public static Tensor full(DType type, double value, int... shape) {
        Tensor t = Tensor.empty(type, shape);
        t.device().backend().fill(TensorInternals.storage(t).array(), 0, t.numel(), value);
        return t;
    }

    /** [start, start+step, …) below end. */
    public static Tensor arange(double start, double end, double step, DType type) {
        if (step == 0) {
            throw new IllegalArgumentException("arange: step must be non-zero");
        }
        if ((end - start) / step < 0) {
            throw new IllegalArgumentException("arange: upper bound " + end + " and lower bound " + start
                    + " are inconsistent with step sign " + step);
        }
        int n = (int) Math.ceil((end - start) / step);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = start + i * step;
        }
        return Tensor.fromArray(values, n).to(type);
    }

    /** {@code steps} values from start to end inclusive. */
    public static Tensor linspace(double start, double end, int steps, DType type) {
        if (steps < 0) {
            throw new IllegalArgumentException("linspace: number of steps must be non-negative, got " + steps);
        }
        double[] values = new double[steps];
        double delta = steps > 1 ? (end - start) / (steps - 1) : 0;
        for (int i = 0; i < steps; i++) {
            values[i] = i < steps / 2 ? start + i * delta : end - (steps - 1 - i) * delta;
        }
        return Tensor.fromArray(values, steps).to(type);
    }

    /** A rows×cols matrix with ones on the diagonal. */
    public static Tensor eye(int rows, int cols, DType type) {
        Tensor t = Tensor.empty(type, rows, cols);
        for (int i = 0; i < Math.min(rows, cols); i++) {
            t.set(1, i, i);
        }
        return t;
    }

    /** A tensor from a rectangular nested Java array (float[][], double[][], float[][][] …). */
    public static Tensor fromNested(Object nested, DType type) {
        int[] shape = nestedShape(nested);
        double[] flat = new double[Shape.numel(shape)];
        int[] pos = {0};
        flatten(nested, shape, 0, flat, pos);
        return Tensor.fromArray(flat, shape).to(type);
    }

    private static int[] nestedShape(Object a) {
        int rank = 0;
        Object cur = a;
        java.util.List<Integer> dims = new java.util.ArrayList<>();
        while (cur != null && cur.getClass().isArray()) {
            int len = java.lang.reflect.Array.getLength(cur);
            dims.add(len);
            rank++;
            cur = len > 0 ? java.lang.reflect.Array.get(cur, 0) : null;
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void flatten(Object a, int[] shape, int depth, double[] out, int[] pos) {
        int len = java.lang.reflect.Array.getLength(a);
        if (len != shape[depth]) {
            throw new IllegalArgumentException("tensor: ragged nested array: expected length " + shape[depth]
                    + " at depth " + depth + ", found " + len);
        }
        if (depth == shape.length - 1) {
            for (int i = 0; i < len; i++) {
                out[pos[0]++] = ((Number) java.lang.reflect.Array.get(a, i)).doubleValue();
            }
        } else {
            for (int i = 0; i < len; i++) {
                flatten(java.lang.reflect.Array.get(a, i), shape, depth + 1, out, pos);
            }
        }
    }

    /** U[low, high) samples. */
    public static Tensor uniform(Generator g, double low, double high, DType type, int... shape) {
        Tensor t = Tensor.empty(type, shape);
        fillUniform(t, g, low, high);
        return t;
    }

    /** N(mean, std) samples. */
    public static Tensor normal(Generator g, double mean, double std, DType type, int... shape) {
        Tensor t = Tensor.empty(type, shape);
        fillNormal(t, g, mean, std);
        return t;
    }

    /** Fills a contiguous float tensor with U[low, high) samples. */
    static void fillUniform(Tensor t, Generator g, double low, double high) {
        fillSamples("uniform_", t, () -> low + (high - low) * g.nextDouble());
    }

    /** Fills a contiguous float tensor with N(mean, std) samples. */
    static void fillNormal(Tensor t, Generator g, double mean, double std) {
        fillSamples("normal_", t, () -> mean + std * g.nextGaussian());
    }

    /** Fills a contiguous float tensor, in order, with samples drawn in float64 and rounded once to its type. */
    private static void fillSamples(String op, Tensor t, DoubleSupplier sample) {
        requireContiguousFloat(op, t);
        double[] values = new double[t.numel()];
        Arrays.setAll(values, i -> sample.getAsDouble());
        t.device().backend().cast(values, 0, TensorInternals.storage(t).array(), t.offset(), values.length);
    }

    private static void requireContiguousFloat(String op, Tensor t) {
        if (!t.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a float tensor, got " + t.dtype());
        }
        if (!t.isContiguous()) {
            throw new IllegalArgumentException(op + ": expected a contiguous tensor, got strides " + Shape.str(t.strides()));
        }
    }

    /** Uniform integers in [low, high). */
    public static Tensor randint(Generator g, long low, long high, int... shape) {
        if (high <= low) {
            throw new IllegalArgumentException("randint: high (" + high + ") must be greater than low (" + low + ")");
        }
        long[] d = new long[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = low + g.nextLong(high - low);
        }
        return TensorInternals.wrap(Storage.wrap(d), shape);
    }

    /** 1 with probability p (each element of {@code p}), else 0, in p's type. */
    public static Tensor bernoulli(Tensor p, Generator g) {
        double[] probs = p.toDoubleArray();
        double[] d = new double[probs.length];
        for (int i = 0; i < d.length; i++) {
            if (probs[i] < 0 || probs[i] > 1) {
                throw new IllegalArgumentException("bernoulli: probabilities must be in [0, 1], found " + probs[i]);
            }
            d[i] = g.nextDouble() < probs[i] ? 1 : 0;
        }
        return Tensor.fromArray(d, p.shape()).to(p.dtype().isFloatingPoint() ? p.dtype() : DType.FLOAT32);
    }
}
