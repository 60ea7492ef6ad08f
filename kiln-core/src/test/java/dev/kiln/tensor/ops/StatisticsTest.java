package dev.kiln.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradCheck;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

class StatisticsTest {
    private final Generator g = new Generator(11);

    @Test
    void varAndStdOfAllElements() {
        Tensor x = Tensor.randn(g, 4, 6).to(DType.FLOAT64);
        double[] v = x.toDoubleArray();
        double mean = 0;
        for (double d : v) {
            mean += d;
        }
        mean /= v.length;
        double ss = 0;
        for (double d : v) {
            ss += (d - mean) * (d - mean);
        }
        assertEquals(ss / (v.length - 1), x.var().item(), 1e-12);
        assertEquals(Math.sqrt(ss / (v.length - 1)), x.std().item(), 1e-12);
        assertEquals(ss / v.length, x.var(null, 0, false).item(), 1e-12);
        assertArrayEquals(new int[] {1, 1}, x.var(null, 1, true).shape());
    }

    @Test
    void varOverDimsMatchesLoops() {
        Tensor x = Tensor.randn(g, 2, 3, 4);
        float[] v = x.toFloatArray();
        Tensor var = x.var(new int[] {0, 2}, 1, false);
        Tensor std = x.std(new int[] {-1}, 0, true);
        assertArrayEquals(new int[] {3}, var.shape());
        assertArrayEquals(new int[] {2, 3, 1}, std.shape());
        for (int j = 0; j < 3; j++) {
            double m = 0;
            for (int i = 0; i < 2; i++) {
                for (int k = 0; k < 4; k++) {
                    m += v[(i * 3 + j) * 4 + k];
                }
            }
            m /= 8;
            double ss = 0;
            for (int i = 0; i < 2; i++) {
                for (int k = 0; k < 4; k++) {
                    double d = v[(i * 3 + j) * 4 + k] - m;
                    ss += d * d;
                }
            }
            assertEquals(ss / 7, var.getDouble(j), 1e-5);
        }
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                double m = 0;
                for (int k = 0; k < 4; k++) {
                    m += v[(i * 3 + j) * 4 + k];
                }
                m /= 4;
                double ss = 0;
                for (int k = 0; k < 4; k++) {
                    double d = v[(i * 3 + j) * 4 + k] - m;
                    ss += d * d;
                }
                assertEquals(Math.sqrt(ss / 4), std.getDouble(i, j, 0), 1e-5);
            }
        }
    }

    @Test
    void normsMatchLoops() {
        Tensor x = Tensor.randn(g, 3, 5).to(DType.FLOAT64);
        double[] v = x.toDoubleArray();
        for (double p : new double[] {1, 2, 3, 0.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0}) {
            Tensor rows = x.norm(p, new int[] {1}, false);
            double all = reference(v, 0, v.length, p);
            assertEquals(all, x.norm(p).item(), 1e-12 * Math.max(1, all), "p=" + p);
            for (int r = 0; r < 3; r++) {
                assertEquals(reference(v, r * 5, 5, p), rows.getDouble(r), 1e-12, "p=" + p);
            }
        }
        assertEquals(x.norm(2).item(), x.norm().item(), 0);
        assertArrayEquals(new int[] {1, 5}, x.norm(2, new int[] {0}, true).shape());
    }

    private static double reference(double[] v, int from, int n, double p) {
        if (p == Double.POSITIVE_INFINITY) {
            double m = 0;
            for (int i = from; i < from + n; i++) {
                m = Math.max(m, Math.abs(v[i]));
            }
            return m;
        }
        if (p == Double.NEGATIVE_INFINITY) {
            double m = Double.POSITIVE_INFINITY;
            for (int i = from; i < from + n; i++) {
                m = Math.min(m, Math.abs(v[i]));
            }
            return m;
        }
        if (p == 0) {
            int c = 0;
            for (int i = from; i < from + n; i++) {
                c += v[i] != 0 ? 1 : 0;
            }
            return c;
        }
        double s = 0;
        for (int i = from; i < from + n; i++) {
            s += Math.pow(Math.abs(v[i]), p);
        }
        return Math.pow(s, 1 / p);
    }

    @Test
    void normGradientAtZeroIsZero() {
        Tensor z = Tensor.zeros(DType.FLOAT64, 3).requiresGrad(true);
        z.norm(2).backward();
        assertArrayEquals(new double[] {0, 0, 0}, z.grad().toDoubleArray());
        Tensor w = Tensor.of(0.0, 3.0, -4.0).requiresGrad(true);
        w.norm(2).backward();
        assertArrayEquals(new double[] {0, 0.6, -0.8}, w.grad().toDoubleArray(), 1e-15);
    }

    @Test
    void logsumexpIsStableForLargeLogits() {
        Tensor x = Tensor.of(new float[][] {{50, 49, -50}, {-50, -49, -48}});
        Tensor r = x.logsumexp(1, false);
        double[] v = {50, 49, -50, -50, -49, -48};
        for (int i = 0; i < 2; i++) {
            double m = Math.max(v[i * 3], Math.max(v[i * 3 + 1], v[i * 3 + 2]));
            double s = 0;
            for (int k = 0; k < 3; k++) {
                s += Math.exp(v[i * 3 + k] - m);
            }
            assertEquals(m + Math.log(s), r.getDouble(i), 1e-5);
        }
        assertFalse(Double.isNaN(x.logsumexp(new int[] {0, 1}, true).item()));
        assertArrayEquals(new int[] {1, 1}, x.logsumexp(new int[] {0, 1}, true).shape());
        Tensor inf = Tensor.of(Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY);
        assertEquals(Double.NEGATIVE_INFINITY, inf.logsumexp(0, false).item());
    }

    @Test
    void logsumexpGradientIsSoftmax() {
        Tensor x = Tensor.of(1.0, 2.0, 3.0).requiresGrad(true);
        x.logsumexp(0, false).backward();
        double s = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertArrayEquals(new double[] {Math.exp(1) / s, Math.exp(2) / s, Math.exp(3) / s}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void gradChecks() {
        Tensor x = Tensor.randn(g, 3, 4).to(DType.FLOAT64).requiresGrad(true);
        GradCheck.check(in -> in[0].var(), x);
        GradCheck.check(in -> in[0].var(new int[] {1}, 0, true), x);
        GradCheck.check(in -> in[0].std(new int[] {0}, 1, false), x);
        GradCheck.check(in -> in[0].norm(1, new int[] {1}, false), x);
        GradCheck.check(in -> in[0].norm(2), x);
        GradCheck.check(in -> in[0].norm(3, new int[] {0}, true), x);
        GradCheck.check(in -> in[0].norm(Double.POSITIVE_INFINITY, new int[] {1}, false), x);
        GradCheck.check(in -> in[0].logsumexp(new int[] {0, 1}, false), x);
        GradCheck.check(in -> in[0].mul(30).logsumexp(1, true), x);
    }

    @Test
    void errors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(1L, 2L).var());
        assertTrue(e.getMessage().startsWith("var") && e.getMessage().contains("int64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).std(new int[] {2}, 1, false));
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).norm(2, new int[] {1, 1}, false));
        assertTrue(e.getMessage().startsWith("norm") && e.getMessage().contains("more than once"), e.getMessage());
    }
}
