package dev.kiln.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradCheck;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

class IndexingTest {
    private final Generator g = new Generator(13);

    @Test
    void whereBroadcastsAllThree() {
        boolean[] c = {true, false, false, true, true, false};
        Tensor cond = Tensor.fromArray(c, 2, 1, 3);
        Tensor input = Tensor.randn(g, 4, 1);
        Tensor other = Tensor.scalar(-7);
        Tensor out = Tensor.where(cond, input, other);
        assertArrayEquals(new int[] {2, 4, 3}, out.shape());
        float[] iv = input.toFloatArray();
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 4; b++) {
                for (int k = 0; k < 3; k++) {
                    double expected = c[a * 3 + k] ? iv[b] : -7;
                    assertEquals(expected, out.getDouble(a, b, k), 0);
                }
            }
        }
        Tensor ints = Tensor.where(Tensor.of(true, false), Tensor.of(1L, 2L), Tensor.of(10L, 20L));
        assertArrayEquals(new long[] {1, 20}, ints.toLongArray());
        Tensor bools = Tensor.where(Tensor.of(true, false), Tensor.of(true, true), Tensor.of(false, false));
        assertArrayEquals(new boolean[] {true, false}, bools.toBooleanArray());
        Tensor promoted = Tensor.where(Tensor.of(true, false), Tensor.of(1L, 2L), Tensor.of(0.5, 0.25));
        assertEquals(DType.FLOAT64, promoted.dtype());
        assertArrayEquals(new double[] {1, 0.25}, promoted.toDoubleArray());
    }

    @Test
    void whereOnLongDenseFloatRows() {
        Tensor x = Tensor.randn(g, 7, 149);
        Tensor y = Tensor.randn(g, 7, 149);
        Tensor cond = Tensor.randn(g, 7, 149).gt(0);
        float[] xv = x.toFloatArray();
        float[] yv = y.toFloatArray();
        boolean[] cv = cond.toBooleanArray();
        float[] dense = Tensor.where(cond, x, y).toFloatArray();
        float[] scalar = Tensor.where(cond, x, Tensor.scalar(2)).toFloatArray();
        float[] first = Tensor.where(cond, Tensor.scalar(-3), y).toFloatArray();
        for (int i = 0; i < xv.length; i++) {
            assertEquals(cv[i] ? xv[i] : yv[i], dense[i], 0);
            assertEquals(cv[i] ? xv[i] : 2f, scalar[i], 0);
            assertEquals(cv[i] ? -3f : yv[i], first[i], 0);
        }
    }

    @Test
    void whereGradientsAreZeroWhereNotTaken() {
        Tensor cond = Tensor.of(new boolean[] {true, false, true});
        Tensor a = Tensor.of(1f, 2f, 3f).requiresGrad(true);
        Tensor b = Tensor.scalar(5).requiresGrad(true);
        Tensor.where(cond, a, b).mul(Tensor.of(10f, 20f, 30f)).sum().backward();
        assertArrayEquals(new float[] {10, 0, 30}, a.grad().toFloatArray());
        assertEquals(20, b.grad().item(), 0);
        assertEquals(0, b.grad().dim());
    }

    @Test
    void gatherMatchesLoops() {
        Tensor x = Tensor.randn(g, 3, 4);
        float[] v = x.toFloatArray();
        long[] i1 = {3, 0, 1, 1, 2, 2};
        Tensor idx1 = Tensor.fromArray(i1, 3, 2);
        Tensor out1 = x.gather(1, idx1);
        assertArrayEquals(new int[] {3, 2}, out1.shape());
        for (int r = 0; r < 3; r++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(v[r * 4 + (int) i1[r * 2 + j]], out1.getDouble(r, j), 0);
            }
        }
        long[] i0 = {2, 0, 1, 0, 0, 2};
        Tensor out0 = x.gather(0, Tensor.fromArray(i0, 2, 3));
        for (int r = 0; r < 2; r++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(v[(int) i0[r * 3 + j] * 4 + j], out0.getDouble(r, j), 0);
            }
        }
        // strided input and int64 values
        Tensor xt = x.t();
        Tensor outT = xt.gather(0, Tensor.fromArray(new long[] {3, 1}, 1, 2));
        assertEquals(v[0 * 4 + 3], outT.getDouble(0, 0), 0);
        assertEquals(v[1 * 4 + 1], outT.getDouble(0, 1), 0);
        Tensor ints = Tensor.fromArray(new long[] {5, 6, 7, 8}, 2, 2).gather(1, Tensor.fromArray(new long[] {1, 1, 0, 1}, 2, 2));
        assertArrayEquals(new long[] {6, 6, 7, 8}, ints.toLongArray());
    }

    @Test
    void gatherGradientScatterAddsRepeats() {
        Tensor x = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}}).requiresGrad(true);
        Tensor idx = Tensor.fromArray(new long[] {0, 0, 2, 1}, 2, 2);
        x.gather(1, idx).sum().backward();
        assertArrayEquals(new float[] {2, 0, 0, 0, 1, 1}, x.grad().toFloatArray());
    }

    @Test
    void scatterAndScatterAddMatchLoops() {
        Tensor x = Tensor.zeros(3, 4).add(1);
        Tensor src = Tensor.randn(g, 2, 4);
        float[] sv = src.toFloatArray();
        long[] iv = {0, 1, 2, 0, 2, 0, 1, 1};
        Tensor idx = Tensor.fromArray(iv, 2, 4);
        float[] expected = new float[12];
        java.util.Arrays.fill(expected, 1);
        for (int r = 0; r < 2; r++) {
            for (int j = 0; j < 4; j++) {
                expected[(int) iv[r * 4 + j] * 4 + j] = sv[r * 4 + j];
            }
        }
        assertArrayEquals(expected, x.scatter(0, idx, src).toFloatArray());
        java.util.Arrays.fill(expected, 1);
        for (int r = 0; r < 2; r++) {
            for (int j = 0; j < 4; j++) {
                expected[(int) iv[r * 4 + j] * 4 + j] += sv[r * 4 + j];
            }
        }
        assertArrayEquals(expected, x.scatterAdd(0, idx, src).toFloatArray(), 1e-6f);
        Tensor filled = x.scatter(1, Tensor.fromArray(new long[] {3, 0}, 2, 1), 9.0);
        assertArrayEquals(new float[] {1, 1, 1, 9, 9, 1, 1, 1, 1, 1, 1, 1}, filled.toFloatArray());
        assertArrayEquals(new float[] {1, 1, 1, 1}, x.narrow(0, 0, 1).contiguous().toFloatArray(), "input untouched");
        Tensor adds = Tensor.zeros(DType.INT64, 3).scatterAdd(0, Tensor.of(0L, 2L, 0L), Tensor.of(5L, 6L, 7L));
        assertArrayEquals(new long[] {12, 0, 6}, adds.toLongArray());
    }

    @Test
    void scatterGradients() {
        Tensor x = Tensor.zeros(2, 3).requiresGrad(true);
        Tensor src = Tensor.of(new float[][] {{1, 2}, {3, 4}}).requiresGrad(true);
        Tensor idx = Tensor.fromArray(new long[] {2, 0, 1, 2}, 2, 2);
        Tensor w = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        x.scatter(1, idx, src).mul(w).sum().backward();
        assertArrayEquals(new float[] {0, 2, 0, 4, 0, 0}, x.grad().toFloatArray());
        assertArrayEquals(new float[] {3, 1, 5, 6}, src.grad().toFloatArray());
        Tensor x2 = Tensor.zeros(2, 3).requiresGrad(true);
        Tensor src2 = Tensor.of(new float[][] {{1, 2}, {3, 4}}).requiresGrad(true);
        x2.scatterAdd(1, idx, src2).mul(w).sum().backward();
        assertArrayEquals(w.toFloatArray(), x2.grad().toFloatArray());
        assertArrayEquals(new float[] {3, 1, 5, 6}, src2.grad().toFloatArray());
    }

    @Test
    void indexSelectMatchesLoopsAndAccumulatesRepeats() {
        Tensor x = Tensor.randn(g, 4, 3);
        float[] v = x.toFloatArray();
        long[] iv = {3, 0, 3, 1};
        Tensor idx = Tensor.of(iv);
        Tensor rows = x.indexSelect(0, idx);
        Tensor cols = x.indexSelect(1, Tensor.of(2L, 2L));
        assertArrayEquals(new int[] {4, 3}, rows.shape());
        assertArrayEquals(new int[] {4, 2}, cols.shape());
        for (int r = 0; r < 4; r++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(v[(int) iv[r] * 3 + j], rows.getDouble(r, j), 0);
            }
            assertEquals(v[r * 3 + 2], cols.getDouble(r, 1), 0);
        }
        assertArrayEquals(new long[] {30, 10}, Tensor.of(10L, 20L, 30L).indexSelect(0, Tensor.of(2L, 0L)).toLongArray());
        Tensor p = Tensor.randn(g, 4, 3).requiresGrad(true);
        p.indexSelect(0, idx).sum().backward();
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 0, 0, 0, 2, 2, 2}, p.grad().toFloatArray());
    }

    @Test
    void maskedFillBroadcastsTheMask() {
        Tensor x = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}}).requiresGrad(true);
        Tensor mask = Tensor.of(true, false, true);
        Tensor out = x.maskedFill(mask, -1);
        assertArrayEquals(new float[] {-1, 2, -1, -1, 5, -1}, out.toFloatArray());
        out.sum().backward();
        assertArrayEquals(new float[] {0, 1, 0, 0, 1, 0}, x.grad().toFloatArray());
        assertArrayEquals(new long[] {0, 7}, Tensor.of(0L, 7L).maskedFill(Tensor.of(true, false), 0).toLongArray());
    }

    @Test
    void oneHotEncodes() {
        Tensor idx = Tensor.fromArray(new long[] {2, 0, 1, 2}, 2, 2);
        Tensor oh = Tensor.oneHot(idx, 4);
        assertEquals(DType.INT64, oh.dtype());
        assertArrayEquals(new int[] {2, 2, 4}, oh.shape());
        long[] expected = new long[16];
        long[] iv = {2, 0, 1, 2};
        for (int i = 0; i < 4; i++) {
            expected[i * 4 + (int) iv[i]] = 1;
        }
        assertArrayEquals(expected, oh.toLongArray());
        assertArrayEquals(new int[] {2, 2, 3}, Tensor.oneHot(idx, -1).shape());
    }

    @Test
    void gradChecks() {
        Tensor a = Tensor.randn(g, 3, 4).to(DType.FLOAT64).requiresGrad(true);
        Tensor b = Tensor.randn(g, 4).to(DType.FLOAT64).requiresGrad(true);
        Tensor cond = Tensor.randn(g, 3, 4).gt(0);
        GradCheck.check(in -> Tensor.where(cond, in[0], in[1]), a, b);
        Tensor gi = Tensor.fromArray(new long[] {0, 3, 3, 1, 2, 2, 0, 0, 1}, 3, 3);
        GradCheck.check(in -> in[0].gather(1, gi), a);
        Tensor perm = Tensor.fromArray(new long[] {2, 0, 1, 0, 1, 2, 0, 2}, 2, 4);
        Tensor src = Tensor.randn(g, 2, 5).to(DType.FLOAT64).requiresGrad(true);
        GradCheck.check(in -> in[0].scatter(0, perm, in[1]), a, src);
        GradCheck.check(in -> in[0].scatter(0, perm, 2.5), a);
        GradCheck.check(in -> in[0].scatterAdd(0, perm, in[1]), a, src);
        GradCheck.check(in -> in[0].indexSelect(1, Tensor.of(3L, 0L, 3L)), a);
        GradCheck.check(in -> in[0].maskedFill(cond, 0.5), a);
    }

    @Test
    void errorsNameOpShapesAndIndices() {
        Tensor x = Tensor.zeros(2, 3, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> x.gather(1, Tensor.zeros(DType.INT64, 2, 3)));
        assertTrue(e.getMessage().startsWith("gather: index has 2 dimensions but input has 3"), e.getMessage());
        IndexOutOfBoundsException o = assertThrows(IndexOutOfBoundsException.class,
                () -> Tensor.zeros(2, 4).gather(1, Tensor.fromArray(new long[] {0, 5}, 2, 1)));
        assertTrue(o.getMessage().contains("index 5") && o.getMessage().contains("size 4"), o.getMessage());
        o = assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(3, 2).indexSelect(0, Tensor.of(-1L)));
        assertTrue(o.getMessage().startsWith("index_select: index -1") && o.getMessage().contains("size 3"), o.getMessage());
        o = assertThrows(IndexOutOfBoundsException.class,
                () -> Tensor.zeros(2, 3).scatter(1, Tensor.fromArray(new long[] {3}, 1, 1), 1.0));
        assertTrue(o.getMessage().startsWith("scatter: index 3"), o.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2).gather(0, Tensor.zeros(2)));
        assertTrue(e.getMessage().contains("int64"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.where(Tensor.zeros(2, 3).gt(0), Tensor.zeros(4), Tensor.zeros(3)));
        assertTrue(e.getMessage().startsWith("where") && e.getMessage().contains("[2, 3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).maskedFill(Tensor.of(true, false, true, true), 1));
        assertTrue(e.getMessage().startsWith("masked_fill"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).maskedFill(Tensor.ones(1, 3).gt(0), 1));
        assertTrue(e.getMessage().contains("cannot be broadcast to the input shape [3]"), e.getMessage());
        o = assertThrows(IndexOutOfBoundsException.class, () -> Tensor.oneHot(Tensor.of(1L, 7L), 5));
        assertTrue(o.getMessage().contains("7") && o.getMessage().contains("5 classes"), o.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).scatter(1, Tensor.zeros(DType.INT64, 2, 3), Tensor.zeros(2, 2)));
        assertTrue(e.getMessage().startsWith("scatter: index shape [2, 3] is larger than src shape [2, 2]"), e.getMessage());
    }
}
