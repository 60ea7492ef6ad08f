package dev.kiln.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradCheck;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;
import org.junit.jupiter.api.Test;

class MaxMinTest {
    private final Generator g = new Generator(7);

    @Test
    void maxAndMinOfAllElements() {
        Tensor x = Tensor.randn(g, 5, 37);
        float[] v = x.toFloatArray();
        float mx = Float.NEGATIVE_INFINITY;
        float mn = Float.POSITIVE_INFINITY;
        for (float f : v) {
            mx = Math.max(mx, f);
            mn = Math.min(mn, f);
        }
        assertEquals(0, x.max().dim());
        assertEquals(mx, x.max().item(), 0);
        assertEquals(mn, x.min().item(), 0);
        assertEquals(mx, x.t().max().item(), 0);
        assertEquals(mx, x.to(DType.FLOAT64).max().item(), 0);
        Tensor ints = Tensor.of(3L, -7L, 12L, 5L);
        assertEquals(DType.INT64, ints.max().dtype());
        assertEquals(12, ints.max().item());
        assertEquals(-7, ints.min().item());
    }

    @Test
    void maxAlongEachDimMatchesLoops() {
        Tensor x = Tensor.randn(g, 3, 4, 5);
        float[] v = x.toFloatArray();
        int[] shape = {3, 4, 5};
        for (int d = 0; d < 3; d++) {
            for (boolean keep : new boolean[] {false, true}) {
                ValuesIndices mx = x.max(d, keep);
                ValuesIndices mn = x.min(d, keep);
                int[] expShape = shape.clone();
                expShape[d] = 1;
                assertArrayEquals(keep ? expShape : drop(shape, d), mx.values().shape());
                assertEquals(DType.INT64, mx.indices().dtype());
                float[] vals = mx.values().toFloatArray();
                long[] idx = mx.indices().toLongArray();
                float[] minVals = mn.values().toFloatArray();
                long[] minIdx = mn.indices().toLongArray();
                int o = 0;
                for (int a = 0; a < expShape[0]; a++) {
                    for (int b = 0; b < expShape[1]; b++) {
                        for (int c = 0; c < expShape[2]; c++) {
                            float best = Float.NEGATIVE_INFINITY;
                            float worst = Float.POSITIVE_INFINITY;
                            int bi = -1;
                            int wi = -1;
                            for (int k = 0; k < shape[d]; k++) {
                                int[] p = {a, b, c};
                                p[d] = k;
                                float f = v[(p[0] * 4 + p[1]) * 5 + p[2]];
                                if (f > best) {
                                    best = f;
                                    bi = k;
                                }
                                if (f < worst) {
                                    worst = f;
                                    wi = k;
                                }
                            }
                            assertEquals(best, vals[o], 0);
                            assertEquals(bi, idx[o]);
                            assertEquals(worst, minVals[o], 0);
                            assertEquals(wi, minIdx[o]);
                            o++;
                        }
                    }
                }
            }
        }
    }

