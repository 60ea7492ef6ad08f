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
 *
 * <p>A kernel that reads each element once and writes each once (no read after its own write)
 * can go block by block instead: {@link #read} widens {@link #BLOCK} elements into a
 * {@code double[]}, the formula runs on plain arrays, {@link #write} rounds them back. That gives
 * the same bits as {@code get}/{@code set} and avoids a call per element, which the JIT compiles
 * to a type check in the loop (twice as slow once a kernel has seen both element types).
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
     * Copies {@code len} elements from element {@code from} into {@code into[0..len)}, widened to double.
     *
     * @param from the index of the first element read
     * @param len the number of elements read
     * @param into receives the values
     */
    void read(int from, int len, double[] into);

    /**
     * Writes {@code values[0..len)} to the elements from {@code from}, each rounded to the tensor's element type.
     *
     * @param from the index of the first element written
     * @param len the number of elements written
     * @param values the values written
     */
    void write(int from, int len, double[] values);

    /** The number of elements a block kernel handles at a time (four blocks of doubles fit in L1). */
    int BLOCK = 512;

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

        @Override
        public void read(int from, int len, double[] into) {
            for (int i = 0; i < len; i++) {
                into[i] = a[offset + from + i];
            }
        }

        @Override
        public void write(int from, int len, double[] values) {
            for (int i = 0; i < len; i++) {
                a[offset + from + i] = (float) values[i];
            }
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

        @Override
        public void read(int from, int len, double[] into) {
            System.arraycopy(a, offset + from, into, 0, len);
        }

        @Override
        public void write(int from, int len, double[] values) {
            System.arraycopy(values, 0, a, offset + from, len);
        }
    }
}
