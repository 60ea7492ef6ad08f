package dev.kiln.backend;

/**
 * The float64 batch-normalisation loops of {@link ReferenceBackend} (see {@link Backend#batchNormStatistics}
 * and the three primitives after it) and the residual tail {@link Backend#addRelu}: plain loops over
 * (N, C, L), every sum in float64, every output rounded once.
 */
final class ReferenceBatchNorm {
    private ReferenceBatchNorm() {
    }

    /** μ_c and the biased σ²_c in two float64 passes. */
    static void statistics(float[] x, int xo, int batch, int channels, int plane, double[] mean, double[] var) {
        double n = (double) batch * plane;
        for (int c = 0; c < channels; c++) {
            double s = 0;
            for (int i = 0; i < batch; i++) {
                for (int p = 0; p < plane; p++) {
                    s += x[xo + (i * channels + c) * plane + p];
                }
            }
            double m = s / n;
            double s2 = 0;
            for (int i = 0; i < batch; i++) {
                for (int p = 0; p < plane; p++) {
                    double d = x[xo + (i * channels + c) * plane + p] - m;
                    s2 += d * d;
                }
            }
            mean[c] = m;
            var[c] = s2 / n;
        }
    }

    /** y = max((x − μ)·scale + shift, floor), in float64, rounded once. */
    static void forward(float[] x, int xo, float[] y, int yo, int batch, int channels, int plane, float[] mean,
            float[] scale, float[] shift, float floor) {
        for (int r = 0; r < batch * channels; r++) {
            int c = r % channels;
            for (int p = 0; p < plane; p++) {
                double v = ((double) x[xo + r * plane + p] - mean[c]) * scale[c] + shift[c];
                y[yo + r * plane + p] = (float) (v < floor ? floor : v);
            }
        }
    }

    /** Σ g and Σ g·(x − μ) per channel, g masked by the rectified output when given. */
    static void gradientSums(float[] dy, int dyo, float[] x, int xo, float[] y, int yo, int batch, int channels,
            int plane, float[] mean, double[] sumDy, double[] sumDyXc) {
        for (int c = 0; c < channels; c++) {
            double s1 = 0;
            double s2 = 0;
            for (int i = 0; i < batch; i++) {
                for (int p = 0; p < plane; p++) {
                    int at = (i * channels + c) * plane + p;
                    double g = reluMasked(dy[dyo + at], y, yo + at);
                    s1 += g;
                    s2 += g * ((double) x[xo + at] - mean[c]);
                }
            }
            sumDy[c] = s1;
            sumDyXc[c] = s2;
        }
    }

    /** dx = g·a + x·b + d per channel. */
    static void inputGradient(float[] dy, int dyo, float[] x, int xo, float[] y, int yo, float[] dx, int dxo,
            int batch, int channels, int plane, float[] a, float[] b, float[] d) {
        for (int r = 0; r < batch * channels; r++) {
            int c = r % channels;
            for (int p = 0; p < plane; p++) {
                int at = r * plane + p;
                double g = reluMasked(dy[dyo + at], y, yo + at);
                dx[dxo + at] = (float) (g * a[c] + (double) x[xo + at] * b[c] + d[c]);
            }
        }
    }

    /** y = max(a + b, 0) in float64. */
    static void addRelu(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            double v = (double) a[ao + i] + b[bo + i];
            y[yo + i] = (float) (v < 0 ? 0 : v);
        }
    }

    /** g, or 0 where the rectified output y (when given) is ≤ 0: the ReLU's derivative read from its output. */
    private static double reluMasked(float g, float[] y, int at) {
        return y != null && y[at] <= 0 ? 0 : g;
    }
}
