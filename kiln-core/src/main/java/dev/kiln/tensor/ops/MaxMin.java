package dev.kiln.tensor.ops;

import static dev.kiln.autograd.internal.FormulaNode.inputs;
import static dev.kiln.autograd.internal.FormulaNode.saving;

import dev.kiln.autograd.Node;
import dev.kiln.autograd.Trace;
import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.FormulaNode;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.backend.Backend;
import dev.kiln.backend.ReferenceBackend;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.Map;

/**
 * Max/min reductions: over all elements ({@link #max(Tensor)}), along one dimension with the
 * positions of the winners ({@link #max(Tensor, int, boolean)}), over several dimensions
 * ({@link #amax}), and the positions alone ({@link #argmax}).
 *
 * <p>NaN wins every comparison (a row holding NaN has NaN as its max and min, as in PyTorch); on
 * ties the first position is returned. Contiguous float32 rows are reduced by the backend ({@link Backend#max}, {@link Backend#min}).
 */
public final class MaxMin {

    private MaxMin() {
    }

    /** The largest element (a scalar). The gradient is split evenly among tied maxima. */
    public static Tensor max(Tensor x) {
        return extreme("max", x, null, false, true);
    }

    /** The smallest element (a scalar). The gradient is split evenly among tied minima. */
    public static Tensor min(Tensor x) {
        return extreme("min", x, null, false, false);
    }

    /**
     * The largest elements along {@code dim} and their int64 positions along it. The values are
     * differentiable: the gradient goes to the selected element.
     */
    public static ValuesIndices max(Tensor x, int dim, boolean keepdim) {
        return alongDim("max", x, dim, keepdim, true);
    }

    /** The smallest elements along {@code dim} and their int64 positions; see {@link #max(Tensor, int, boolean)}. */
    public static ValuesIndices min(Tensor x, int dim, boolean keepdim) {
        return alongDim("min", x, dim, keepdim, false);
    }

    /** The maximum over {@code dims} (null = all). The gradient is split evenly among ties. */
    public static Tensor amax(Tensor x, int[] dims, boolean keepdim) {
        return extreme("amax", x, dims, keepdim, true);
    }

    /** The minimum over {@code dims} (null = all). The gradient is split evenly among ties. */
    public static Tensor amin(Tensor x, int[] dims, boolean keepdim) {
        return extreme("amin", x, dims, keepdim, false);
    }

    /**
     * The int64 positions of the largest elements along {@code dim}; with {@code dim} null, the
     * position in the flattened tensor (a scalar, or all-ones shape with keepdim).
     */
    public static Tensor argmax(Tensor x, Integer dim, boolean keepdim) {
        return recordArg("argmax", x, dim, keepdim, argExtreme("argmax", x, dim, keepdim, true));
    }

    /** The int64 positions of the smallest elements; see {@link #argmax}. */
    public static Tensor argmin(Tensor x, Integer dim, boolean keepdim) {
        return recordArg("argmin", x, dim, keepdim, argExtreme("argmin", x, dim, keepdim, false));
    }

    /** Reports an argmax/argmin along one dimension to an open {@link Trace} (over all elements: not recorded). */
    private static Tensor recordArg(String op, Tensor x, Integer dim, boolean keepdim, Tensor out) {
        if (dim != null && Tracing.isRecording()) {
            Tracing.record(op, out, Map.of("dim", Shape.wrapDim(op, dim, x.dim()), "keepdim", keepdim), x);
        }
        return out;
    }

    // ------------------------------------------------------------------ along one dimension

    private static ValuesIndices alongDim(String op, Tensor x, int dim, boolean keepdim, boolean max) {
        if (x.dim() == 0) {
            Shape.wrapDim(op, dim, 0);
            return new ValuesIndices(Views.view(x, new int[0]), Tensor.zeros(DType.INT64));
        }
        int d = Shape.wrapDim(op, dim, x.dim());
        Tensor idx = indicesAlong(op, x, d, max);
        int[] shape = x.shape();
        int n = shape[d];
        int inner = Shape.innerSize(shape, d);
        long[] id = TensorInternals.storage(idx).longs();
        int[] map = new int[id.length];
        for (int j = 0; j < id.length; j++) {
            int o = j / inner;
            int i = j - o * inner;
            map[j] = (o * n + (int) id[j]) * inner + i;
        }
        Tensor values = Indexing.take(x.detach().contiguous(), map, idx.shape());
        if (Engine.needsGrad(x)) {
            // ∂/∂x = g at the selected position along the dim (scatter-added into zeros), 0 elsewhere
            int[] inShape = x.shape();
            Tensor at = idx;
            Engine.record(values, FormulaNode.of("SelectedBackward", x,
                    g -> Indexing.scatterAdd(Tensor.zeros(g.dtype(), inShape), d, at, g)));
        }
        if (!keepdim) {
            values = values.squeeze(d);
            idx = idx.squeeze(d);
        }
        return new ValuesIndices(values, idx);
    }

    private static Tensor argExtreme(String op, Tensor x, Integer dim, boolean keepdim, boolean max) {
        if (dim == null) {
            Tensor flat = x.detach().reshape(-1);
            Tensor idx = indicesAlong(op, flat, 0, max);
            int[] shape = new int[keepdim ? x.dim() : 0];
            java.util.Arrays.fill(shape, 1);
            return idx.reshape(shape);
        }
        if (x.dim() == 0) {
            Shape.wrapDim(op, dim, 0);
            return Tensor.zeros(DType.INT64);
        }
        int d = Shape.wrapDim(op, dim, x.dim());
        Tensor idx = indicesAlong(op, x.detach(), d, max);
        return keepdim ? idx : idx.squeeze(d);
    }

