package dev.kiln.backend;

import java.util.Arrays;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * The plain loops behind {@link ElementwisePrimitives}' default methods: the float64 and int64
 * element-wise paths of every backend, and the float32 primitives a backend has no fast kernel for
 * (computed in float64 and rounded once). Each loop states its formula; none is split across threads
 * (the tensor ops split large runs with {@link Backend#parallelFor}).
 */
final class ReferenceElementwise {
    private ReferenceElementwise() {
    }

    // ------------------------------------------------------------------ float32 without a fast kernel

    static void binary(BinaryFunction f, float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n) {
        for (int i = 0; i < n; i++) {
            c[co + i] = (float) f.apply((double) a[ao + i * as], (double) b[bo + i * bs]);
        }
    }

    static void clamp(float[] x, int xo, float[] y, int yo, int n, float lo, float hi) {
        float low = Math.min(lo, hi);
        for (int i = 0; i < n; i++) {
            y[yo + i] = (float) clamped(x[xo + i], low, hi); // one of x, lo, hi: exact in float32
        }
    }

    /** {@return v limited to [lo, hi] (lo ≤ hi): lo below, hi above, v otherwise (NaN included)} */
    private static double clamped(double v, double lo, double hi) {
        return v < lo ? lo : v > hi ? hi : v;
    }

    // ------------------------------------------------------------------ float64

    static void map(MathFunction f, double[] x, int xo, double[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = f.apply(x[xo + i]);
        }
    }

    static void affine(double[] x, int xo, double[] y, int yo, int n, double scale, double shift) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = x[xo + i] * scale + shift;
        }
    }

    static void add(double[] a, int ao, int as, double[] b, int bo, int bs, double[] c, int co, int n, double alpha) {
        for (int i = 0; i < n; i++) {
            c[co + i] = a[ao + i * as] + alpha * b[bo + i * bs];
        }
    }

    static void binary(BinaryFunction f, double[] a, int ao, int as, double[] b, int bo, int bs, double[] c, int co, int n) {
        for (int i = 0; i < n; i++) {
            c[co + i] = f.apply(a[ao + i * as], b[bo + i * bs]);
        }
    }

    static void clamp(double[] x, int xo, double[] y, int yo, int n, double lo, double hi) {
        double low = Math.min(lo, hi); // lo > hi: every element becomes hi
        for (int i = 0; i < n; i++) {
            y[yo + i] = clamped(x[xo + i], low, hi);
        }
    }

    static void activationForward(Activation f, double[] x, int xo, double[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = f.value(x[xo + i]);
        }
    }

    static void activationBackward(Activation f, double[] x, int xo, double[] g, int go, double[] gx, int gxo, int n) {
        for (int i = 0; i < n; i++) {
            gx[gxo + i] = g[go + i] * f.derivative(x[xo + i]);
        }
    }

    // ------------------------------------------------------------------ int64 (two loops: one operand, two operands)

    static void map(MathFunction f, long[] x, int xo, long[] y, int yo, int n) {
        each(x, xo, y, yo, n, f::apply);
    }

    static void affine(long[] x, int xo, long[] y, int yo, int n, long scale, long shift) {
        each(x, xo, y, yo, n, v -> v * scale + shift);
    }

    static void clamp(long[] x, int xo, long[] y, int yo, int n, double lo, double hi) {
        each(x, xo, y, yo, n, v -> (long) Math.min(Math.max(v, lo), hi)); // in float64, exact up to 2^53
    }

    static void add(long[] a, int ao, int as, long[] b, int bo, int bs, long[] c, int co, int n, long alpha) {
        pairs(a, ao, as, b, bo, bs, c, co, n, (p, q) -> p + alpha * q);
    }

    static void binary(BinaryFunction f, long[] a, int ao, int as, long[] b, int bo, int bs, long[] c, int co, int n) {
        pairs(a, ao, as, b, bo, bs, c, co, n, f::apply);
    }

    /** y[yo+i] = f(x[xo+i]) for i &lt; n. */
    private static void each(long[] x, int xo, long[] y, int yo, int n, LongUnaryOperator f) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = f.applyAsLong(x[xo + i]);
        }
    }

    /** c[co+i] = f(a[ao+i·as], b[bo+i·bs]) for i &lt; n. */
    private static void pairs(long[] a, int ao, int as, long[] b, int bo, int bs, long[] c, int co, int n, LongBinaryOperator f) {
        for (int i = 0; i < n; i++) {
            c[co + i] = f.applyAsLong(a[ao + i * as], b[bo + i * bs]);
        }
    }

    // ------------------------------------------------------------------ padding

    /**
     * For every output element (row-major over {@code outShape}), the index relative to the input's
     * first element that it reads, or −1 for the constant.
     */
    static int[] padSources(Border border, int[] inShape, int[] before, int[] outShape) {
        int rank = inShape.length;
        int[][] source = new int[rank][];
        int[] inStride = new int[rank];
        int stride = 1;
        for (int d = rank - 1; d >= 0; d--) {
            inStride[d] = stride;
            stride *= inShape[d];
            source[d] = new int[outShape[d]];
            for (int o = 0; o < outShape[d]; o++) {
                int s = border.source(o - before[d], inShape[d]);
                source[d][o] = s < 0 ? -1 : s * inStride[d];
            }
        }
        int count = 1;
        for (int size : outShape) {
            count *= size;
        }
        int[] from = new int[count];
        int[] index = new int[rank];
        for (int o = 0; o < count; o++) {
            int s = 0;
            for (int d = 0; d < rank && s >= 0; d++) {
                int part = source[d][index[d]];
                s = part < 0 ? -1 : s + part;
            }
            from[o] = s;
            for (int d = rank - 1; d >= 0 && ++index[d] == outShape[d]; d--) {
                index[d] = 0;
            }
        }
        return from;
    }

    static void pad(Border border, int[] inShape, int[] before, int[] outShape, float[] x, int xo, float[] y, float value) {
        int[] from = padSources(border, inShape, before, outShape);
        for (int o = 0; o < from.length; o++) {
            y[o] = from[o] < 0 ? value : x[xo + from[o]];
        }
    }

    static void pad(Border border, int[] inShape, int[] before, int[] outShape, double[] x, int xo, double[] y, double value) {
        int[] from = padSources(border, inShape, before, outShape);
        for (int o = 0; o < from.length; o++) {
            y[o] = from[o] < 0 ? value : x[xo + from[o]];
        }
    }

    static void padBackward(Border border, int[] inShape, int[] before, int[] outShape, float[] g, int go, float[] gx) {
        double[] sum = new double[gx.length];
        padBackward(border, inShape, before, outShape, widen(g, go, count(outShape)), 0, sum);
        for (int i = 0; i < sum.length; i++) {
            gx[i] = (float) sum[i];
        }
    }

    static void padBackward(Border border, int[] inShape, int[] before, int[] outShape, double[] g, int go, double[] gx) {
        int[] from = padSources(border, inShape, before, outShape);
        Arrays.fill(gx, 0, count(inShape), 0);
        for (int o = 0; o < from.length; o++) {
            if (from[o] >= 0) {
                gx[from[o]] += g[go + o];
            }
        }
    }

    // ------------------------------------------------------------------ negative log-likelihood

    /** {@return the index of row r's target log-probability, relative to the first, or −1 for an ignored row} */
    private static int targetIndex(CrossEntropyTargets t, int r) {
        int y = t.target()[r];
        return y < 0 ? -1 : t.start(r) + y * t.inner();
    }

    /** {@return −w[y_r], the factor on row r's target log-probability (unused for an ignored row)} */
    private static double negativeWeight(CrossEntropyTargets t, int r) {
        int y = t.target()[r];
        return y < 0 ? 0 : -t.weightOf(y);
    }

    static void nllLoss(float[] x, int xo, CrossEntropyTargets t, double[] loss) {
        for (int r = 0; r < t.rows(); r++) {
            int i = targetIndex(t, r);
            loss[r] = i < 0 ? 0 : negativeWeight(t, r) * x[xo + i];
        }
    }

    static void nllLoss(double[] x, int xo, CrossEntropyTargets t, double[] loss) {
        for (int r = 0; r < t.rows(); r++) {
            int i = targetIndex(t, r);
            loss[r] = i < 0 ? 0 : negativeWeight(t, r) * x[xo + i];
        }
    }

    static void nllLossBackward(CrossEntropyTargets t, double[] g, float[] gx) {
        Arrays.fill(gx, 0f);
        for (int r = 0; r < t.rows(); r++) {
            int i = targetIndex(t, r);
            if (i >= 0) {
                gx[i] = (float) (negativeWeight(t, r) * g[r]);
            }
        }
    }

    static void nllLossBackward(CrossEntropyTargets t, double[] g, double[] gx) {
        Arrays.fill(gx, 0);
        for (int r = 0; r < t.rows(); r++) {
            int i = targetIndex(t, r);
            if (i >= 0) {
                gx[i] = negativeWeight(t, r) * g[r];
            }
        }
    }

    private static int count(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    private static double[] widen(float[] x, int xo, int n) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = x[xo + i];
        }
        return r;
    }
}
