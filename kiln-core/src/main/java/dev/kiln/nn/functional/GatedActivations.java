package dev.kiln.nn.functional;

import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.LibraryNode;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.Map;

/** Activations that change the shape: GLU, CReLU and Maxout. */
public final class GatedActivations {
    private GatedActivations() {
    }

    /**
     * {@return gated linear unit: split x in halves (a, b) along {@code dim}; the output is a·σ(b), half
     * as large along {@code dim}}
     *
     * @param x the input; its size along {@code dim} is even (glu) or a multiple of {@code poolSize} (maxout)
     * @param dim the dimension split in two halves (glu) or pooled (maxout); negative counts from the end
     */
    public static Tensor glu(Tensor x, int dim) {
        int d = Shape.wrapDim("glu", dim, x.dim());
        int n = x.size(d);
        if (n % 2 != 0) {
            throw new IllegalArgumentException("glu: dimension " + dim + " of input " + Shape.str(x.shape())
                    + " has odd size " + n + "; expected an even size to split in halves");
        }
        Tensor a = x.narrow(d, 0, n / 2);
        Tensor b = x.narrow(d, n / 2, n / 2);
        return a.mul(b.sigmoid());
    }

    /**
     * {@return GLU along the last dimension}
     *
     * @param x the input; its size along {@code dim} is even (glu) or a multiple of {@code poolSize} (maxout)
     */
    public static Tensor glu(Tensor x) {
        return glu(x, -1);
    }

    /**
     * {@return concatenated ReLU: cat([relu(x), relu(−x)], dim 1), so (N, C, …) gives (N, 2C, …) (a 1-D
     * input (C) gives (2C))} At x = 0 both halves have derivative 0.
     *
     * @param x the input; its size along {@code dim} is even (glu) or a multiple of {@code poolSize} (maxout)
     */
    public static Tensor crelu(Tensor x) {
        if (x.dim() == 0) {
            throw new IllegalArgumentException("crelu: expected an input with at least 1 dimension, got a scalar");
        }
        Tensor in = Pointwise.floating(x).contiguous();
        int[] shape = in.shape();
        int cd = in.dim() == 1 ? 0 : 1;
        int outer = 1;
        for (int i = 0; i < cd; i++) {
            outer *= shape[i];
        }
        int block = in.numel() / Math.max(outer, 1);
        int[] outShape = shape.clone();
        outShape[cd] *= 2;
        double[] v = in.toDoubleArray();
        double[] y = new double[v.length * 2];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < block; j++) {
                double s = v[o * block + j];
                y[o * 2 * block + j] = s > 0 ? s : 0;
                y[o * 2 * block + block + j] = s < 0 ? -s : 0;
            }
        }
        Tensor out = TensorInternals.wrap(Storage.wrap(y), outShape).to(in.dtype());
        Tracing.record("crelu", out, x);
        if (Engine.needsGrad(x)) {
            Engine.record(out, new CReluBackward(in, v, outer, block));
        }
        return out;
    }

    /**
     * {@return maxout: groups of {@code poolSize} consecutive features along {@code dim} are reduced to
     * their maximum, so (N, C·k) gives (N, C)} The gradient goes to the arg-max (the first one
     * on ties).
     *
     * @param x the input; its size along {@code dim} is even (glu) or a multiple of {@code poolSize} (maxout)
     * @param poolSize the number of consecutive channels each output takes the maximum of (divides the size along {@code dim})
     * @param dim the dimension split in two halves (glu) or pooled (maxout); negative counts from the end
     */
    public static Tensor maxout(Tensor x, int poolSize, int dim) {
        int d = Shape.wrapDim("maxout", dim, x.dim());
        int n = x.size(d);
        if (poolSize < 1 || n % poolSize != 0) {
            throw new IllegalArgumentException("maxout: dimension " + dim + " of input " + Shape.str(x.shape())
                    + " (size " + n + ") is not divisible by pool_size " + poolSize);
        }
        Tensor in = Pointwise.floating(x).contiguous();
        int[] shape = in.shape();
        int inner = Shape.innerSize(shape, d);
        int outer = in.numel() / (n * inner);
        int groups = n / poolSize;
        int[] outShape = shape.clone();
        outShape[d] = groups;
        double[] v = in.toDoubleArray();
        double[] y = new double[outer * groups * inner];
        int[] arg = new int[y.length];
        for (int o = 0; o < outer; o++) {
            for (int gi = 0; gi < groups; gi++) {
                for (int i = 0; i < inner; i++) {
                    int best = (o * n + gi * poolSize) * inner + i;
                    for (int j = 1; j < poolSize; j++) {
                        int idx = (o * n + gi * poolSize + j) * inner + i;
                        if (v[idx] > v[best] || Double.isNaN(v[idx])) {
                            best = idx;
                        }
                    }
                    int oi = (o * groups + gi) * inner + i;
                    y[oi] = v[best];
                    arg[oi] = best;
                }
            }
        }
        Tensor out = TensorInternals.wrap(Storage.wrap(y), outShape).to(in.dtype());
        if (Tracing.isRecording()) {
            Tracing.record("maxout", out, Map.of("pool", poolSize, "dim", d), x);
        }
        if (Engine.needsGrad(x)) {
            Engine.record(out, new MaxoutBackward(in, arg));
        }
        return out;
    }

    /**
     * {@return maxout over dimension 1}
     *
     * @param x the input; its size along {@code dim} is even (glu) or a multiple of {@code poolSize} (maxout)
     * @param poolSize the number of consecutive channels each output takes the maximum of (divides the size along {@code dim})
     */
    public static Tensor maxout(Tensor x, int poolSize) {
        return maxout(x, poolSize, 1);
    }

    private static final class CReluBackward extends LibraryNode {
        private final double[] x;
        private final int outer;
        private final int block;
        private final int[] shape;
        private final DType type;

        CReluBackward(Tensor in, double[] x, int outer, int block) {
            super(in);
            this.x = x;
            this.outer = outer;
            this.block = block;
            this.shape = in.shape();
            this.type = in.dtype();
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            double[] gs = g.toDoubleArray();
            double[] gx = new double[x.length];
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < block; j++) {
                    double s = x[o * block + j];
                    gx[o * block + j] = s > 0 ? gs[o * 2 * block + j] : (s < 0 ? -gs[o * 2 * block + block + j] : 0);
                }
            }
            return new Tensor[] {TensorInternals.wrap(Storage.wrap(gx), shape).to(type)};
        }

        @Override
        public String name() {
            return "CReluBackward";
        }
    }

    private static final class MaxoutBackward extends LibraryNode {
        private final int[] arg;
        private final int[] shape;
        private final int numel;
        private final DType type;

        MaxoutBackward(Tensor in, int[] arg) {
            super(in);
            this.arg = arg;
            this.shape = in.shape();
            this.numel = in.numel();
            this.type = in.dtype();
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            double[] gs = g.toDoubleArray();
            double[] gx = new double[numel];
            for (int i = 0; i < arg.length; i++) {
                gx[arg[i]] += gs[i];
            }
            return new Tensor[] {TensorInternals.wrap(Storage.wrap(gx), shape).to(type)};
        }

        @Override
        public String name() {
            return "MaxoutBackward";
        }
    }
}
