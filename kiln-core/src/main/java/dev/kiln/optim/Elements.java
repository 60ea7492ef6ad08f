package dev.kiln.optim;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;

/**
 * The elements of a contiguous float32 or float64 tensor, read and written as doubles: the one form
 * in which an optimiser's element-wise update is written, for both element types. Kernels go block
 * by block through {@link #forEachBlock}: {@link #read} widens {@link #BLOCK} float32 or float64
 * elements into a {@code double[]}, the formula runs on plain arrays, {@link #write} rounds each value
 * once to the element type, exactly as a loop over a {@code float[]} that computes in double would do,
 * so one kernel serves both types bit for bit (a kernel that reads a value back after writing it calls
 * {@link #round} on its block first). Blocks avoid a call per element, which the JIT compiles to a type
 * check in the loop (twice as slow once a kernel has seen both element types). (Adam and SGD, the hot
 * paths, call the backend's fused float32 kernels instead.)
 */
sealed interface Elements permits Elements.Float32, Elements.Float64 {
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

    /**
     * Rounds {@code values[0..len)} in place to the tensor's element type, as writing them and reading them back would.
     *
     * @param len the number of values rounded
     * @param values the values, rounded in place
     */
    void round(int len, double[] values);

    /** The number of elements a block kernel handles at a time (four blocks of doubles fit in L1). */
    int BLOCK = 512;

    /**
     * An element-wise kernel on one block of at most {@link #BLOCK} elements.
     */
    @FunctionalInterface
    interface BlockKernel {
        /**
         * Updates one block.
         *
         * @param len the number of elements in this block (≤ {@link #BLOCK})
         * @param updated the blocks of the updated arrays, in their order ({@code null} for a null array); written back afterwards
         * @param readOnly the blocks of the arrays only read, in their order ({@code null} for a null array)
         */
        void apply(int len, double[][] updated, double[][] readOnly);
    }

    /**
     * Runs {@code kernel} over elements {@code [0, n)} block by block: each block of every array is
     * widened to double, handed to the kernel, and the blocks of {@code updated} are rounded back.
     *
     * @param n the number of elements
     * @param updated the arrays the kernel updates (entries may be null: optional state)
     * @param readOnly the arrays the kernel only reads (entries may be null)
     * @param kernel the element-wise update of one block
     */
    static void forEachBlock(int n, Elements[] updated, Elements[] readOnly, BlockKernel kernel) {
        double[][] w = blocksFor(updated);
        double[][] r = blocksFor(readOnly);
        for (int from = 0; from < n; from += BLOCK) {
            int len = Math.min(BLOCK, n - from);
            readBlocks(updated, from, len, w);
            readBlocks(readOnly, from, len, r);
            kernel.apply(len, w, r);
            for (int k = 0; k < updated.length; k++) {
                if (updated[k] != null) {
                    updated[k].write(from, len, w[k]);
                }
            }
        }
    }

    private static double[][] blocksFor(Elements[] arrays) {
        double[][] blocks = new double[arrays.length][];
        for (int k = 0; k < arrays.length; k++) {
            blocks[k] = arrays[k] == null ? null : new double[BLOCK];
        }
        return blocks;
    }

    private static void readBlocks(Elements[] arrays, int from, int len, double[][] blocks) {
        for (int k = 0; k < arrays.length; k++) {
            if (arrays[k] != null) {
                arrays[k].read(from, len, blocks[k]);
            }
        }
    }

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
     * {@return the elements of each tensor, in order (null for a null tensor: optional state)}
     *
     * @param tensors the tensors, contiguous, float32 or float64, or null
     */
    static Elements[] each(Tensor... tensors) {
        Elements[] out = new Elements[tensors.length];
        for (int k = 0; k < tensors.length; k++) {
            out[k] = tensors[k] == null ? null : of(tensors[k]);
        }
        return out;
    }

    /**
     * A float32 array from {@code offset}.
     *
     * @param a the backing array
     * @param offset the index of element 0 in {@code a}
     */
    record Float32(float[] a, int offset) implements Elements {
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

        @Override
        public void round(int len, double[] values) {
            for (int i = 0; i < len; i++) {
                values[i] = (float) values[i];
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
        public void read(int from, int len, double[] into) {
            System.arraycopy(a, offset + from, into, 0, len);
        }

        @Override
        public void write(int from, int len, double[] values) {
            System.arraycopy(values, 0, a, offset + from, len);
        }

        @Override
        public void round(int len, double[] values) {
            // a double is its own float64 rounding
        }
    }
}
