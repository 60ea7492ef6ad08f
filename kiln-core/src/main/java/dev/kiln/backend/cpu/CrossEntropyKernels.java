package dev.kiln.backend.cpu;

import dev.kiln.backend.BinaryCrossEntropy;
import dev.kiln.backend.CrossEntropyTargets;
import java.util.Arrays;

/**
 * Cross-entropy over float32 rows of C logits (see {@link CrossEntropyTargets} for the formula and
 * the layout), forward and backward, rows split across threads. A contiguous row (an (N, C) input) is
 * one vector pass for its log-sum-exp ({@link SoftmaxKernels#logSumExp}) and, in the backward, one for
 * the scaled probabilities ({@link SoftmaxKernels#scaledExp}) before the target's and the smoothing's
 * terms; a strided row (the class dimension of an (N, C, d1, …) input) is a scalar loop in float64.
 * The binary cross-entropy on logits is an element loop in float64.
 */
final class CrossEntropyKernels {
    private CrossEntropyKernels() {
    }

    /** Each row's log-sum-exp and loss. */
    static void forward(float[] z, int zo, CrossEntropyTargets t, double[] logSumExp, double[] loss) {
        int c = t.classes();
        int inner = t.inner();
        double eps = t.smoothing();
        double wSum = t.weightSum();
        eachRow(t, (r, y) -> {
            int base = zo + t.start(r);
            double lse = inner == 1 ? SoftmaxKernels.logSumExp(z, base, c) : stridedLogSumExp(z, base, c, inner);
            double v = -(1 - eps) * t.weightOf(y) * (z[base + y * inner] - lse);
            if (eps > 0) {
                v += eps / c * (wSum * lse - weightedSum(z, base, t));
            }
            logSumExp[r] = lse;
            loss[r] = v;
        }, r -> loss[r] = 0);
    }

    /** log Σ_j e^(z[base + j·inner]) in float64, shifted by the row maximum (0 when it is infinite). */
    private static double stridedLogSumExp(float[] z, int base, int c, int inner) {
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
            m = Math.max(m, z[base + j * inner]);
        }
        if (Double.isInfinite(m)) {
            m = 0;
        }
        double s = 0;
        for (int j = 0; j < c; j++) {
            s += Math.exp(z[base + j * inner] - m);
        }
        return m + Math.log(s);
    }

    /** Σ_j w[j]·z[base + j·inner] (a vector sum for a contiguous row without weights). */
    private static double weightedSum(float[] z, int base, CrossEntropyTargets t) {
        if (t.weight() == null && t.inner() == 1) {
            return FloatVectors.sum(z, base, t.classes());
        }
        double s = 0;
        for (int j = 0; j < t.classes(); j++) {
            s += t.weightOf(j) * z[base + j * t.inner()];
        }
        return s;
    }

    /** gz = g·∂loss/∂z in the logits' layout, written whole (0 on ignored rows and rows with g = 0). */
    static void backward(float[] z, int zo, CrossEntropyTargets t, double[] logSumExp, double[] g, float[] gz) {
        int c = t.classes();
        int inner = t.inner();
        double eps = t.smoothing();
        double wSum = t.weightSum();
        eachRow(t, (r, y) -> {
            int base = t.start(r);
            if (g[r] == 0) {
                zero(gz, base, c, inner);
                return;
            }
            double wy = t.weightOf(y);
            double a = (1 - eps) * wy + eps / c * wSum;
            if (inner > 1) {
                for (int j = 0; j < c; j++) {
                    int at = base + j * inner;
                    double d = a * Math.exp(z[zo + at] - logSumExp[r]) - (j == y ? (1 - eps) * wy : 0) - eps / c * t.weightOf(j);
                    gz[at] = (float) (g[r] * d);
                }
                return;
            }
            SoftmaxKernels.scaledExp(z, zo + base, gz, base, c, logSumExp[r], g[r] * a);
            gz[base + y] -= (float) (g[r] * (1 - eps) * wy);
            if (eps > 0 && t.weight() == null) {
                FloatVectors.affine(gz, base, gz, base, c, 1f, (float) (-g[r] * eps / c));
            } else if (eps > 0) {
                for (int j = 0; j < c; j++) {
                    gz[base + j] -= (float) (g[r] * eps / c * t.weight()[j]);
                }
            }
        }, r -> zero(gz, t.start(r), c, inner));
    }

    /** Zeroes the c elements of one row from base, inner apart. */
    private static void zero(float[] gz, int base, int c, int inner) {
        if (inner == 1) {
            Arrays.fill(gz, base, base + c, 0f);
            return;
        }
        for (int j = 0; j < c; j++) {
            gz[base + j * inner] = 0;
        }
    }

    /** Binary cross-entropy on logits, element by element in float64 (the formula of {@link BinaryCrossEntropy}), across threads. */
    static void binaryForward(float[] x, int xo, double[] y, double[] loss, int n) {
        Parallel.forRange(n, Parallel.ELEMENTWISE_GRAIN, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                loss[i] = BinaryCrossEntropy.loss(x[xo + i], y[i]);
            }
        });
    }

    /** gx = g·(σ(x) − y), element by element in float64, rounded once. */
    static void binaryBackward(float[] x, int xo, double[] y, double[] g, float[] gx, int n) {
        Parallel.forRange(n, Parallel.ELEMENTWISE_GRAIN, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                gx[i] = (float) (g[i] * BinaryCrossEntropy.gradient(x[xo + i], y[i]));
            }
        });
    }

    /** The work on one row r with target y ≥ 0. */
    @FunctionalInterface
    private interface RowBody {
        void row(int r, int y);
    }

    /** The work on an ignored row r. */
    @FunctionalInterface
    private interface IgnoredRow {
        void row(int r);
    }

    /** Runs {@code body} on each row with a target and {@code ignored} on the others, rows split across threads when they hold enough work. */
    private static void eachRow(CrossEntropyTargets t, RowBody body, IgnoredRow ignored) {
        int grain = Math.max(1, Parallel.ELEMENTWISE_GRAIN / Math.max(2 * t.classes(), 1));
        Parallel.forRange(t.rows(), grain, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int y = t.target()[r];
                if (y < 0) {
                    ignored.row(r);
                } else {
                    body.row(r, y);
                }
            }
        });
    }
}
