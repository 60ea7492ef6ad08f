package dev.kiln.backend;

/**
 * The float64 softmax-family loops of {@link ReferenceBackend}: softmax and log-softmax along the
 * middle axis of (outer, size, inner), their backward, and the cross-entropy rows (see
 * {@link CrossEntropyTargets}). Plain loops, one row at a time, every sum in float64.
 */
final class ReferenceSoftmax {
    private ReferenceSoftmax() {
    }

    /** (Log-)softmax of each row: (x − m) − log Σ e^(x − m), exponentiated unless {@code log}. */
    static void forward(double[] x, int xo, double[] y, int outer, int size, int inner, boolean log) {
        for (int r = 0; r < outer * inner; r++) {
            int base = (r / inner) * size * inner + r % inner;
            double m = shift(x, xo + base, size, inner);
            double logS = Math.log(shiftedSum(x, xo + base, size, inner, m));
            for (int k = 0; k < size; k++) {
                double v = (x[xo + base + k * inner] - m) - logS;
                y[base + k * inner] = log ? v : Math.exp(v);
            }
        }
    }

    /** Softmax backward gx = y·(g − Σ g·y), or log-softmax backward gx = g − e^y·Σ g. */
    static void backward(double[] y, double[] g, int go, double[] gx, int outer, int size, int inner, boolean log) {
        for (int r = 0; r < outer * inner; r++) {
            int base = (r / inner) * size * inner + r % inner;
            double s = 0;
            for (int k = 0; k < size; k++) {
                int i = base + k * inner;
                s += log ? g[go + i] : g[go + i] * y[i];
            }
            for (int k = 0; k < size; k++) {
                int i = base + k * inner;
                gx[i] = log ? g[go + i] - Math.exp(y[i]) * s : y[i] * (g[go + i] - s);
            }
        }
    }

    /** The row maximum m of x[o + k·stride], k &lt; n, or 0 when it is infinite (the shift of the exponentials). */
    private static double shift(double[] x, int o, int n, int stride) {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            m = Math.max(m, x[o + k * stride]);
        }
        return Double.isInfinite(m) ? 0 : m;
    }

    /** Σ_k e^(x[o + k·stride] − m) over k &lt; n. */
    private static double shiftedSum(double[] x, int o, int n, int stride, double m) {
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += Math.exp(x[o + k * stride] - m);
        }
        return s;
    }

    /** Each row's log-sum-exp and loss (see {@link CrossEntropyTargets}). */
    static void crossEntropy(double[] z, int zo, CrossEntropyTargets t, double[] logSumExp, double[] loss) {
        int c = t.classes();
        int inner = t.inner();
        double eps = t.smoothing();
        double wSum = t.weightSum();
        for (int r = 0; r < t.rows(); r++) {
            int y = t.target()[r];
            if (y < 0) {
                loss[r] = 0;
                continue;
            }
            int base = zo + t.start(r);
            double m = shift(z, base, c, inner);
            double lse = m + Math.log(shiftedSum(z, base, c, inner, m));
            double wz = 0;
            for (int j = 0; j < c; j++) {
                wz += t.weightOf(j) * z[base + j * inner];
            }
            logSumExp[r] = lse;
            loss[r] = -(1 - eps) * t.weightOf(y) * (z[base + y * inner] - lse) + eps / c * (wSum * lse - wz);
        }
    }

    /** gz = g·∂loss/∂z row by row, in the logits' layout (see {@link CrossEntropyTargets}); 0 on ignored rows. */
    static void crossEntropyBackward(double[] z, int zo, CrossEntropyTargets t, double[] logSumExp, double[] g, double[] gz) {
        int c = t.classes();
        double eps = t.smoothing();
        double wSum = t.weightSum();
        for (int r = 0; r < t.rows(); r++) {
            int y = t.target()[r];
            double wy = y < 0 ? 0 : t.weightOf(y);
            double a = (1 - eps) * wy + eps / c * wSum;
            for (int j = 0; j < c; j++) {
                int at = t.start(r) + j * t.inner();
                double d = a * Math.exp(z[zo + at] - logSumExp[r]) - (j == y ? (1 - eps) * wy : 0) - eps / c * t.weightOf(j);
                gz[at] = y < 0 ? 0 : g[r] * d;
            }
        }
    }
}
