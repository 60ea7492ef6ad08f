package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 kernels of batch normalisation on a contiguous (N, C, L) array (L = H·W, or 1 for (N, C)),
 * each one pass over the data, parallel over the channels.
 *
 * <ul>
 *   <li>{@link #statistics}: per channel c, with n = N·L, the mean μ_c and the biased variance σ²_c from
 *       the shifted sums Σ(x − k) and Σ(x − k)² (k = the channel's first element), accumulated in float
 *       vectors over at most {@value #BLOCK} elements and then in double. The shift removes the
 *       cancellation of Σx² − nμ² when |μ| ≫ σ, and a constant channel gets exactly its value as mean and
 *       exactly 0 as variance.</li>
 *   <li>{@link #forward}: y = max((x − μ_c)·a_c + β_c, floor) (normalise and affine in one: a = γ/√(σ²+eps);
 *       floor 0 fuses a following ReLU).</li>
 *   <li>{@link #gradientSums}: Σ g and Σ g·(x − μ) per channel, the two reductions of the backward
 *       (dβ = Σ g, dγ = Σ g·x̂ = Σ g·(x − μ)/σ), g = dy masked by the fused ReLU's output when there is one.</li>
 *   <li>{@link #inputGradient}: dx = g·a_c + x·b_c + d_c, the input gradient once the sums are known.</li>
 *   <li>{@link #addRelu}: max(a + b, 0), the residual tail that follows a ResNet block's last normalisation.</li>
 * </ul>
 */
final class BatchNormKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Elements summed in float lanes before the partial sum moves to double. */
    static final int BLOCK = 4096;

    private BatchNormKernels() {
    }

    /**
     * Per-channel mean and biased variance of x (N, C, L), written to {@code mean[c]} and {@code var[c]}.
     */
    static void statistics(float[] x, int xo, int batch, int channels, int plane, double[] mean, double[] var) {
        long n = (long) batch * plane;
        Parallel.forRange(channels, grainChannels(batch, plane), (lo, hi) -> {
            for (int c = lo; c < hi; c++) {
                float k = x[xo + c * plane];
                double s1 = 0;
                double s2 = 0;
                for (int i = 0; i < batch; i++) {
                    int base = xo + (i * channels + c) * plane;
                    for (int p0 = 0; p0 < plane; p0 += BLOCK) {
                        int end = Math.min(plane, p0 + BLOCK);
                        FloatVector shift = FloatVector.broadcast(S, k);
                        FloatVector a1 = FloatVector.zero(S);
                        FloatVector a2 = a1;
                        int p = p0;
                        for (int bound = p0 + S.loopBound(end - p0); p < bound; p += S.length()) {
                            FloatVector d = FloatVector.fromArray(S, x, base + p).sub(shift);
                            a1 = a1.add(d);
                            a2 = d.fma(d, a2);
                        }
                        float t1 = FloatVectors.sumLanes(a1);
                        float t2 = FloatVectors.sumLanes(a2);
                        for (; p < end; p++) {
                            float d = x[base + p] - k;
                            t1 += d;
                            t2 += d * d;
                        }
                        s1 += t1;
                        s2 += t2;
                    }
                }
                double m = s1 / n;
                mean[c] = k + m;
                var[c] = Math.max(0.0, s2 / n - m * m);
            }
        });
    }

    /**
     * y[i, c, p] = max((x[i, c, p] − m[c])·a[c] + b[c], floor) over (N, C, L); y may be x. Subtracting the
     * mean first (rather than folding it into b) keeps a constant channel's output exactly b. A floor of
     * −∞ is plain batch normalisation, 0 fuses the ReLU that follows it; a NaN stays NaN.
     */
    static void forward(float[] x, int xo, float[] y, int yo, int batch, int channels, int plane, float[] m,
            float[] a, float[] b, float floor) {
        Parallel.forRange(batch * channels, grainPlanes(plane), (lo, hi) -> {
            FloatVector fv = FloatVector.broadcast(S, floor);
            for (int r = lo; r < hi; r++) {
                int c = r % channels;
                FloatVector mv = FloatVector.broadcast(S, m[c]);
                FloatVector av = FloatVector.broadcast(S, a[c]);
                FloatVector bv = FloatVector.broadcast(S, b[c]);
                int xb = xo + r * plane;
                int yb = yo + r * plane;
                int p = 0;
                for (int bound = S.loopBound(plane); p < bound; p += S.length()) {
                    FloatVector.fromArray(S, x, xb + p).sub(mv).fma(av, bv).max(fv).intoArray(y, yb + p);
                }
                for (; p < plane; p++) {
                    y[yb + p] = Math.max((x[xb + p] - m[c]) * a[c] + b[c], floor);
                }
            }
        });
    }

    /**
     * Per channel, {@code sumDy[c] = Σ g} and {@code sumDyXc[c] = Σ g·(x − mean[c])} over (N, L), in
     * double across blocks, with g = dy, or dy masked by the ReLU's output y (0 where y ≤ 0) when y is
     * given.
     */
    static void gradientSums(float[] dy, int dyo, float[] x, int xo, float[] y, int yo, int batch, int channels,
            int plane, float[] mean, double[] sumDy, double[] sumDyXc) {
        Parallel.forRange(channels, grainChannels(batch, plane), (lo, hi) -> {
            for (int c = lo; c < hi; c++) {
                FloatVector mv = FloatVector.broadcast(S, mean[c]);
                double s1 = 0;
                double s2 = 0;
                for (int i = 0; i < batch; i++) {
                    int off = (i * channels + c) * plane;
                    for (int p0 = 0; p0 < plane; p0 += BLOCK) {
                        int end = Math.min(plane, p0 + BLOCK);
                        FloatVector a1 = FloatVector.zero(S);
                        FloatVector a2 = a1;
                        int p = p0;
                        for (int bound = p0 + S.loopBound(end - p0); p < bound; p += S.length()) {
                            FloatVector g = gradient(dy, dyo + off + p, y, yo + off + p);
                            a1 = a1.add(g);
                            a2 = g.fma(FloatVector.fromArray(S, x, xo + off + p).sub(mv), a2);
                        }
                        float t1 = FloatVectors.sumLanes(a1);
                        float t2 = FloatVectors.sumLanes(a2);
                        for (; p < end; p++) {
                            float g = gradient(dy[dyo + off + p], y, yo + off + p);
                            t1 += g;
                            t2 += g * (x[xo + off + p] - mean[c]);
                        }
                        s1 += t1;
                        s2 += t2;
                    }
                }
                sumDy[c] = s1;
                sumDyXc[c] = s2;
            }
        });
    }

    /**
     * dx[i, c, p] = g·a[c] + x[i, c, p]·b[c] + d[c] over (N, C, L), g as in {@link #gradientSums}; dx
     * may be dy (same offset).
     */
    static void inputGradient(float[] dy, int dyo, float[] x, int xo, float[] y, int yo, float[] dx, int dxo, int batch,
            int channels, int plane, float[] a, float[] b, float[] d) {
        Parallel.forRange(batch * channels, grainPlanes(plane), (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int c = r % channels;
                FloatVector av = FloatVector.broadcast(S, a[c]);
                FloatVector bv = FloatVector.broadcast(S, b[c]);
                FloatVector dv = FloatVector.broadcast(S, d[c]);
                int off = r * plane;
                int p = 0;
                for (int bound = S.loopBound(plane); p < bound; p += S.length()) {
                    FloatVector g = gradient(dy, dyo + off + p, y, yo + off + p);
                    FloatVector xv = FloatVector.fromArray(S, x, xo + off + p);
                    g.fma(av, xv.fma(bv, dv)).intoArray(dx, dxo + off + p);
                }
                for (; p < plane; p++) {
                    dx[dxo + off + p] = gradient(dy[dyo + off + p], y, yo + off + p) * a[c] + x[xo + off + p] * b[c] + d[c];
                }
            }
        });
    }

    /** The lanes of dy at {@code at}, zeroed where the ReLU output y (when given) is ≤ 0. */
    private static FloatVector gradient(float[] dy, int at, float[] y, int yAt) {
        FloatVector g = FloatVector.fromArray(S, dy, at);
        return y == null ? g : g.blend(0f, FloatVector.fromArray(S, y, yAt).compare(VectorOperators.LE, 0f));
    }

    /** dy, or 0 where the ReLU output y (when given) is ≤ 0. */
    private static float gradient(float dy, float[] y, int yAt) {
        return y != null && y[yAt] <= 0 ? 0f : dy;
    }

    /**
     * y[yo+i] = max(a[ao+i] + b[bo+i], 0) for i &lt; n, on the calling thread: the residual add and the
     * ReLU that ends a ResNet block (whose main branch is a batch normalisation) in one pass.
     */
    static void addRelu(float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).max(zero).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = Math.max(a[ao + i] + b[bo + i], 0f);
        }
    }

    /** Channels per task so that a task covers about {@link Parallel#ELEMENTWISE_GRAIN} elements. */
    private static int grainChannels(int batch, int plane) {
        return (int) Math.max(1, Parallel.ELEMENTWISE_GRAIN / Math.max(1L, (long) batch * plane));
    }

    /** (sample, channel) planes per task so that a task covers about {@link Parallel#ELEMENTWISE_GRAIN} elements. */
    private static int grainPlanes(int plane) {
        return Math.max(1, Parallel.ELEMENTWISE_GRAIN / Math.max(1, plane));
    }
}