    private static int[] drop(int[] shape, int d) {
        int[] r = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != d) {
                r[j++] = shape[i];
            }
        }
        return r;
    }

    @Test
    void longFloatRowsUseTheVectorPathAndAgreeWithLoops() {
        Tensor x = Tensor.randn(g, 6, 133);
        float[] v = x.toFloatArray();
        long[] idx = x.argmax(1, false).toLongArray();
        float[] vals = x.amax(new int[] {1}, false).toFloatArray();
        for (int r = 0; r < 6; r++) {
            int best = 0;
            for (int k = 1; k < 133; k++) {
                if (v[r * 133 + k] > v[r * 133 + best]) {
                    best = k;
                }
            }
            assertEquals(best, idx[r]);
            assertEquals(v[r * 133 + best], vals[r], 0);
        }
        // strided input (a transposed view) gives the same answers
        Tensor xt = x.t().contiguous().t();
        assertArrayEquals(idx, xt.argmax(1, false).toLongArray());
    }

    @Test
    void manyRowsSplitAcrossThreadsAgreeWithLoops() {
        Tensor x = Tensor.randn(g, 3000, 40);
        float[] v = x.toFloatArray();
        long[] idx = x.argmin(1, false).toLongArray();
        float[] vals = x.amin(new int[] {1}, false).toFloatArray();
        for (int r = 0; r < 3000; r++) {
            int best = 0;
            for (int k = 1; k < 40; k++) {
                if (v[r * 40 + k] < v[r * 40 + best]) {
                    best = k;
                }
            }
            assertEquals(best, idx[r], "row " + r);
            assertEquals(v[r * 40 + best], vals[r], 0);
        }
    }

    @Test
    void nanPropagatesAndIsSelected() {
        float[] data = new float[40];
        for (int i = 0; i < 40; i++) {
            data[i] = i;
        }
        data[17] = Float.NaN;
        Tensor x = Tensor.fromArray(data, 1, 40);
        assertTrue(Double.isNaN(x.max().item()));
        assertTrue(Double.isNaN(x.min().item()));
        assertEquals(17, x.argmax(1, false).item());
        assertEquals(17, x.argmin(1, false).item());
        assertTrue(Double.isNaN(x.to(DType.FLOAT64).amax(new int[] {1}, false).item()));
    }

    @Test
    void argmaxWithoutDimIndexesTheFlattenedTensor() {
        Tensor x = Tensor.of(new float[][] {{1, 9, 2}, {3, 4, 10}});
        assertEquals(0, x.argmax().dim());
        assertEquals(5, x.argmax().item());
        assertEquals(0, x.argmin().item());
        // t() flattened is [1, 3, 9, 4, 2, 10]
        assertEquals(5, x.t().argmax().item());
        assertArrayEquals(new long[] {0, 0}, x.t().argmin(0, false).toLongArray());
        assertArrayEquals(new int[] {2, 1}, x.argmax(1, true).shape());
        assertArrayEquals(new long[] {1, 2}, x.argmax(1, true).toLongArray());
    }

    @Test
    void tiesTakeTheFirstIndexAndAmaxSplitsTheGradientEvenly() {
        Tensor x = Tensor.of(new float[][] {{1, 3, 3, 2}, {5, 5, 5, 0}}).requiresGrad(true);
        ValuesIndices m = x.max(1, false);
        assertArrayEquals(new long[] {1, 0}, m.indices().toLongArray());
        x.amax(new int[] {1}, false).sum().backward();
        assertArrayEquals(new float[] {0, 0.5f, 0.5f, 0, 1f / 3, 1f / 3, 1f / 3, 0}, x.grad().toFloatArray(), 1e-7f);
        Tensor y = Tensor.of(2f, 7f, 7f, 1f).requiresGrad(true);
        y.max().backward();
        assertArrayEquals(new float[] {0, 0.5f, 0.5f, 0}, y.grad().toFloatArray());
        Tensor z = Tensor.of(2f, 7f, 7f, 1f).requiresGrad(true);
        z.max(0, false).values().backward();
        assertArrayEquals(new float[] {0, 1, 0, 0}, z.grad().toFloatArray());
    }

    @Test
    void amaxOverSeveralDims() {
        Tensor x = Tensor.randn(g, 2, 3, 4);
        float[] v = x.toFloatArray();
        Tensor a = x.amax(new int[] {0, -1}, true);
        assertArrayEquals(new int[] {1, 3, 1}, a.shape());
        Tensor b = x.amin(new int[] {0, 2}, false);
        for (int j = 0; j < 3; j++) {
            float mx = Float.NEGATIVE_INFINITY;
            float mn = Float.POSITIVE_INFINITY;
            for (int i = 0; i < 2; i++) {
                for (int k = 0; k < 4; k++) {
                    mx = Math.max(mx, v[(i * 3 + j) * 4 + k]);
                    mn = Math.min(mn, v[(i * 3 + j) * 4 + k]);
                }
            }
            assertEquals(mx, a.getDouble(0, j, 0), 0);
            assertEquals(mn, b.getDouble(j), 0);
        }
    }

    @Test
    void gradChecks() {
        Tensor x = Tensor.randn(g, 3, 4, 5).to(DType.FLOAT64).requiresGrad(true);
        GradCheck.check(in -> in[0].max(1, false).values(), x);
        GradCheck.check(in -> in[0].min(-1, true).values(), x);
        GradCheck.check(in -> in[0].amax(new int[] {0, 2}, false), x);
        GradCheck.check(in -> in[0].amin(new int[] {1}, true), x);
        GradCheck.check(in -> in[0].max(), x);
        GradCheck.check(in -> in[0].min(), x);
    }

    @Test
    void errorsNameTheOpAndShape() {
        Tensor empty = Tensor.zeros(2, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> empty.max(1, false));
        assertTrue(e.getMessage().contains("max") && e.getMessage().contains("[2, 0]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> empty.amax(new int[] {1}, false));
        assertTrue(e.getMessage().startsWith("amax"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).argmax(2, false));
        assertTrue(e.getMessage().startsWith("argmax") && e.getMessage().contains("out of range"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0).max());
        assertTrue(e.getMessage().startsWith("max"), e.getMessage());
    }

    /** sum(dim), mean(dim), max(dim) and min(dim) drop the dim, as their (dim, false) forms. */
    @Test
    void reductionsOverOneDim() {
        Tensor x = Tensor.arange(6).reshape(2, 3).to(DType.FLOAT32);
        assertArrayEquals(new float[] {3f, 12f}, x.sum(1).toFloatArray(), 0f);
        assertArrayEquals(new int[] {3}, x.mean(0).shape());
        assertArrayEquals(new float[] {1.5f, 2.5f, 3.5f}, x.mean(0).toFloatArray(), 0f);
        assertArrayEquals(new float[] {2f, 5f}, x.max(1).values().toFloatArray(), 0f);
        assertArrayEquals(new long[] {0, 0, 0}, x.min(0).indices().toLongArray());
    }
}
