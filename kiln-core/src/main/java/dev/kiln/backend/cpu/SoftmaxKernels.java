package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax and log-softmax along the middle axis of a contiguous (outer, size, inner) block, forward
 * and backward, and the row log-sum-exp of cross-entropy. Contiguous rows (inner = 1) run with the
 * Vector API (max, shift, exp, sum, then scale or subtract); a strided class axis is walked in
 * blocks of the inner axis so that every pass reads contiguous memory. Rows are split across threads.
 */
final class SoftmaxKernels {
    private static final int ROW_GRAIN = 1 << 13;
    private static final int BLOCK = 256;
    private static final VectorSpecies<Float> S = FloatVectors.S;
    private static final int L = S.length();

    private SoftmaxKernels() {
    }

    /** Forward along the middle axis of (outer, size, inner); y contiguous from 0. */
    static void forward(float[] x, int xo, float[] y, int outer, int size, int inner, boolean log) {
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
    static double logSumExp(float[] x, int o, int n) {
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
        double s = FloatVectors.sumLanes(acc);
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
        double d = FloatVectors.sumLanes(acc);
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

    /** Backward along the middle axis of (outer, size, inner): see {@code Backend.softmaxBackward}. */
    static void backward(float[] ys, float[] gs, int go, float[] gx, int outer, int size, int inner, boolean log) {
        if (outer * inner == 0 || size == 0) {
            return;
        }
        if (inner == 1) {
            Parallel.forRange(outer, Math.max(1, ROW_GRAIN / Math.max(size, 1)), (lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    lastDimBackwardRow(ys, r * size, gs, go + r * size, gx, size, log);
                }
            });
            return;
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
    }

    /** y = scale·e^(x − shift) over a contiguous run (the tail in float64). */
    static void scaledExp(float[] x, int xo, float[] y, int yo, int n, double shift, double scale) {
        int i = 0;
        float fs = (float) shift;
        float fm = (float) scale;
        for (int up = S.loopBound(n); i < up; i += L) {
            FloatVector.fromArray(S, x, xo + i).sub(fs).lanewise(VectorOperators.EXP).mul(fm).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = (float) (scale * Math.exp(x[xo + i] - shift));
        }
    }
}
