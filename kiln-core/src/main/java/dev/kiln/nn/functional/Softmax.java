package dev.kiln.nn.functional;

import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.SavedTensor;
import dev.kiln.autograd.Trace;
import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.LibraryNode;
import dev.kiln.backend.cpu.FloatVectors;
import dev.kiln.backend.cpu.Parallel;
import dev.kiln.backend.cpu.ScratchPool;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.Map;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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
 *
 * <p>Under {@code createGraph} the backward runs the same formulas as tensor ops, so double
 * backward works (the fused kernels run otherwise).
 */
public final class Softmax {
    private static final int ROW_GRAIN = 1 << 13;
    private static final int BLOCK = 256;
    private static final VectorSpecies<Float> S = FloatVectors.S;
    private static final int L = S.length();

    private Softmax() {
    }

    /** Softmax along {@code dim} (negative counts from the end). */
    public static Tensor softmax(Tensor x, int dim) {
        Tensor out = run(x, dim, false);
        if (Trace.isRecording()) {
            Trace.record("softmax", out, Map.of("dim", dim), x);
        }
        return out;
    }

    /** Log-softmax along {@code dim}: stable for large |x|. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        Tensor out = run(x, dim, true);
        if (Trace.isRecording()) {
            Trace.record("log_softmax", out, Map.of("dim", dim), x);
        }
        return out;
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
            forwardFloat(TensorInternals.floats(c), c.offset(), y, outer, size, inner, log);
            out = TensorInternals.wrap(Storage.wrap(y), shape);
        } else {
            double[] y = new double[c.numel()];
            forwardDouble(TensorInternals.doubles(c), c.offset(), y, outer, size, inner, log);
            out = TensorInternals.wrap(Storage.wrap(y), shape);
        }
        if (Engine.needsGrad(x)) {
            Engine.record(out, new SoftmaxBackward(in, out, d, outer, size, inner, log));
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
        // Strided class dimension: walk blocks of the inner dimension so that every pass reads
        // contiguous memory (for each k, a run of up to BLOCK inner positions).
        int blocks = (inner + BLOCK - 1) / BLOCK;
        int items = outer * blocks;
        Parallel.forRange(items, Math.max(1, ROW_GRAIN / (size * Math.min(inner, BLOCK))), (lo, hi) -> {
            double[] m = new double[BLOCK];
            double[] s = new double[BLOCK];
            for (int item = lo; item < hi; item++) {
                int o = item / blocks;
                int i0 = (item % blocks) * BLOCK;
                int w = Math.min(BLOCK, inner - i0);
                int base = o * size * inner + i0;
                java.util.Arrays.fill(m, 0, w, Double.NEGATIVE_INFINITY);
                java.util.Arrays.fill(s, 0, w, 0);
                for (int k = 0; k < size; k++) {
                    int at = xo + base + k * inner;
                    for (int i = 0; i < w; i++) {
                        m[i] = Math.max(m[i], x[at + i]);
                    }
                }
                for (int i = 0; i < w; i++) {
                    if (m[i] == Double.NEGATIVE_INFINITY) {
                        m[i] = 0;
                    }
                }
                for (int k = 0; k < size; k++) {
                    int at = base + k * inner;
                    for (int i = 0; i < w; i++) {
                        float e = (float) Math.exp(x[xo + at + i] - m[i]);
                        s[i] += e;
                        y[at + i] = e;
                    }
                }
                for (int i = 0; i < w; i++) {
                    s[i] = log ? Math.log(s[i]) : 1 / s[i];
                }
                for (int k = 0; k < size; k++) {
                    int at = base + k * inner;
                    for (int i = 0; i < w; i++) {
                        // (x − m) − log s: x − (m + log s) would round log s away at the scale of m
                        y[at + i] = log ? (float) ((x[xo + at + i] - m[i]) - s[i]) : (float) (y[at + i] * s[i]);
                    }
                }
            }
        });
    }

    /** One contiguous row with the Vector API: max, shift, exp, sum, then scale or subtract. */
    private static void lastDimRow(float[] x, int xo, float[] y, int yo, int n, boolean log) {
        float m = softmaxShift(x, xo, n);
        if (log) {
            // (x − m) − log Σ e^(x−m): subtracting the max first keeps the float rounding relative
            // to the shifted values (x − lse in one step would round lse at the scale of m).
            float ls = (float) rowShiftedLogSum(x, xo, n, m);
            int i = 0;
            for (int up = S.loopBound(n); i < up; i += L) {
                FloatVector.fromArray(S, x, xo + i).sub(m).sub(ls).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                y[yo + i] = (x[xo + i] - m) - ls;
            }
            return;
        }
        FloatVectors.affine(x, xo, y, yo, n, 1f, -m);
        FloatVectors.exp(y, yo, y, yo, n);
        double s = FloatVectors.sum(y, yo, n);
        FloatVectors.affine(y, yo, y, yo, n, (float) (1 / s), 0f);
    }