    /** The winning positions along {@code d}, as an int64 tensor with {@code d} kept as size 1. */
    static Tensor indicesAlong(String op, Tensor x, int d, boolean max) {
        int[] shape = x.shape();
        int n = shape[d];
        if (n == 0) {
            throw new IllegalArgumentException(op + ": cannot reduce over dimension " + d + " of size 0 (shape "
                    + Shape.str(shape) + ")");
        }
        int outer = Shape.outerSize(shape, d);
        int inner = Shape.innerSize(shape, d);
        int[] outShape = shape.clone();
        outShape[d] = 1;
        long[] idx = new long[outer * inner];
        // float32, float64 and int64 as they are; bool as int64
        Tensor c = (x.dtype() == DType.BOOL ? x.detach().to(DType.INT64) : x.detach()).contiguous();
        Object data = TensorInternals.storage(c).array();
        Backend backend = c.device().backend();
        if (max) {
            backend.argmax(data, c.offset(), outer, n, inner, idx);
        } else {
            backend.argmin(data, c.offset(), outer, n, inner, idx);
        }
        return TensorInternals.wrap(Storage.wrap(idx), outShape);
    }

    /** The max (or min) of a contiguous float row, by the backend: NaN if the row holds a NaN. */
    private static float rowExtreme(Backend backend, float[] a, int off, int n, boolean max) {
        return max ? backend.max(a, off, n) : backend.min(a, off, n);
    }

    // ------------------------------------------------------------------ over several dimensions

    private static Tensor extreme(String op, Tensor x, int[] dims, boolean keepdim, boolean max) {
        boolean[] mask = Reductions.reducedMask(op, x.dim(), dims);
        int[] outShape = Reductions.reducedShape(x.shape(), mask, keepdim);
        int numOut = Shape.numel(outShape);
        long len = 1;
        for (int i = 0; i < mask.length; i++) {
            len *= mask[i] ? x.size(i) : 1;
        }
        if (len == 0) {
            throw new IllegalArgumentException(op + ": cannot reduce over zero elements (shape " + Shape.str(x.shape())
                    + (dims == null ? "" : ", dims " + Shape.str(dims)) + ")");
        }
        if (numOut == 0) {
            return Tensor.empty(x.dtype(), outShape);
        }
        Tensor rows = Reductions.rowsLast(x.detach(), mask);
        Tensor out = reduceRows(x, rows, outShape, numOut, max, mask, op.equals("max") || op.equals("min"));
        Reductions.recordReduction(op, x, out, mask, keepdim);
        return out;
    }

    private static Tensor reduceRows(Tensor x, Tensor rows, int[] outShape, int numOut, boolean max, boolean[] mask,
            boolean nanTies) {
        int len = rows.size(1);
        int off = rows.offset();
        Tensor out;
        switch (x.dtype()) {
            case FLOAT32 -> {
                float[] data = TensorInternals.floats(rows);
                float[] r = new float[numOut];
                Backend backend = rows.device().backend();
                backend.parallelFor(numOut, len, (lo, hi) -> {
                    for (int i = lo; i < hi; i++) {
                        r[i] = rowExtreme(backend, data, off + i * len, len, max);
                    }
                });
                out = TensorInternals.wrap(Storage.wrap(r), outShape);
            }
            case FLOAT64 -> {
                double[] data = TensorInternals.doubles(rows);
                double[] r = new double[numOut];
                for (int i = 0; i < numOut; i++) {
                    r[i] = ReferenceBackend.INSTANCE.extreme(data, off + i * len, len, max);
                }
                out = TensorInternals.wrap(Storage.wrap(r), outShape);
            }
            default -> {
                // int64 (and bool, as int64): the element at each row's arg-extreme
                Tensor lr = rows.to(DType.INT64).contiguous();
                long[] winners = TensorInternals.storage(indicesAlong(max ? "amax" : "amin", lr, 1, max)).longs();
                int[] positions = new int[numOut];
                for (int i = 0; i < numOut; i++) {
                    positions[i] = i * len + (int) winners[i];
                }
                out = Indexing.take(lr, positions, outShape).to(x.dtype());
            }
        }
        if (Engine.needsGrad(x)) {
            Engine.record(out, extremeBackward(x, out, mask, nanTies));
        }
        return out;
    }

    /**
     * ∂/∂x = g / (number of ties) at each element equal to the result, 0 elsewhere. For max() and
     * min() of a whole tensor whose result is NaN, the NaN elements count as the ties (PyTorch's
     * evenly_distribute_backward); amax/amin keep the plain equality (NaN matches nothing).
     */
    private static Node extremeBackward(Tensor x, Tensor result, boolean[] mask, boolean nanTies) {
        return FormulaNode.of("ExtremeBackward", inputs(x), saving(x, result), (g, s) -> {
            Tensor in = s.get(0);
            int[] shape = in.shape();
            int[] kept = Reductions.reducedShape(shape, mask, true);
            Tensor r = s.get(1).detach().reshape(kept);
            Tensor equal = in.detach().eq(r);
            if (nanTies) {
                equal = equal.logicalOr(r.isnan().logicalAnd(in.detach().isnan()));
            }
            Tensor hit = equal.to(g.dtype());
            int[] dims = Reductions.maskedDims(mask);
            Tensor count = Reductions.sum(hit, dims, true);
            Tensor spread = Reductions.expandBack(g, shape, mask);
            return new Tensor[] {spread.mul(hit.div(count))};
        });
    }
}
