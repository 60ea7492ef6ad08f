package dev.kiln.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.backend.cpu.CpuBackend;
import dev.kiln.backend.cpu.Parallel;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The batch-normalisation primitives of {@link CpuBackend} against {@link ReferenceBackend} (float64
 * loops): statistics, normalise + affine (plain and with the ReLU floor), and the two backward passes
 * (plain and masked by the ReLU's output), at ragged planes around the vector length, planes longer
 * than the kernels' float block, batch 1 and many, offsets inside larger arrays, on 1 and all threads;
 * and the residual tail max(a + b, 0) that follows a ResNet block's last normalisation.
 */
class BatchNormPrimitivesTest {
    private static final Backend CPU = CpuBackend.INSTANCE;
    private static final Backend REF = ReferenceBackend.INSTANCE;
    private static final int L = CPU.lanes();
    /** (batch, channels, plane): every kind of tail, a plane over 4,096 elements, and sizes split across threads. */
    private static final int[][] SHAPES = {{1, 1, 1}, {1, 3, L - 1}, {2, 5, L + 1}, {3, 7, 37}, {1, 2, 5000}, {4, 2, 4099},
        {32, 16, 16}, {8, 64, 100}, {2, 300, 1}};
    private final Random random = new Random(11);

    private float[] randoms(int n, double mean, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (mean + random.nextGaussian() * scale);
        }
        return a;
    }

    private static void assertClose(double expected, double actual, double tol, String what) {
        assertTrue(Math.abs(expected - actual) <= tol * (1 + Math.abs(expected)) || (Double.isNaN(expected) && Double.isNaN(actual)),
                what + ": expected " + expected + ", got " + actual);
    }

    private static void assertClose(float[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], actual[i], tol, what + " element " + i);
        }
    }

    @Test
    void statisticsMatchTheReference() {
        for (int[] s : SHAPES) {
            int n = s[0] * s[1] * s[2];
            // a mean far from 0 relative to the spread: the case where Σx² − nμ² would cancel
            float[] x = randoms(n + 3, 40, 0.5);
            double[] mr = new double[s[1]];
            double[] vr = new double[s[1]];
            REF.batchNormStatistics(x, 3, s[0], s[1], s[2], mr, vr);
            for (int threads : new int[] {1, Parallel.threads()}) {
                double[] mc = new double[s[1]];
                double[] vc = new double[s[1]];
                Parallel.withThreads(threads, () -> CPU.batchNormStatistics(x, 3, s[0], s[1], s[2], mc, vc));
                for (int c = 0; c < s[1]; c++) {
                    String what = java.util.Arrays.toString(s) + " channel " + c + " on " + threads + " thread(s)";
                    assertClose(mr[c], mc[c], 1e-6, what + " mean");
                    assertEquals(vr[c], vc[c], 1e-4 * vr[c] + 1e-9, what + " variance");
                }
            }
        }
    }

    @Test
    void constantChannelHasItsValueAsMeanAndZeroVariance() {
        float[] x = new float[2 * 3 * 50];
        java.util.Arrays.fill(x, 1000.5f);
        double[] m = new double[3];
        double[] v = new double[3];
        CPU.batchNormStatistics(x, 0, 2, 3, 50, m, v);
        for (int c = 0; c < 3; c++) {
            assertEquals(1000.5, m[c]);
            assertEquals(0.0, v[c]);
        }
    }

    @Test
    void forwardMatchesTheReferenceWithAndWithoutTheReluFloor() {
        for (int[] s : SHAPES) {
            int n = s[0] * s[1] * s[2];
            float[] x = randoms(n + 2, 0.3, 1.5);
            x[2] = Float.NaN; // a NaN stays NaN through the floor
            float[] mean = randoms(s[1], 0.2, 0.5);
            float[] scale = randoms(s[1], 1, 0.5);
            float[] shift = randoms(s[1], 0, 0.5);
            for (float floor : new float[] {Float.NEGATIVE_INFINITY, 0f}) {
                float[] yr = new float[n + 1];
                REF.batchNormForward(x, 2, yr, 1, s[0], s[1], s[2], mean, scale, shift, floor);
                assertTrue(Float.isNaN(yr[1]), "the reference keeps a NaN");
                for (int threads : new int[] {1, Parallel.threads()}) {
                    float[] yc = new float[n + 1];
                    Parallel.withThreads(threads,
                            () -> CPU.batchNormForward(x, 2, yc, 1, s[0], s[1], s[2], mean, scale, shift, floor));
                    assertClose(yr, yc, 1e-6, java.util.Arrays.toString(s) + " floor " + floor + " on " + threads + " thread(s)");
                }
                if (floor == 0f) {
                    for (int i = 2; i <= n; i++) {
                        assertTrue(yr[i] >= 0, "rectified output element " + i + " is " + yr[i]);
                    }
                }
            }
        }
    }

    @Test
    void forwardMayWriteOverItsInput() {
        int[] s = {3, 4, 2 * L + 3};
        int n = s[0] * s[1] * s[2];
        float[] x = randoms(n, 0, 1);
        float[] mean = randoms(s[1], 0, 0.5);
        float[] scale = randoms(s[1], 1, 0.5);
        float[] shift = randoms(s[1], 0, 0.5);
        float[] expected = new float[n];
        REF.batchNormForward(x, 0, expected, 0, s[0], s[1], s[2], mean, scale, shift, 0f);
        CPU.batchNormForward(x, 0, x, 0, s[0], s[1], s[2], mean, scale, shift, 0f);
        assertClose(expected, x, 1e-6, "in place");
    }

    @Test
    void backwardPassesMatchTheReferencePlainAndMaskedByTheRelu() {
        for (int[] s : SHAPES) {
            int n = s[0] * s[1] * s[2];
            float[] dy = randoms(n + 1, 0, 1);
            float[] x = randoms(n + 2, 0.5, 1.5);
            // a rectified output with zeros where the mask closes (about half) and one NaN that passes
            float[] y = randoms(n + 3, 0, 1);
            for (int i = 0; i < y.length; i++) {
                y[i] = Math.max(y[i], 0f);
            }
            y[n + 2] = Float.NaN;
            float[] mean = randoms(s[1], 0.5, 0.2);
            float[] a = randoms(s[1], 1, 0.5);
            float[] b = randoms(s[1], 0, 0.5);
            float[] d = randoms(s[1], 0, 0.5);
            for (float[] mask : new float[][] {null, y}) {
                String kind = mask == null ? "plain" : "masked";
                double[] s1r = new double[s[1]];
                double[] s2r = new double[s[1]];
                REF.batchNormGradientSums(dy, 1, x, 2, mask, 3, s[0], s[1], s[2], mean, s1r, s2r);
                float[] dxr = new float[n + 4];
                REF.batchNormInputGradient(dy, 1, x, 2, mask, 3, dxr, 4, s[0], s[1], s[2], a, b, d);
                for (int threads : new int[] {1, Parallel.threads()}) {
                    String what = java.util.Arrays.toString(s) + " " + kind + " on " + threads + " thread(s)";
                    double[] s1c = new double[s[1]];
                    double[] s2c = new double[s[1]];
                    float[] dxc = new float[n + 4];
                    Parallel.withThreads(threads, () -> {
                        CPU.batchNormGradientSums(dy, 1, x, 2, mask, 3, s[0], s[1], s[2], mean, s1c, s2c);
                        CPU.batchNormInputGradient(dy, 1, x, 2, mask, 3, dxc, 4, s[0], s[1], s[2], a, b, d);
                    });
                    double tol = 2e-6 * Math.sqrt((double) s[0] * s[2]);
                    for (int c = 0; c < s[1]; c++) {
                        assertEquals(s1r[c], s1c[c], tol, what + " Σ g, channel " + c);
                        assertEquals(s2r[c], s2c[c], 2 * tol, what + " Σ g·(x − μ), channel " + c);
                    }
                    assertClose(dxr, dxc, 2e-6, what + " dx");
                }
            }
        }
    }

    @Test
    void theReluMaskZeroesTheGradientWhereTheOutputIsNotPositive() {
        // one channel, plane 4: y = (0, 2, 0, 3) lets through dy[1] and dy[3] only
        float[] dy = {1f, 2f, 4f, 8f};
        float[] x = {0f, 0f, 0f, 0f};
        float[] y = {0f, 2f, 0f, 3f};
        for (Backend backend : new Backend[] {REF, CPU}) {
            double[] s1 = new double[1];
            double[] s2 = new double[1];
            backend.batchNormGradientSums(dy, 0, x, 0, y, 0, 1, 1, 4, new float[] {-1f}, s1, s2);
            assertEquals(10.0, s1[0], 0.0, backend + ": Σ g = 2 + 8");
            assertEquals(10.0, s2[0], 0.0, backend + ": Σ g·(0 − (−1))");
            float[] dx = new float[4];
            backend.batchNormInputGradient(dy, 0, x, 0, y, 0, dx, 0, 1, 1, 4, new float[] {1f}, new float[] {0f},
                    new float[] {0.5f});
            assertEquals(java.util.Arrays.toString(new float[] {0.5f, 2.5f, 0.5f, 8.5f}), java.util.Arrays.toString(dx),
                    backend + ": dx = g·1 + 0.5");
        }
    }

    @Test
    void residualAddReluMatchesTheReferenceInPlaceOrNot() {
        for (int n : new int[] {1, L - 1, L + 1, 37, 1000, 3 * (1 << 15) + 5}) {
            float[] a = randoms(n + 2, 0, 1);
            float[] b = randoms(n + 1, 0, 1);
            a[2] = Float.NaN;
            float[] yr = new float[n];
            REF.addRelu(a, 2, b, 1, yr, 0, n);
            assertTrue(Float.isNaN(yr[0]), "a NaN stays NaN");
            for (int threads : new int[] {1, Parallel.threads()}) {
                float[] yc = new float[n];
                Parallel.withThreads(threads, () -> CPU.addRelu(a, 2, b, 1, yc, 0, n));
                assertClose(yr, yc, 1e-7, "add+relu n=" + n + " on " + threads + " thread(s)");
            }
            float[] inPlace = a.clone();
            CPU.addRelu(inPlace, 2, b, 1, inPlace, 2, n);
            assertClose(yr, java.util.Arrays.copyOfRange(inPlace, 2, n + 2), 1e-7, "add+relu into the main branch n=" + n);
        }
    }
}
