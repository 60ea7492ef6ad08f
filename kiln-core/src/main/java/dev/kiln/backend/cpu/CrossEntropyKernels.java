package dev.kiln.backend.cpu;

import dev.kiln.backend.CrossEntropyTargets;
import java.util.Arrays;

/**
 * Cross-entropy over contiguous float32 rows of C logits (see {@link CrossEntropyTargets} for the
 * formula), forward and backward, rows split across threads. Each row is one vector pass for its
 * log-sum-exp ({@link SoftmaxKernels#logSumExp}) and, in the backward, one for the scaled
 * probabilities ({@link SoftmaxKernels#scaledExp}) before the target's and the smoothing's terms.
 */
final class CrossEntropyKernels {
    private CrossEntropyKernels() {
    }

    /** Each row's log-sum-exp and loss. */
    static void forward(float[] z, int zo, CrossEntropyTargets t, double[] logSumExp, double[] loss) {
        int c = t.classes();
        double eps = t.smoothing();
        double wSum = t.weightSum();
        eachRow(t, (r, y) -> {
            int base = zo + r * c;
            double lse = SoftmaxKernels.logSumExp(z, base, c);
            double v = -(1 - eps) * t.weightOf(y) * (z[base + y] - lse);
            if (eps > 0) {
                v += eps / c * (wSum * lse - weightedSum(z, base, t));
            }
            logSumExp[r] = lse;
            loss[r] = v;
        }, r -> loss[r] = 0);
    }

    /** Σ_j w[j]·z[base + j] (a vector sum without weights). */
    private static double weightedSum(float[] z, int base, CrossEntropyTargets t) {
        if (t.weight() == null) {
            return FloatVectors.sum(z, base, t.classes());
        }
        double s = 0;
        for (int j = 0; j < t.classes(); j++) {
            s += t.weight()[j] * z[base + j];
        }
        return s;
    }

    /** gz = g·∂loss/∂z, written whole (0 on ignored rows and rows with g = 0). */
    static void backward(float[] z, int zo, CrossEntropyTargets t, double[] logSumExp, double[] g, float[] gz) {
        int c = t.classes();
        double eps = t.smoothing();
        double wSum = t.weightSum();
        eachRow(t, (r, y) -> {
            int base = r * c;
            if (g[r] == 0) {
                Arrays.fill(gz, base, base + c, 0f);
                return;
            }
            double wy = t.weightOf(y);
            SoftmaxKernels.scaledExp(z, zo + base, gz, base, c, logSumExp[r], g[r] * ((1 - eps) * wy + eps / c * wSum));
            gz[base + y] -= (float) (g[r] * (1 - eps) * wy);
            if (eps > 0 && t.weight() == null) {
                FloatVectors.affine(gz, base, gz, base, c, 1f, (float) (-g[r] * eps / c));
            } else if (eps > 0) {
                for (int j = 0; j < c; j++) {
                    gz[base + j] -= (float) (g[r] * eps / c * t.weight()[j]);
                }
            }
        }, r -> Arrays.fill(gz, r * c, (r + 1) * c, 0f));
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
