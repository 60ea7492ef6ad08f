package dev.kiln.backend.cpu;

/**
 * Walks strided layouts: copies between any two views, and drives row kernels over
 * broadcast operands. Dimensions are coalesced first, so a contiguous tensor is one long row.
 */
public final class Strided {
    private Strided() {
    }

    /** A kernel over one row: {@code n} elements of the output at {@code oo} (stride 1), inputs at {@code ao}/{@code bo} with strides. */
    @FunctionalInterface
    public interface BinaryRow {
        /** Processes one row. */
        void row(int ao, int as, int bo, int bs, int oo, int n);
    }

    /**
     * Calls {@code kernel} once per innermost row of a contiguous output of {@code shape}, giving
     * the matching offsets of two inputs read with strides {@code sa}/{@code sb} (0 where broadcast).
     */
    public static void forEachRow(int[] shape, int[] sa, int aOffset, int[] sb, int bOffset, BinaryRow kernel) {
        int rank = shape.length;
        for (int s : shape) {
            if (s == 0) {
                return; // an empty tensor has no rows
            }
        }
        if (rank == 0) {
            kernel.row(aOffset, 0, bOffset, 0, 0, 1);
            return;
        }
        // coalesce: merge dim i into i+1 when both inputs are laid out compatibly
        int[] dims = new int[rank];
        int[] as = new int[rank];
        int[] bs = new int[rank];
        int r = 0;
        for (int i = 0; i < rank; i++) {
            if (shape[i] == 1) {
                continue;
            }
            if (r > 0 && as[r - 1] == sa[i] * shape[i] && bs[r - 1] == sb[i] * shape[i]) {
                dims[r - 1] *= shape[i];
                as[r - 1] = sa[i];
                bs[r - 1] = sb[i];
            } else {
                dims[r] = shape[i];
                as[r] = sa[i];
                bs[r] = sb[i];
                r++;
            }
        }
        if (r == 0) {
            kernel.row(aOffset, 0, bOffset, 0, 0, 1);
            return;
        }
        int n = dims[r - 1];
        int ias = as[r - 1];
        int ibs = bs[r - 1];
        int outer = 1;
        for (int i = 0; i < r - 1; i++) {
            outer *= dims[i];
        }
        int[] counter = new int[Math.max(r - 1, 1)];
        int ao = aOffset;
        int bo = bOffset;
        for (int row = 0, oo = 0; row < outer; row++, oo += n) {
            kernel.row(ao, ias, bo, ibs, oo, n);
            for (int d = r - 2; d >= 0; d--) {
                ao += as[d];
                bo += bs[d];
                if (++counter[d] < dims[d]) {
                    break;
                }
                ao -= as[d] * dims[d];
                bo -= bs[d] * dims[d];
                counter[d] = 0;
            }
        }
    }

    /**
     * Strided copy between two arrays of the same element type ({@code float[]}, {@code double[]},
     * {@code long[]} or {@code boolean[]}): dst[dstOffset + Σ i_d·dstStrides[d]] = src[srcOffset +
     * Σ i_d·srcStrides[d]] for every index of {@code shape}. Rows that are unit-stride on both sides
     * move with {@link System#arraycopy}, other rows with the element type's loop.
     *
     * @param shape the shape of the region copied
     * @param src the source array
     * @param srcStrides its strides (0 where broadcast)
     * @param srcOffset the index of element (0, …, 0) in {@code src}
     * @param dst the destination array, of the source's type
     * @param dstStrides its strides (distinct elements)
     * @param dstOffset the index of element (0, …, 0) in {@code dst}
     */
    public static void copy(int[] shape, Object src, int[] srcStrides, int srcOffset, Object dst, int[] dstStrides,
            int dstOffset) {
        if (src.getClass() != dst.getClass()) {
            throw new IllegalArgumentException("copy: source " + src.getClass().getSimpleName() + " and destination "
                    + dst.getClass().getSimpleName() + " differ in element type");
        }
        forEachRow(shape, dstStrides, dstOffset, srcStrides, srcOffset, (d, ds, s, ss, unused, n) -> {
            if (ds == 1 && ss == 1) {
                System.arraycopy(src, s, dst, d, n);
                return;
            }
            switch (src) {
                case float[] a -> {
                    float[] b = (float[]) dst;
                    for (int i = 0; i < n; i++) {
                        b[d + i * ds] = a[s + i * ss];
                    }
                }
                case double[] a -> {
                    double[] b = (double[]) dst;
                    for (int i = 0; i < n; i++) {
                        b[d + i * ds] = a[s + i * ss];
                    }
                }
                case long[] a -> {
                    long[] b = (long[]) dst;
                    for (int i = 0; i < n; i++) {
                        b[d + i * ds] = a[s + i * ss];
                    }
                }
                case boolean[] a -> {
                    boolean[] b = (boolean[]) dst;
                    for (int i = 0; i < n; i++) {
                        b[d + i * ds] = a[s + i * ss];
                    }
                }
                default -> throw new IllegalArgumentException("Strided.copy: not a float, double, long or boolean array: "
                        + src.getClass().getSimpleName());
            }
        });
    }
}
