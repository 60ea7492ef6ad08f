package dev.kiln.backend.cpu;

/**
 * Walks strided layouts: copies any view into contiguous order, and drives row kernels over
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

    /** A kernel over one row of a single strided input into a contiguous output. */
    @FunctionalInterface
    public interface UnaryRow {
        /** Processes one row. */
        void row(int ao, int as, int oo, int n);
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

    /** Like {@link #forEachRow(int[], int[], int, int[], int, BinaryRow)} for one input. */
    public static void forEachRow(int[] shape, int[] sa, int aOffset, UnaryRow kernel) {
        forEachRow(shape, sa, aOffset, new int[shape.length], 0, (ao, as, bo, bs, oo, n) -> kernel.row(ao, as, oo, n));
    }

    /** Copies a strided float view into a new contiguous array. */
    public static float[] toContiguous(float[] src, int[] shape, int[] strides, int offset, int numel) {
        float[] dst = new float[numel];
        forEachRow(shape, strides, offset, (ao, as, oo, n) -> {
            if (as == 1) {
                System.arraycopy(src, ao, dst, oo, n);
            } else {
                for (int i = 0; i < n; i++) {
                    dst[oo + i] = src[ao + i * as];
                }
            }
        });
        return dst;
    }

    /** Copies a strided double view into a new contiguous array. */
    public static double[] toContiguous(double[] src, int[] shape, int[] strides, int offset, int numel) {
        double[] dst = new double[numel];
        forEachRow(shape, strides, offset, (ao, as, oo, n) -> {
            if (as == 1) {
                System.arraycopy(src, ao, dst, oo, n);
            } else {
                for (int i = 0; i < n; i++) {
                    dst[oo + i] = src[ao + i * as];
                }
            }
        });
        return dst;
    }

    /** Copies a strided long view into a new contiguous array. */
    public static long[] toContiguous(long[] src, int[] shape, int[] strides, int offset, int numel) {
        long[] dst = new long[numel];
        forEachRow(shape, strides, offset, (ao, as, oo, n) -> {
            if (as == 1) {
                System.arraycopy(src, ao, dst, oo, n);
            } else {
                for (int i = 0; i < n; i++) {
                    dst[oo + i] = src[ao + i * as];
                }
            }
        });
        return dst;
    }

    /** Copies a strided boolean view into a new contiguous array. */
    public static boolean[] toContiguous(boolean[] src, int[] shape, int[] strides, int offset, int numel) {
        boolean[] dst = new boolean[numel];
        forEachRow(shape, strides, offset, (ao, as, oo, n) -> {
            if (as == 1) {
                System.arraycopy(src, ao, dst, oo, n);
            } else {
                for (int i = 0; i < n; i++) {
                    dst[oo + i] = src[ao + i * as];
                }
            }
        });
        return dst;
    }
}
