package dev.kiln.tensor.ops;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;

/**
 * Sorting along a dimension ({@link #sort}) and the k largest or smallest elements ({@link #topk}).
 *
 * <p>The sorted dimension is moved last and the backend's stable row sort
 * ({@link dev.kiln.backend.IndexingPrimitives#argsort}) orders each row's positions; NaN sorts as the
 * largest value, as in PyTorch. The values
 * are gathered from the input with the resulting positions, so their gradient is the output
 * gradient scattered back to where each value came from.
 */
public final class Sorting {
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
        Tensor order = sortedIndices(x, d, largest);
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
        Tensor idx = sortedIndices(x, d, descending);
        return new ValuesIndices(Indexing.gather(x, d, idx), idx);
    }

    /** The int64 positions that sort {@code x} along {@code d}, in x's shape. */
    private static Tensor sortedIndices(Tensor x, int d, boolean descending) {
        int last = x.dim() - 1;
        Tensor moved = x.detach().transpose(d, last);
        int[] movedShape = moved.shape();
        int n = movedShape[last];
        int rows = n == 0 ? 0 : x.numel() / n;
        long[] result = new long[x.numel()];
        // float32, float64 and int64 keys as they are; bool as int64
        Tensor c = (x.dtype() == DType.BOOL ? moved.to(DType.INT64) : moved).contiguous();
        c.device().backend().argsort(TensorInternals.storage(c).array(), c.offset(), rows, n, descending, result);
        return TensorInternals.wrap(Storage.wrap(result), movedShape).transpose(d, last).contiguous();
    }
}
