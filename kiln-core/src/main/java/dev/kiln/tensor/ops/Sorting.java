package dev.kiln.tensor.ops;

import dev.kiln.backend.Backend;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;

/**
 * Sorting along a dimension ({@link #sort}) and the k largest or smallest elements ({@link #topk}).
 *
 * <p>The sorted dimension is moved last and each row's positions are ordered by a stable merge
 * sort on primitive keys (no boxing). NaN sorts as the largest value, as in PyTorch. The values
 * are gathered from the input with the resulting positions, so their gradient is the output
 * gradient scattered back to where each value came from.
 */
public final class Sorting {
    private static final int INSERTION_MAX = 16;

    private Sorting() {
    }

    /**
     * The k largest ({@code largest}) or smallest elements along {@code dim} and their int64
     * positions, in sorted order (also when {@code sorted} is false). Ties keep their original order.
     */
    public static ValuesIndices topk(Tensor x, int k, int dim, boolean largest, boolean sorted) {
        int d = x.dim() == 0 ? Shape.wrapDim("topk", dim, 0) : Shape.wrapDim("topk", dim, x.dim());
        int n = x.dim() == 0 ? 1 : x.size(d);
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("topk: k (" + k + ") is out of range for dimension " + d + " of size " + n
                    + " (shape " + Shape.str(x.shape()) + ")");
        }
        if (x.dim() == 0) {
            return sort(x, dim, largest);
        }
        Tensor order = sortedIndices("topk", x, d, largest);
        Tensor idx = order.narrow(d, 0, k).contiguous();
        return new ValuesIndices(Indexing.gather(x, d, idx), idx);
    }

    /**
     * The elements sorted along {@code dim} (ascending, or {@code descending}) and, for each, its
     * int64 position in the input. The sort is stable: equal elements keep their order.
     */
    public static ValuesIndices sort(Tensor x, int dim, boolean descending) {
        if (x.dim() == 0) {
            Shape.wrapDim("sort", dim, 0);
            return new ValuesIndices(Views.view(x, new int[0]), Tensor.zeros(DType.INT64));
        }
        int d = Shape.wrapDim("sort", dim, x.dim());
        Tensor idx = sortedIndices("sort", x, d, descending);
        return new ValuesIndices(Indexing.gather(x, d, idx), idx);
    }

    /** The int64 positions that sort {@code x} along {@code d}, in x's shape. */
    private static Tensor sortedIndices(String op, Tensor x, int d, boolean descending) {
        int last = x.dim() - 1;
        Tensor moved = x.detach().transpose(d, last);
        int[] movedShape = moved.shape();
        int n = movedShape[last];
        int rows = n == 0 ? 0 : x.numel() / n;
        long[] result = new long[x.numel()];
        // rows are independent: split them across threads once there is enough work (sorting a row
        // costs about twice a simple pass over it)
        Backend backend = x.device().backend();
        if (x.dtype() == DType.FLOAT32) {
            Tensor c = moved.contiguous();
            float[] data = TensorInternals.floats(c);
            int off = c.offset();
            backend.parallelFor(rows, 2 * n, (lo, hi) -> {
                long[] packed = new long[n];
                for (int r = lo; r < hi; r++) {
                    int base = off + r * n;
                    for (int i = 0; i < n; i++) {
                        int key = sortableBits(data[base + i]);
                        packed[i] = ((long) (descending ? ~key : key) << 32) | i;
                    }
                    java.util.Arrays.sort(packed);
                    for (int i = 0; i < n; i++) {
                        result[r * n + i] = packed[i] & 0xFFFFFFFFL;
                    }
                }
            });
        } else {
            // float64 keys as sortable longs; int64 (and bool, as int64) keys as they are
            boolean real = x.dtype() == DType.FLOAT64;
            Tensor c = (real ? moved : moved.to(DType.INT64)).contiguous();
            double[] reals = real ? TensorInternals.doubles(c) : null;
            long[] ints = real ? null : TensorInternals.storage(c).longs();
            int off = c.offset();
            backend.parallelFor(rows, 2 * n, (lo, hi) -> {
                int[] perm = new int[n];
                int[] tmp = new int[n];
                long[] keys = new long[n];
                for (int r = lo; r < hi; r++) {
                    if (real) {
                        for (int i = 0; i < n; i++) {
                            keys[i] = sortableBits(reals[off + r * n + i]);
                        }
                    } else {
                        System.arraycopy(ints, off + r * n, keys, 0, n);
                    }
                    for (int i = 0; i < n; i++) {
                        perm[i] = i;
                    }
                    mergeSort(perm, tmp, 0, n, keys, descending);
                    for (int i = 0; i < n; i++) {
                        result[r * n + i] = perm[i];
                    }
                }
            });
        }
        return TensorInternals.wrap(Storage.wrap(result), movedShape).transpose(d, last).contiguous();
    }

    /**
     * A float mapped to an int whose signed order is the float order, with −0 equal to +0 and every
     * NaN above +∞. Packing the key above the position and sorting the longs gives a stable sort:
     * equal keys are ordered by position.
     */
    private static int sortableBits(float f) {
        int bits = f != f ? 0x7fc00000 : Float.floatToRawIntBits(f == 0 ? 0f : f);
        return bits >= 0 ? bits : bits ^ 0x7fffffff;
    }

    /** The 64-bit counterpart of {@link #sortableBits(float)}: signed long order is the double order. */
    static long sortableBits(double f) {
        long bits = f != f ? 0x7ff8000000000000L : Double.doubleToRawLongBits(f == 0 ? 0.0 : f);
        return bits >= 0 ? bits : bits ^ 0x7fffffffffffffffL;
    }

    private static boolean before(long a, long b, boolean descending) {
        return descending ? a > b : a < b;
    }

    private static void mergeSort(int[] p, int[] tmp, int lo, int hi, long[] k, boolean desc) {
        if (hi - lo <= INSERTION_MAX) {
            for (int i = lo + 1; i < hi; i++) {
                int v = p[i];
                int j = i - 1;
                while (j >= lo && before(k[v], k[p[j]], desc)) {
                    p[j + 1] = p[j];
                    j--;
                }
                p[j + 1] = v;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(p, tmp, lo, mid, k, desc);
        mergeSort(p, tmp, mid, hi, k, desc);
        if (!before(k[p[mid]], k[p[mid - 1]], desc)) {
            return;
        }
        System.arraycopy(p, lo, tmp, lo, hi - lo);
        int i = lo;
        int j = mid;
        for (int o = lo; o < hi; o++) {
            if (j >= hi || (i < mid && !before(k[tmp[j]], k[tmp[i]], desc))) {
                p[o] = tmp[i++];
            } else {
                p[o] = tmp[j++];
            }
        }
    }
}
