package dev.kiln.tensor.ops;

import static dev.kiln.autograd.internal.FormulaNode.inputs;
import static dev.kiln.autograd.internal.FormulaNode.saving;

import dev.kiln.autograd.Node;
import dev.kiln.autograd.Trace;
import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.FormulaNode;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.backend.CompareOp;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.Map;

/**
 * Sum-like reductions over all or chosen dimensions, with keepdim.
 *
 * <p>The reduced dimensions are moved last (a view), the input is made contiguous, and each
 * output element reduces one contiguous row (the backend's
 * {@link dev.kiln.backend.IndexingPrimitives#sumRows sumRows}, Vector API loops for float32). When the
 * reduced dimensions lead (the bias gradient, summing a batch), rows are added column-wise
 * instead, which needs no copy.
 */
public final class Reductions {
    private Reductions() {
    }

    /** Normalises a dims argument: null means all dims; wraps negatives; rejects repeats. */
    public static boolean[] reducedMask(String op, int rank, int[] dims) {
        boolean[] mask = new boolean[rank];
        if (dims == null) {
            java.util.Arrays.fill(mask, true);
            return mask;
        }
        for (int d : dims) {
            int w = Shape.wrapDim(op, d, rank);
            if (mask[w]) {
                throw new IllegalArgumentException(op + ": dimension " + w + " appears more than once in " + Shape.str(dims));
            }
            mask[w] = true;
        }
        return mask;
    }

