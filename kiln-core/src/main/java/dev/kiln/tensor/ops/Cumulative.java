package dev.kiln.tensor.ops;

import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.FormulaNode;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;

/**
 * Cumulative sums along a dimension. Viewing the contiguous input as (outer, n, inner), each
 * running sum walks the n axis with a stride of inner; for inner &gt; 1 whole rows of inner
 * elements are added at once, which keeps the inner loop contiguous.
 */
public final class Cumulative {
    private Cumulative() {
    }

    /**
     * {@code out[..., i, ...] = Σ_{j ≤ i} x[..., j, ...]} along {@code dim}. Integer and bool inputs
     * give int64. float32 sums are accumulated in double. ∂/∂x = the reverse cumulative sum of g:
     * {@code Σ_{j ≥ i} g[..., j, ...]}.
     */
    public static Tensor cumsum(Tensor x, int dim) {
        return scan(x, dim, false);
    }

    /** A cumulative sum from the front ({@code reverse = false}) or from the back; each is the other's backward. */
    private static Tensor scan(Tensor x, int dim, boolean reverse) {
        int rank = x.dim();
        int d = Shape.wrapDim("cumsum", dim, rank);
        int[] shape = x.shape();
        int n = rank == 0 ? 1 : shape[d];
        int outer = Shape.outerSize(shape, d);
        int inner = Shape.innerSize(shape, d);
        DType type = x.dtype().isFloatingPoint() ? x.dtype() : DType.INT64;
        Tensor c = x.detach().to(type).contiguous();
        int off = c.offset();
        int total = outer * n * inner;
        Tensor out;
        switch (type) {
            case FLOAT32 -> {
                float[] src = TensorInternals.floats(c);
                float[] r = new float[total];
                if (inner == 1 && !reverse) {
                    // rows along the last dimension: one running sum per row
                    for (int o = 0; o < outer; o++) {
                        double acc = 0;
                        int base = o * n;
                        for (int k = 0; k < n; k++) {
                            acc += src[off + base + k];
                            r[base + k] = (float) acc;
                        }
                    }
                    out = TensorInternals.wrap(Storage.wrap(r), shape);
                    break;
                }
                double[] acc = new double[inner];
                for (int o = 0; o < outer; o++) {
                    java.util.Arrays.fill(acc, 0);
                    for (int s = 0; s < n; s++) {
                        int k = reverse ? n - 1 - s : s;
                        int base = (o * n + k) * inner;
                        for (int i = 0; i < inner; i++) {
                            acc[i] += src[off + base + i];
                            r[base + i] = (float) acc[i];
                        }
                    }
                }
                out = TensorInternals.wrap(Storage.wrap(r), shape);
            }
            case FLOAT64 -> {
                double[] src = TensorInternals.doubles(c);
                double[] r = new double[total];
                double[] acc = new double[inner];
                for (int o = 0; o < outer; o++) {
                    java.util.Arrays.fill(acc, 0);
                    for (int s = 0; s < n; s++) {
                        int k = reverse ? n - 1 - s : s;
                        int base = (o * n + k) * inner;
                        for (int i = 0; i < inner; i++) {
                            acc[i] += src[off + base + i];
                            r[base + i] = acc[i];
                        }
                    }
                }
                out = TensorInternals.wrap(Storage.wrap(r), shape);
            }
            default -> {
                long[] src = TensorInternals.storage(c).longs();
                long[] r = new long[total];
                long[] acc = new long[inner];
                for (int o = 0; o < outer; o++) {
                    java.util.Arrays.fill(acc, 0);
                    for (int s = 0; s < n; s++) {
                        int k = reverse ? n - 1 - s : s;
                        int base = (o * n + k) * inner;
                        for (int i = 0; i < inner; i++) {
                            acc[i] += src[off + base + i];
                            r[base + i] = acc[i];
                        }
                    }
                }
                out = TensorInternals.wrap(Storage.wrap(r), shape);
            }
        }
        if (Engine.needsGrad(x)) {
            Engine.record(out, FormulaNode.of(reverse ? "ReverseCumsumBackward" : "CumsumBackward", x, g -> scan(g, d, !reverse)));
        }
        return out;
    }
}
