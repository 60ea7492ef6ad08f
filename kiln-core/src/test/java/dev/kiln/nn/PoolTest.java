package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradCheck;
import dev.kiln.nn.functional.Pooling;
import dev.kiln.nn.functional.Rounding;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;
import org.junit.jupiter.api.Test;

/** Pooling against plain references written from SCHEMA.md §7.8, gradient checks, indices and shapes. */
class PoolTest {
    private final Generator gen = new Generator(11);

    private Tensor rand64(int... shape) {
        return Tensor.randn(gen, shape).to(DType.FLOAT64);
    }

    private Tensor leaf(int... shape) {
        return rand64(shape).requiresGrad(true);
    }

    /** Reference 2-D max pooling over a plain double array: the max over real window elements. */
    private static double[] refMax(double[] x, int planes, int h, int w, int[] k, int[] s, int[] p, int[] d, int oh,
            int ow, long[] idxOut) {
        double[] out = new double[planes * oh * ow];
        for (int pl = 0; pl < planes; pl++) {
            for (int y = 0; y < oh; y++) {
                for (int xx = 0; xx < ow; xx++) {
                    double m = Double.NEGATIVE_INFINITY;
                    long arg = -1;
                    for (int i = 0; i < k[0]; i++) {
                        for (int j = 0; j < k[1]; j++) {
                            int iy = y * s[0] - p[0] + i * d[0], ix = xx * s[1] - p[1] + j * d[1];
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w && x[(pl * h + iy) * w + ix] > m) {
                                m = x[(pl * h + iy) * w + ix];
                                arg = (long) iy * w + ix;
                            }
                        }
                    }
                    out[(pl * oh + y) * ow + xx] = m;
                    idxOut[(pl * oh + y) * ow + xx] = arg;
                }
            }
        }
        return out;
    }

    @Test
    void maxPool2dMatchesReferenceWithIndices() {
        int[][] cases = { // h, w, k, s, p, d, ceil
            {5, 5, 2, 2, 0, 1, 0}, {5, 5, 3, 2, 1, 1, 0}, {6, 6, 3, 2, 0, 1, 1}, {7, 7, 3, 1, 0, 2, 0}, {5, 6, 2, 1, 1, 1, 1},
            {7, 5, 3, 2, 1, 2, 1},
        };
        for (int[] c : cases) {
            int[] k = {c[2], c[2]}, s = {c[3], c[3]}, p = {c[4], c[4]}, d = {c[5], c[5]};
            Tensor x = rand64(2, 3, c[0], c[1]);
            ValuesIndices r = Pooling.maxPool2dWithIndices(x, k, s, p, d, c[6] == 1);
            int oh = r.values().size(2), ow = r.values().size(3);
            assertEquals(outSize(c[0], c[2], c[3], c[4], c[5], c[6] == 1), oh);
            assertEquals(outSize(c[1], c[2], c[3], c[4], c[5], c[6] == 1), ow);
            long[] idx = new long[6 * oh * ow];
            double[] ref = refMax(x.toDoubleArray(), 6, c[0], c[1], k, s, p, d, oh, ow, idx);
            assertArrayEquals(ref, r.values().toDoubleArray(), 0);
            assertEquals(DType.INT64, r.indices().dtype());
            assertArrayEquals(idx, r.indices().toLongArray());
        }
    }

    @Test
    void float32TwoByTwoFastPathMatchesReference() {
        for (int[] hw : new int[][] {{6, 8}, {7, 5}, {2, 2}}) {
            Tensor x = Tensor.randn(gen, 2, 3, hw[0], hw[1]);
            ValuesIndices r = Pooling.maxPool2dWithIndices(x, new int[] {2}, null, new int[] {0}, new int[] {1}, false);
            int oh = hw[0] / 2, ow = hw[1] / 2;
            long[] idx = new long[6 * oh * ow];
            double[] ref = refMax(x.toDoubleArray(), 6, hw[0], hw[1], new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0},
                    new int[] {1, 1}, oh, ow, idx);
            assertArrayEquals(ref, r.values().toDoubleArray(), 0);
            assertArrayEquals(idx, r.indices().toLongArray());
            Tensor xl = x.clone().requiresGrad(true);
            Pooling.maxPool2d(xl, 2).sum().backward();
            double[] g = xl.grad().toDoubleArray();
            double[] expected = new double[g.length];
            for (int i = 0; i < idx.length; i++) {
                expected[(i / (oh * ow)) * hw[0] * hw[1] + (int) idx[i]] += 1;
            }
            assertArrayEquals(expected, g, 0);
        }
        // NaN propagates (PyTorch: a NaN wins the window)
        Tensor n = Tensor.of(new float[] {1, Float.NaN, 3, 2}).reshape(1, 1, 2, 2);
        assertTrue(Double.isNaN(Pooling.maxPool2d(n, 2).item()));
    }

    /** SCHEMA's rule, written out independently of the implementation. */
    private static int outSize(int len, int k, int s, int p, int d, boolean ceil) {
        double q = (len + 2.0 * p - d * (k - 1) - 1) / s;
        int o = (int) (ceil ? Math.ceil(q) : Math.floor(q)) + 1;
        if (ceil && (o - 1) * s >= len + p) {
            o--;
        }
        return o;
    }

    @Test
    void ceilModeDropsAWindowStartingInThePadding() {
        // L=5, k=2, s=2, p=1: ceil((5+2-2)/2)+1 = 4, but window 3 starts at 6 ≥ L+p = 6 → 3
        Tensor x = rand64(1, 1, 5);
        assertEquals(3, Pooling.maxPool1d(x, 2, 2, 1, 1, Rounding.CEIL).size(2));
        assertEquals(3, Pooling.avgPool1d(x, 2, 2, 1, Rounding.CEIL, true).size(2));
        // L=6, k=3, s=2: floor → 2, ceil → 3 (the last window starts inside the input)
        Tensor y = rand64(1, 1, 6, 6);
        assertArrayEquals(new int[] {1, 1, 3, 3}, Pooling.maxPool2d(y, new int[] {3}, new int[] {2}, new int[] {0},
                new int[] {1}, true).shape());
        assertArrayEquals(new int[] {1, 1, 2, 2}, Pooling.maxPool2d(y, new int[] {3}, new int[] {2}, new int[] {0},
                new int[] {1}, false).shape());
    }

    @Test
    void maxPool1dIndicesAlongL() {
        Tensor x = Tensor.of(new double[] {1, 5, 2, 8, 3, 0, 7, 4}).reshape(1, 1, 8);
        ValuesIndices r = Pooling.maxPool1dWithIndices(x, 3, 2, 1, 1, Rounding.FLOOR);
        // windows (padded −∞): [-1,2) → {1,5} ; [1,4) → {5,2,8} ; [3,6) → {8,3,0} ; [5,8) → {0,7,4}
        assertArrayEquals(new double[] {5, 8, 8, 7}, r.values().toDoubleArray(), 0);
        assertArrayEquals(new long[] {1, 3, 3, 6}, r.indices().toLongArray());
        Tensor xl = x.clone().requiresGrad(true);
        Pooling.maxPool1d(xl, 3, 2, 1, 1, Rounding.FLOOR).sum().backward();
        // overlapping windows add up at index 3
        assertArrayEquals(new double[] {0, 1, 0, 2, 0, 0, 1, 0}, xl.grad().toDoubleArray(), 0);
    }

    @Test
    void maxPoolGradients() {
        GradCheck.check(in -> Pooling.maxPool2d(in[0], new int[] {3}, new int[] {2}, new int[] {1}, new int[] {1}, false),
                leaf(2, 2, 5, 5));
        GradCheck.check(in -> Pooling.maxPool2d(in[0], new int[] {2, 3}, new int[] {1, 2}, new int[] {1, 1},
                new int[] {2, 1}, true), leaf(1, 2, 6, 7));
        GradCheck.check(in -> Pooling.maxPool1d(in[0], 3, 2, 1, 1, Rounding.CEIL), leaf(2, 3, 8));
        GradCheck.check(in -> Pooling.adaptiveMaxPool2d(in[0], new int[] {2, 3}), leaf(2, 2, 5, 5));
    }

    /** Reference average pooling from SCHEMA's clipping rule. */
    private static double[] refAvg(double[] x, int planes, int h, int w, int[] k, int[] s, int[] p, int oh, int ow,
            boolean countIncludePad, Integer divisor) {
        double[] out = new double[planes * oh * ow];
        for (int pl = 0; pl < planes; pl++) {
            for (int y = 0; y < oh; y++) {
                for (int xx = 0; xx < ow; xx++) {
                    int y0 = y * s[0] - p[0], x0 = xx * s[1] - p[1];
                    int y1 = Math.min(y0 + k[0], h + p[0]), x1 = Math.min(x0 + k[1], w + p[1]);
                    int poolSize = (y1 - y0) * (x1 - x0);
                    double sum = 0;
                    int real = 0;
                    for (int iy = Math.max(y0, 0); iy < Math.min(y1, h); iy++) {
                        for (int ix = Math.max(x0, 0); ix < Math.min(x1, w); ix++) {
                            sum += x[(pl * h + iy) * w + ix];
                            real++;
                        }
                    }
                    out[(pl * oh + y) * ow + xx] = sum / (divisor != null ? divisor : countIncludePad ? poolSize : real);
                }
            }
        }
        return out;
    }

    @Test
    void avgPool2dMatchesReference() {
        int[][] cases = { // h, w, k, s, p, ceil, countIncludePad, divisor (0 = none)
            {5, 5, 2, 2, 0, 0, 1, 0}, {5, 5, 3, 2, 1, 0, 1, 0}, {5, 5, 3, 2, 1, 0, 0, 0}, {6, 6, 3, 2, 0, 1, 1, 0},
            {4, 4, 2, 1, 0, 0, 1, 3}, {7, 6, 3, 2, 1, 1, 1, 0}, {7, 6, 3, 2, 1, 1, 0, 0},
        };
        for (int[] c : cases) {
            int[] k = {c[2], c[2]}, s = {c[3], c[3]}, p = {c[4], c[4]};
            Integer div = c[7] == 0 ? null : c[7];
            Tensor x = rand64(2, 2, c[0], c[1]);
            Tensor y = Pooling.avgPool2d(x, k, s, p, c[5] == 1, c[6] == 1, div);
            int oh = outSize(c[0], c[2], c[3], c[4], 1, c[5] == 1), ow = outSize(c[1], c[2], c[3], c[4], 1, c[5] == 1);
            assertArrayEquals(new int[] {2, 2, oh, ow}, y.shape());
            assertArrayEquals(refAvg(x.toDoubleArray(), 4, c[0], c[1], k, s, p, oh, ow, c[6] == 1, div), y.toDoubleArray(),
                    1e-12);
        }
    }

    @Test
    void avgPoolGradients() {
        GradCheck.check(in -> Pooling.avgPool2d(in[0], new int[] {3}, new int[] {2}, new int[] {1}, true, false, null),
                leaf(2, 2, 6, 5));
        GradCheck.check(in -> Pooling.avgPool2d(in[0], new int[] {2, 3}, new int[] {1, 2}, new int[] {1, 1}, false, true,
                3), leaf(1, 2, 4, 5));
        GradCheck.check(in -> Pooling.avgPool1d(in[0], 3, 2, 1, Rounding.CEIL, true), leaf(2, 3, 7));
        GradCheck.check(in -> Pooling.adaptiveAvgPool2d(in[0], new int[] {3, 4}), leaf(1, 2, 7, 6));
        GradCheck.check(in -> Pooling.adaptiveAvgPool1d(in[0], 5), leaf(2, 2, 3));
    }

    @Test
    void adaptivePoolingBins() {
        // L=7, O=3: bins [0,3), [2,5), [4,7)
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7}).reshape(1, 1, 7);
        assertArrayEquals(new double[] {2, 4, 6}, Pooling.adaptiveAvgPool1d(x, 3).toDoubleArray(), 1e-12);
        // O > L: L=2, O=3: bins [0,1), [0,2), [1,2)
        Tensor z = Tensor.of(new double[] {2, 4}).reshape(1, 1, 2);
        assertArrayEquals(new double[] {2, 3, 4}, Pooling.adaptiveAvgPool1d(z, 3).toDoubleArray(), 1e-12);
        Tensor m = Tensor.of(new double[] {1, 9, 2, 3, 8, 4, 5, 6, 7}).reshape(1, 3, 3);
        // bins along h and w of 3 → 2: [0,2), [1,3)
        assertArrayEquals(new double[] {9, 9, 8, 8}, Pooling.adaptiveMaxPool2d(m, new int[] {2}).toDoubleArray(), 0);
        assertArrayEquals(new long[] {1, 1, 4, 4},
                Pooling.adaptiveMaxPool2dWithIndices(m, new int[] {2}).indices().toLongArray());
        assertArrayEquals(new int[] {4, 3, 1, 1}, new AdaptiveAvgPool2d(1).forward(Tensor.randn(4, 3, 5, 6)).shape());
    }

    @Test
    void float32PathMatchesFloat64() {
        Tensor x = rand64(4, 3, 9, 9);
        Tensor a = Pooling.maxPool2d(x, new int[] {3}, new int[] {2}, new int[] {1}, new int[] {1}, false);
        Tensor b = Pooling.maxPool2d(x.to(DType.FLOAT32), new int[] {3}, new int[] {2}, new int[] {1}, new int[] {1}, false);
        assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 1e-6);
        Tensor c = Pooling.avgPool2d(x, new int[] {2}, null, new int[] {0}, false, true, null);
        Tensor e = new AvgPool2d(2).forward(x.to(DType.FLOAT32));
        assertArrayEquals(c.toDoubleArray(), e.toDoubleArray(), 1e-6);
    }

    @Test
    void modulesAndErrors() {
        Tensor x = Tensor.randn(64, 6, 28, 28);
        assertArrayEquals(new int[] {64, 6, 14, 14}, new MaxPool2d(2).forward(x).shape());
        assertArrayEquals(new int[] {6, 14, 14}, new MaxPool2d(2).forward(Tensor.randn(6, 28, 28)).shape());
        assertArrayEquals(new int[] {2, 3, 5}, new MaxPool1d(2).forward(Tensor.randn(2, 3, 10)).shape());
        assertTrue(new MaxPool2d(2).parameters().isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pooling.maxPool2d(x, new int[] {2}, null, new int[] {2}, new int[] {1}, false));
        assertTrue(e.getMessage().startsWith("max_pool2d:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pooling.maxPool2d(Tensor.randn(2, 2), 2));
        assertThrows(IllegalArgumentException.class, () -> Pooling.maxPool2d(Tensor.randn(1, 1, 2, 2), 3));
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2, MaxPool2d.Options.defaults().withPadding(2)));
        assertThrows(IllegalArgumentException.class, () -> Pooling.adaptiveAvgPool2d(x, new int[] {0}));
    }
}
