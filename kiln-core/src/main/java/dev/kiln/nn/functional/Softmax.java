package dev.kiln.nn.functional;

import dev.kiln.autograd.Engine;
import dev.kiln.autograd.Node;
import dev.kiln.autograd.SavedTensor;
import dev.kiln.backend.cpu.FloatVectors;
import dev.kiln.backend.cpu.Parallel;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Storage;
import dev.kiln.tensor.Tensor;

/**
 * softmax, log_softmax and softmin along one dimension, each a single fused kernel (max
 * subtraction, exponentials and normalisation in one pass over each row), so logits of ±100
 * give finite, correct values. Rows along the last dimension of a float32 tensor use the
 * Vector API; rows are split across threads.
 *
 * <ul>
 * <li>softmax: yᵢ = e^(xᵢ−m) / Σⱼ e^(xⱼ−m), m = maxⱼ xⱼ; backward gx = y ⊙ (g − Σ g⊙y).</li>
 * <li>log_softmax: yᵢ = xᵢ − m − log Σⱼ e^(xⱼ−m); backward gx = g − e^y · Σ g.</li>
 * <li>softmin(x) = softmax(−x).</li>
 * </ul>
 */
public final class Softmax {
    private static final int ROW_GRAIN = 1 << 13;

    private Softmax() {
    }

    /** Softmax along {@code dim} (negative counts from the end). */
    public static Tensor softmax(Tensor x, int dim) {
        return run(x, dim, false);
    }

    /** Log-softmax along {@code dim}: stable for large |x|. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        return run(x, dim, true);
    }

    /** Softmin along {@code dim}: softmax(−x). */
    public static Tensor softmin(Tensor x, int dim) {
        return softmax(x.neg(), dim);
    }

