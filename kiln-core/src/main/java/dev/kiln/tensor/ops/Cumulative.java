package dev.kiln.tensor.ops;

import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.FormulaNode;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;

/**
 * Cumulative sums along a dimension. The contiguous input is viewed as (outer, n, inner) and the
 * backend's {@link dev.kiln.backend.IndexingPrimitives#cumsum} runs the sums along the n axis.
 */
public final class Cumulative {
    private Cumulative() {
    }

    /**
     * {@code out[..., i, ...] = Σ_{j ≤ i} x[..., j, ...]} along {@code dim}. Integer and bool inputs
     * give int64. float32 sums are accumulated in double. ∂/∂x = the reverse cumulative sum of g,
     * {@code Σ_{j ≥ i} g[..., j, ...]}, computed as PyTorch does: {@code g.flip(dim).cumsum(dim).flip(dim)}.
     */
    public static Tensor cumsum(Tensor x, int dim) {
        int rank = x.dim();
        int d = Shape.wrapDim("cumsum", dim, rank);
        int[] shape = x.shape();
        int n = rank == 0 ? 1 : shape[d];
        DType type = x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
        Tensor c = x.detach().to(type).contiguous();
        Storage sums = Storage.allocate(type, c.numel());
        c.device().backend().cumsum(TensorInternals.storage(c).array(), c.offset(), sums.array(), Shape.outerSize(shape, d), n,
                Shape.innerSize(shape, d));
        Tensor out = TensorInternals.wrap(sums, shape);
        if (Engine.needsGrad(x)) {
            Engine.record(out, FormulaNode.of("CumsumBackward", x, g -> rank == 0 ? g : cumsum(g.flip(d), d).flip(d)));
        }
        return out;
    }
}
