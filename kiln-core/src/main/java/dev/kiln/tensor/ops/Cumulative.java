package dev.kiln.tensor.ops;

import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.LibraryNode;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;

/**
 * Cumulative sums along a dimension. Viewing the contiguous input as (outer, n, inner), each of the
 * outer·inner running sums walks its n elements in the order {@code scanOrder} lists them; floating
 * inputs accumulate in float64 (float32 rounded once per output), integer and bool inputs in int64.
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
        int[] order = scanOrder(outer, n, inner, reverse);
        Tensor out;
        // each line's partial sums in place: element j of a line adds the (already summed) element j − 1
        if (x.dtype().isFloatingPoint()) {
            // float32 and float64 alike accumulate in float64; float32 rounds each partial sum once
            double[] r = x.detach().toDoubleArray();
            for (int j = 0; j < order.length; j++) {
                r[order[j]] += j % n == 0 ? 0 : r[order[j - 1]];
            }
            out = Copies.fromFloat64(r, shape, x.dtype());
        } else {
            long[] r = x.detach().toLongArray();
            for (int j = 0; j < order.length; j++) {
                r[order[j]] += j % n == 0 ? 0 : r[order[j - 1]];
            }
            out = TensorInternals.wrap(Storage.wrap(r), shape);
        }
        if (Engine.needsGrad(x)) {
            Engine.record(out, new ScanBackward(x, d, reverse));
        }
        return out;
    }

    /**
     * The row-major positions of a contiguous (outer, n, inner) tensor, one scanned line after another
     * (n positions each, along the middle dimension, from the back when {@code reverse}).
     */
    private static int[] scanOrder(int outer, int n, int inner, boolean reverse) {
        int[] order = new int[outer * n * inner];
        int j = 0;
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                for (int s = 0; s < n; s++) {
                    order[j++] = (o * n + (reverse ? n - 1 - s : s)) * inner + i;
                }
            }
        }
        return order;
    }

    private static final class ScanBackward extends LibraryNode {
        private final int dim;
        private final boolean reverse;

        ScanBackward(Tensor x, int dim, boolean reverse) {
            super(x);
            this.dim = dim;
            this.reverse = reverse;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {scan(g, dim, !reverse)};
        }

        @Override
        public String name() {
            return reverse ? "ReverseCumsumBackward" : "CumsumBackward";
        }
    }
}