    /**
     * The shift m of softmax over a contiguous float row: its maximum, or 0 for a row of −∞ (whose
     * softmax is then 0/0 = NaN, as PyTorch's). A +∞ maximum is kept: x − m is then NaN for the
     * +∞ entries and the whole row is NaN, as in PyTorch.
     */
    private static float softmaxShift(float[] x, int o, int n) {
        float m = rawRowMax(x, o, n);
        return m == Float.NEGATIVE_INFINITY ? 0 : m;
    }

    /** The maximum of a contiguous float row (0 when it is infinite, so that shifting stays finite: logsumexp). */
    private static float rowMax(float[] x, int o, int n) {
        float m = rawRowMax(x, o, n);
        return Float.isInfinite(m) ? 0 : m;
    }

    private static float rawRowMax(float[] x, int o, int n) {
        int i = 0;
        FloatVector vm = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int up = S.loopBound(n); i < up; i += L) {
            vm = vm.max(FloatVector.fromArray(S, x, o + i));
        }
        float m = vm.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            m = Math.max(m, x[o + i]);
        }
        return m;
    }

    /** log Σ e^x over a contiguous float row: vector max, then vector exp accumulated in lanes. */
    static double rowLogSumExp(float[] x, int o, int n) {
        float m = rowMax(x, o, n);
        return m + rowShiftedLogSum(x, o, n, m);
    }

    /** log Σ e^(x−m) over a contiguous float row, the exponentials accumulated in vector lanes. */
    private static double rowShiftedLogSum(float[] x, int o, int n, float m) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int up = S.loopBound(n); i < up; i += L) {
            acc = acc.add(FloatVector.fromArray(S, x, o + i).sub(m).lanewise(VectorOperators.EXP));
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += Math.exp(x[o + i] - m);
        }
        return Math.log(s);
    }

    /** Backward of one contiguous row: softmax gx = y(g − Σ g·y); log_softmax gx = g − e^y·Σ g. */
    private static void lastDimBackwardRow(float[] ys, int yo, float[] gs, int go, float[] gx, int n, boolean log) {
        int i = 0;
        if (log) {
            float s = (float) FloatVectors.sum(gs, go, n);
            for (int up = S.loopBound(n); i < up; i += L) {
                FloatVector e = FloatVector.fromArray(S, ys, yo + i).lanewise(VectorOperators.EXP);
                FloatVector.fromArray(S, gs, go + i).sub(e.mul(s)).intoArray(gx, yo + i);
            }
            for (; i < n; i++) {
                gx[yo + i] = (float) (gs[go + i] - Math.exp(ys[yo + i]) * s);
            }
            return;
        }
        FloatVector acc = FloatVector.zero(S);
        for (int up = S.loopBound(n); i < up; i += L) {
            acc = acc.add(FloatVector.fromArray(S, gs, go + i).mul(FloatVector.fromArray(S, ys, yo + i)));
        }
        double d = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            d += (double) gs[go + i] * ys[yo + i];
        }
        float dot = (float) d;
        i = 0;
        for (int up = S.loopBound(n); i < up; i += L) {
            FloatVector y = FloatVector.fromArray(S, ys, yo + i);
            y.mul(FloatVector.fromArray(S, gs, go + i).sub(dot)).intoArray(gx, yo + i);
        }
        for (; i < n; i++) {
            gx[yo + i] = ys[yo + i] * (gs[go + i] - dot);
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
            if (m == Double.NEGATIVE_INFINITY) {
                m = 0;
            }
            double s = 0;
            for (int k = 0; k < size; k++) {
                s += Math.exp(x[xo + base + k * inner] - m);
            }
            double logS = Math.log(s);
            for (int k = 0; k < size; k++) {
                double v = (x[xo + base + k * inner] - m) - logS;
                y[base + k * inner] = log ? v : Math.exp(v);
            }
        }
    }

    // ------------------------------------------------------------------ backward

    private static final class SoftmaxBackward extends LibraryNode {
        private final SavedTensor y;
        private final int dim;
        private final int outer;
        private final int size;
        private final int inner;
        private final boolean log;

        SoftmaxBackward(Tensor x, Tensor y, int dim, int outer, int size, int inner, boolean log) {
            super(x);
            this.y = save(y);
            this.dim = dim;
            this.outer = outer;
            this.size = size;
            this.inner = inner;
            this.log = log;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor out = y.get(this);
            if (GradMode.isEnabled()) {
                // createGraph: the same formulas from tensor ops on the saved output (whose graph
                // leads back to x), so that the gradient can be differentiated again
                Tensor gy = g.to(out.dtype());
                return new Tensor[] {log ? gy.sub(out.exp().mul(gy.sum(dim, true)))
                        : out.mul(gy.sub(gy.mul(out).sum(dim, true)))};
            }
            Tensor gc = g.to(out.dtype()).contiguous();
            int n = out.numel();
            int rows = outer * inner;
            Tensor result;
            if (out.dtype() == DType.FLOAT32) {
                float[] ys = TensorInternals.floats(out);
                float[] gs = TensorInternals.floats(gc);
                int go = gc.offset();
                float[] gx = ScratchPool.floats(n); // every element is written below
                if (inner == 1) {
                    Parallel.forRange(outer, Math.max(1, ROW_GRAIN / Math.max(size, 1)), (lo, hi) -> {
                        for (int r = lo; r < hi; r++) {
                            lastDimBackwardRow(ys, r * size, gs, go + r * size, gx, size, log);
                        }
                    });
                    return new Tensor[] {fresh(TensorInternals.wrap(Storage.wrap(gx), out.shape()), g.dtype())};
                }
                int bw = Math.min(inner, BLOCK);
                int blocks = (inner + bw - 1) / Math.max(bw, 1);
                int items = outer * blocks;
                Parallel.forRange(items, Math.max(1, ROW_GRAIN / Math.max(size * bw, 1)), (lo, hi) -> {
                    double[] s = new double[bw];
                    for (int item = lo; item < hi; item++) {
                        int o = item / blocks;
                        int i0 = (item % blocks) * bw;
                        int w = Math.min(bw, inner - i0);
                        int base = o * size * inner + i0;
                        java.util.Arrays.fill(s, 0, w, 0);
                        for (int k = 0; k < size; k++) {
                            int at = base + k * inner;
                            for (int i = 0; i < w; i++) {
                                s[i] += log ? gs[go + at + i] : (double) gs[go + at + i] * ys[at + i];
                            }
                        }
                        for (int k = 0; k < size; k++) {
                            int at = base + k * inner;
                            for (int i = 0; i < w; i++) {
                                gx[at + i] = log ? (float) (gs[go + at + i] - Math.exp(ys[at + i]) * s[i])
                                        : (float) (ys[at + i] * (gs[go + at + i] - s[i]));
                            }
                        }
                    }
                });
                result = TensorInternals.wrap(Storage.wrap(gx), out.shape());
            } else {
                double[] ys = TensorInternals.doubles(out);
                double[] gs = TensorInternals.doubles(gc);
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
                result = TensorInternals.wrap(Storage.wrap(gx), out.shape());
            }
            return new Tensor[] {fresh(result, g.dtype())};
        }

        /** {@code r} in {@code type}; either way a gradient that nothing else holds. */
        private static Tensor fresh(Tensor r, DType type) {
            return TensorInternals.markExclusiveGrad(r.to(type));
        }

        @Override
        public String name() {
            return log ? "LogSoftmaxBackward" : "SoftmaxBackward";
        }
    }
}
