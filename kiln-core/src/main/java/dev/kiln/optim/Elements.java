package dev.kiln.optim;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;

/**
 * The elements of a contiguous float32 or float64 tensor, read and written as doubles: the one form
 * in which an optimiser's element-wise update is written, for both element types. A float32 element
 * is widened on {@link #get} and rounded once on {@link #set}, exactly as a loop over a
 * {@code float[]} that computes in double would do, so one kernel serves both types bit for bit.
 * (Adam and SGD, the hot paths, call the backend's fused float32 kernels instead.)
 */
sealed interface Elements permits Elements.Float32, Elements.Float64 {
    /**
     * {@return element {@code i}, widened to double}
     *
     * @param i the index, from 0, relative to the tensor's first element
     */
    double get(int i);

    /**
     * Writes element {@code i}, rounded to the tensor's element type.
     *
     * @param i the index, from 0, relative to the tensor's first element
     * @param value the value written
     */
    void set(int i, double value);

    /**
     * {@return the elements of {@code t} (contiguous, float32 or float64), without a copy}
     *
     * @param t the tensor, contiguous
     */
    static Elements of(Tensor t) {
        return t.dtype() == DType.FLOAT32 ? new Float32(TensorInternals.floats(t), t.offset())
                : new Float64(TensorInternals.doubles(t), t.offset());
    }

    /**
     * A float32 array from {@code offset}.
     *
     * @param a the backing array
     * @param offset the index of element 0 in {@code a}
     */
    record Float32(float[] a, int offset) implements Elements {
        @Override
        public double get(int i) {
            return a[offset + i];
        }

        @Override
        public void set(int i, double value) {
            a[offset + i] = (float) value;
        }
    }

    /**
     * A float64 array from {@code offset}.
     *
     * @param a the backing array
     * @param offset the index of element 0 in {@code a}
     */
    record Float64(double[] a, int offset) implements Elements {
        @Override
        public double get(int i) {
            return a[offset + i];
        }

        @Override
        public void set(int i, double value) {
            a[offset + i] = value;
        }
    }
}