    /** The shape after reducing the masked dims (kept as 1 with keepdim). */
    public static int[] reducedShape(int[] shape, boolean[] mask, boolean keepdim) {
        int n = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!mask[i] || keepdim) {
                n++;
            }
        }
        int[] out = new int[n];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (!mask[i]) {
                out[j++] = shape[i];
            } else if (keepdim) {
                out[j++] = 1;
            }
        }
        return out;
    }

    /**
     * Moves the reduced dims last and returns a contiguous tensor of shape (outer…, reduced…)
     * flattened to [numOut, rowLength].
     */
    public static Tensor rowsLast(Tensor x, boolean[] mask) {
        int rank = x.dim();
        int[] perm = new int[rank];
        int j = 0;
        int outer = 1;
        int[] shape = x.shape();
        for (int i = 0; i < rank; i++) {
            if (!mask[i]) {
                perm[j++] = i;
                outer *= shape[i];
            }
        }
        for (int i = 0; i < rank; i++) {
            if (mask[i]) {
                perm[j++] = i;
            }
        }
        int row = outer == 0 ? 0 : x.numel() / Math.max(outer, 1);
        Tensor moved = x.detach().permute(perm).contiguous();
        return moved.view(outer, row);
    }

    /** Σ over {@code dims} (null = all). ∂/∂x = the gradient broadcast back over the reduced dims. */
    public static Tensor sum(Tensor x, int[] dims, boolean keepdim) {
        boolean[] mask = reducedMask("sum", x.dim(), dims);
        int[] outShape = reducedShape(x.shape(), mask, keepdim);
        Tensor out = sumRaw(x, mask, outShape);
        recordReduction("sum", x, out, mask, keepdim);
        if (Engine.needsGrad(x)) {
            int[] shape = x.shape();
            Engine.record(out, FormulaNode.of("SumBackward", x, g -> expandBack(g, shape, mask)));
        }
        return out;
    }

    private static Tensor sumRaw(Tensor x, boolean[] mask, int[] outShape) {
        DType type = x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
        Tensor src = x.to(type);
        int numOut = Shape.numel(outShape);
        if (type == DType.FLOAT32 && src.isContiguous() && leadingMask(mask)) {
            // reduce leading dims: add rows of the trailing block column-wise
            int inner = numOut;
            int rows = inner == 0 ? 0 : src.numel() / inner;
            float[] data = TensorInternals.floats(src);
            float[] acc = new float[inner];
            int off = src.offset();
            src.device().backend().columnSum(data, off, inner, rows, inner, acc);
            return TensorInternals.wrap(Storage.wrap(acc), outShape);
        }
        Tensor rows = rowsLast(src, mask);
        Storage sums = Storage.allocate(type, numOut);
        rows.device().backend().sumRows(TensorInternals.storage(rows).array(), rows.offset(), numOut, rows.size(1), sums.array());
        return TensorInternals.wrap(sums, outShape);
    }

    private static boolean leadingMask(boolean[] mask) {
        boolean seenKept = false;
        for (boolean m : mask) {
            if (!m) {
                seenKept = true;
            } else if (seenKept) {
                return false;
            }
        }
        return true;
    }

    /** The mean over {@code dims}: sum / count. Integer inputs give float32. */
    public static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
        boolean[] mask = reducedMask("mean", x.dim(), dims);
        long count = 1;
        int[] shape = x.shape();
        for (int i = 0; i < shape.length; i++) {
            if (mask[i]) {
                count *= shape[i];
            }
        }
        Tensor in = x.dtype().isFloatingPoint() ? x : x.to(DType.FLOAT32);
        Tensor out = sum(in, dims, keepdim).div(count);
        recordReduction("mean", x, out, mask, keepdim);
        return out;
    }

    /** Reports a reduction over the dimensions set in {@code mask} to an open {@link Trace}. */
    static void recordReduction(String op, Tensor x, Tensor out, boolean[] mask, boolean keepdim) {
        if (Tracing.isRecording()) {
            Tracing.record(op, out, Map.of("dims", maskedDims(mask), "keepdim", keepdim), x);
        }
    }

    /** {@return the dimensions set in {@code mask}, in increasing order} */
    static int[] maskedDims(boolean[] mask) {
        int n = 0;
        for (boolean m : mask) {
            n += m ? 1 : 0;
        }
        int[] dims = new int[n];
        for (int i = 0, j = 0; i < mask.length; i++) {
            if (mask[i]) {
                dims[j++] = i;
            }
        }
        return dims;
    }

    /** Sums a gradient down to {@code target}, reversing broadcasting (leading dims, then size-1 dims). */
    public static Tensor sumToShape(Tensor g, int[] target) {
        int[] shape = g.shape();
        if (Shape.same(shape, target)) {
            return g;
        }
        int lead = shape.length - target.length;
        if (lead < 0) {
            throw new IllegalArgumentException("sumToShape: cannot reduce shape " + Shape.str(shape) + " to " + Shape.str(target));
        }
        boolean[] mask = new boolean[shape.length];
        for (int i = 0; i < shape.length; i++) {
            mask[i] = i < lead || (target[i - lead] == 1 && shape[i] != 1);
        }
        int[] dims = maskedDims(mask);
        Tensor s = dims.length == 0 ? g : sum(g, dims, true);
        return s.reshape(target);
    }

    /** Π over {@code dim} (null = all). ∂/∂x_i = Π_{j≠i} x_j, computed without dividing by x_i. */
    public static Tensor prod(Tensor x, Integer dim, boolean keepdim) {
        boolean[] mask = reducedMask("prod", x.dim(), dim == null ? null : new int[] {dim});
        int[] outShape = reducedShape(x.shape(), mask, keepdim);
        DType type = x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
        Tensor rows = rowsLast(x.detach().to(type), mask);
        Storage products = Storage.allocate(type, Shape.numel(outShape));
        rows.device().backend().prodRows(TensorInternals.storage(rows).array(), rows.offset(), products.length(), rows.size(1),
                products.array());
        Tensor out = TensorInternals.wrap(products, outShape);
        if (Engine.needsGrad(x)) {
            Engine.record(out, prodBackward(x, mask));
        }
        return out;
    }

    /** Whether all elements (along {@code dim}) are non-zero: a bool tensor. */
    public static Tensor all(Tensor x, Integer dim, boolean keepdim) {
        return logicalReduce("all", x, dim, keepdim, true);
    }

    /** Whether any element (along {@code dim}) is non-zero: a bool tensor. */
    public static Tensor any(Tensor x, Integer dim, boolean keepdim) {
        return logicalReduce("any", x, dim, keepdim, false);
    }

    /** all: the count of true (non-zero) elements equals the count reduced; any: it is above 0. */
    private static Tensor logicalReduce(String op, Tensor x, Integer dim, boolean keepdim, boolean all) {
        boolean[] mask = reducedMask(op, x.dim(), dim == null ? null : new int[] {dim});
        int[] outShape = reducedShape(x.shape(), mask, keepdim);
        long len = 1;
        for (int i = 0; i < mask.length; i++) {
            len *= mask[i] ? x.size(i) : 1;
        }
        Tensor counts = sumRaw(x.detach().to(DType.BOOL).to(DType.INT64), mask, outShape);
        boolean[] res = new boolean[counts.numel()];
        counts.device().backend().compare(all ? CompareOp.EQ : CompareOp.GT, TensorInternals.storage(counts).array(),
                counts.offset(), 1, new long[] {all ? len : 0}, 0, 0, res, 0, res.length);
        return TensorInternals.wrap(Storage.wrap(res), outShape);
    }

    /** Expands a reduced gradient (reduced dims dropped or kept as 1) back to {@code shape}. */
    public static Tensor expandBack(Tensor g, int[] shape, boolean[] mask) {
        int[] kept = reducedShape(shape, mask, true);
        return g.reshape(kept).expand(shape);
    }

    /** ∂/∂x_i = g·Π_{j≠i} x_j over the reduced elements, from prefix and suffix products (no division by x_i). */
    private static Node prodBackward(Tensor x, boolean[] mask) {
        return FormulaNode.of("ProdBackward", inputs(x), saving(x), (g, s) -> {
                Tensor in = s.get(0);
                int[] shape = in.shape();
                Tensor rows = rowsLast(in, mask);
                int numOut = rows.size(0);
                int len = rows.size(1);
                double[] data = rows.toDoubleArray();
                double[] others = new double[data.length];
                for (int i = 0; i < numOut; i++) {
                    double prefix = 1;
                    for (int k = 0; k < len; k++) {
                        others[i * len + k] = prefix;
                        prefix *= data[i * len + k];
                    }
                    double suffix = 1;
                    for (int k = len - 1; k >= 0; k--) {
                        others[i * len + k] *= suffix;
                        suffix *= data[i * len + k];
                    }
                }
                // others is laid out as (kept…, reduced…); permute back to the input's order
                int rank = shape.length;
                int[] perm = new int[rank];
                int[] permShape = new int[rank];
                int j = 0;
                for (int i = 0; i < rank; i++) {
                    if (!mask[i]) {
                        perm[j] = i;
                        permShape[j++] = shape[i];
                    }
                }
                for (int i = 0; i < rank; i++) {
                    if (mask[i]) {
                        perm[j] = i;
                        permShape[j++] = shape[i];
                    }
                }
                int[] inverse = new int[rank];
                for (int i = 0; i < rank; i++) {
                    inverse[perm[i]] = i;
                }
                Tensor partial = Tensor.fromArray(others, permShape).permute(inverse).to(g.dtype());
                return new Tensor[] {expandBack(g, shape, mask).mul(partial)};
        });
    }
}