    private static Tensor run(Tensor x, int dim, boolean log) {
        String op = log ? "log_softmax" : "softmax";
        Tensor in = Pointwise.floating(x);
        if (in.dim() == 0) {
            in = in.reshape(1);
            Tensor out = run(in, 0, log);
            return out.reshape();
        }
        int d = Shape.wrapDim(op, dim, in.dim());
        Tensor c = in.contiguous();
        int[] shape = c.shape();
        int size = shape[d];
        int inner = 1;
        for (int i = d + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        int outer = size == 0 ? 0 : c.numel() / (size * Math.max(inner, 1));
        Tensor out;
        if (c.dtype() == DType.FLOAT32) {
            float[] y = new float[c.numel()];
            forwardFloat(c.floatData(), c.offset(), y, outer, size, inner, log);
            out = Tensor.wrap(Storage.wrap(y), shape);
        } else {
            double[] y = new double[c.numel()];
            forwardDouble(c.doubleData(), c.offset(), y, outer, size, inner, log);
            out = Tensor.wrap(Storage.wrap(y), shape);
        }
        if (Engine.needsGrad(x)) {
            Engine.record(out, new SoftmaxBackward(in, out, outer, size, inner, log));
        }
        return out;
    }

    // ------------------------------------------------------------------ forward kernels

    private static void forwardFloat(float[] x, int xo, float[] y, int outer, int size, int inner, boolean log) {
        int rows = outer * inner;
        if (rows == 0 || size == 0) {
            return;
        }
        int grain = Math.max(1, ROW_GRAIN / size);
        if (inner == 1) {
            Parallel.forRange(rows, grain, (lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    lastDimRow(x, xo + r * size, y, r * size, size, log);
                }
            });
            return;
        }
        Parallel.forRange(rows, grain, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int o = r / inner;
                int base = o * size * inner + r % inner;
                float m = Float.NEGATIVE_INFINITY;
                for (int k = 0; k < size; k++) {
                    m = Math.max(m, x[xo + base + k * inner]);
                }
                double s = 0;
                for (int k = 0; k < size; k++) {
                    s += Math.exp(x[xo + base + k * inner] - m);
                }
                if (log) {
                    double lse = m + Math.log(s);
                    for (int k = 0; k < size; k++) {
                        y[base + k * inner] = (float) (x[xo + base + k * inner] - lse);
                    }
                } else {
                    double inv = 1 / s;
                    for (int k = 0; k < size; k++) {
                        y[base + k * inner] = (float) (Math.exp(x[xo + base + k * inner] - m) * inv);
                    }
                }
            }
        });
    }

    /** One contiguous row with the Vector API: max, shift, exp, sum, then scale or subtract. */
    private static void lastDimRow(float[] x, int xo, float[] y, int yo, int n, boolean log) {
        float m = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            m = Math.max(m, x[xo + k]);
        }
        if (m == Float.NEGATIVE_INFINITY || m == Float.POSITIVE_INFINITY || Float.isNaN(m)) {
            // Degenerate row: fall back to the scalar definition (gives NaN like PyTorch).
            m = 0;
        }
        FloatVectors.affine(x, xo, y, yo, n, 1f, -m);
        if (log) {
            double s = 0;
            for (int k = 0; k < n; k++) {
                s += Math.exp(y[yo + k]);
            }
            float l = (float) Math.log(s);
            FloatVectors.affine(y, yo, y, yo, n, 1f, -l);
        } else {
            FloatVectors.exp(y, yo, y, yo, n);
            double s = FloatVectors.sum(y, yo, n);
            FloatVectors.affine(y, yo, y, yo, n, (float) (1 / s), 0f);
        }
    }

    private static void forwardDouble(double[] x, int xo, double[] y, int outer, int size, int inner, boolean log) {
        int rows = outer * inner;
        for (int r = 0; r < rows; r++) {
            int o = r / inner;
            int base = o * size * inner + r % inner;
            double m = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < size; k++) {
                m = Math.max(m, x[xo + base + k * inner]);
            }
            if (Double.isInfinite(m)) {
                m = 0;
            }
            double s = 0;
            for (int k = 0; k < size; k++) {
                s += Math.exp(x[xo + base + k * inner] - m);
            }
            double lse = m + Math.log(s);
            for (int k = 0; k < size; k++) {
                double v = x[xo + base + k * inner] - lse;
                y[base + k * inner] = log ? v : Math.exp(v);
            }
        }
    }

    // ------------------------------------------------------------------ backward

    private static final class SoftmaxBackward extends Node {
        private final SavedTensor y;
        private final int outer;
        private final int size;
        private final int inner;
        private final boolean log;

        SoftmaxBackward(Tensor x, Tensor y, int outer, int size, int inner, boolean log) {
            super(x);
            this.y = save(y);
            this.outer = outer;
            this.size = size;
            this.inner = inner;
            this.log = log;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor out = y.get(this);
            Tensor gc = g.to(out.dtype()).contiguous();
            int n = out.numel();
            int rows = outer * inner;
            int grain = Math.max(1, ROW_GRAIN / Math.max(size, 1));
            Tensor result;
            if (out.dtype() == DType.FLOAT32) {
                float[] ys = out.floatData();
                float[] gs = gc.floatData();
                int go = gc.offset();
                float[] gx = new float[n];
                Parallel.forRange(rows, grain, (lo, hi) -> {
                    for (int r = lo; r < hi; r++) {
                        int base = (r / inner) * size * inner + r % inner;
                        double s = 0;
                        for (int k = 0; k < size; k++) {
                            int i = base + k * inner;
                            s += log ? gs[go + i] : (double) gs[go + i] * ys[i];
                        }
                        for (int k = 0; k < size; k++) {
                            int i = base + k * inner;
                            gx[i] = log ? (float) (gs[go + i] - Math.exp(ys[i]) * s) : (float) (ys[i] * (gs[go + i] - s));
                        }
                    }
                });
                result = Tensor.wrap(Storage.wrap(gx), out.shape());
            } else {
                double[] ys = out.doubleData();
                double[] gs = gc.doubleData();
                int go = gc.offset();
                double[] gx = new double[n];
                for (int r = 0; r < rows; r++) {
                    int base = (r / inner) * size * inner + r % inner;
                    double s = 0;
                    for (int k = 0; k < size; k++) {
                        int i = base + k * inner;
                        s += log ? gs[go + i] : gs[go + i] * ys[i];
                    }
                    for (int k = 0; k < size; k++) {
                        int i = base + k * inner;
                        gx[i] = log ? gs[go + i] - Math.exp(ys[i]) * s : ys[i] * (gs[go + i] - s);
                    }
                }
                result = Tensor.wrap(Storage.wrap(gx), out.shape());
            }
            return new Tensor[] {result.to(g.dtype())};
        }

        @Override
        public String name() {
            return log ? "LogSoftmaxBackward" : "SoftmaxBackward";
        }
    }
}
