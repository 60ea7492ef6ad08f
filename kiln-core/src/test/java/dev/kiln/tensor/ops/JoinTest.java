package dev.kiln.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradCheck;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class JoinTest {
    private final Generator g = new Generator(5);

    @Test
    void catAlongEachDimMatchesLoops() {
        Tensor a = Tensor.randn(g, 2, 3);
        Tensor b = Tensor.randn(g, 2, 5);
        float[] av = a.toFloatArray();
        float[] bv = b.toFloatArray();
        Tensor c = Tensor.cat(1, a, b);
        assertArrayEquals(new int[] {2, 8}, c.shape());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 8; j++) {
                float expected = j < 3 ? av[i * 3 + j] : bv[i * 5 + j - 3];
                assertEquals(expected, c.getDouble(i, j), 0);
            }
        }
        Tensor d = Tensor.cat(0, a, Tensor.randn(g, 4, 3));
        assertArrayEquals(new int[] {6, 3}, d.shape());
        assertArrayEquals(av, d.narrow(0, 0, 2).contiguous().toFloatArray());
        // strided inputs
        Tensor e = Tensor.cat(-1, a.t(), a.t());
        assertArrayEquals(new int[] {3, 4}, e.shape());
        assertEquals(av[1 * 3 + 2], e.getDouble(2, 1), 0);
        assertEquals(av[1 * 3 + 2], e.getDouble(2, 3), 0);
    }

    @Test
    void catOfIntegerAndBoolTensorsAndPromotion() {
        Tensor c = Tensor.cat(0, Tensor.of(1L, 2L), Tensor.of(3L));
        assertEquals(DType.INT64, c.dtype());
        assertArrayEquals(new long[] {1, 2, 3}, c.toLongArray());
        Tensor bools = Tensor.cat(0, Tensor.of(true), Tensor.of(false, true));
        assertArrayEquals(new boolean[] {true, false, true}, bools.toBooleanArray());
        Tensor mixed = Tensor.cat(0, Tensor.of(1L), Tensor.of(2.5f));
        assertEquals(DType.FLOAT32, mixed.dtype());
        assertArrayEquals(new float[] {1, 2.5f}, mixed.toFloatArray());
        // 1-D empty tensors are skipped
        assertArrayEquals(new int[] {2, 2}, Tensor.cat(0, Tensor.zeros(0), Tensor.ones(2, 2)).shape());
    }

    @Test
    void stackInsertsANewDimension() {
        Tensor a = Tensor.of(1f, 2f, 3f);
        Tensor b = Tensor.of(4f, 5f, 6f);
        Tensor s0 = Tensor.stack(0, a, b);
        assertArrayEquals(new int[] {2, 3}, s0.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, s0.toFloatArray());
        Tensor s1 = Tensor.stack(1, a, b);
        assertArrayEquals(new int[] {3, 2}, s1.shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, s1.toFloatArray());
        assertArrayEquals(s1.toFloatArray(), Tensor.stack(-1, a, b).toFloatArray());
        Tensor ints = Tensor.stack(0, Tensor.of(1L), Tensor.of(2L));
        assertArrayEquals(new long[] {1, 2}, ints.toLongArray());
    }

    @Test
    void catGradientsAreSlices() {
        Tensor a = Tensor.of(new float[][] {{1, 2}}).requiresGrad(true);
        Tensor b = Tensor.of(new float[][] {{3, 4}, {5, 6}}).requiresGrad(true);
        Tensor w = Tensor.of(new float[][] {{1, 2}, {3, 4}, {5, 6}});
        Tensor.cat(0, a, b).mul(w).sum().backward();
        assertArrayEquals(new float[] {1, 2}, a.grad().toFloatArray());
        assertArrayEquals(new float[] {3, 4, 5, 6}, b.grad().toFloatArray());
    }

    @Test
    void splitAndChunkAreViews() {
        Tensor x = Tensor.arange(0, 10, 1, DType.FLOAT32).reshape(2, 5);
        List<Tensor> parts = x.split(2, 1);
        assertEquals(3, parts.size());
        assertArrayEquals(new int[] {2, 2}, parts.get(0).shape());
        assertArrayEquals(new int[] {2, 1}, parts.get(2).shape());
        assertArrayEquals(new float[] {2, 3, 7, 8}, parts.get(1).contiguous().toFloatArray());
        assertTrue(x.sharesStorage(parts.get(1)));
        List<Tensor> sized = x.split(new int[] {1, 4}, -1);
        assertArrayEquals(new float[] {0, 5}, sized.get(0).contiguous().toFloatArray());
        assertArrayEquals(new int[] {2, 4}, sized.get(1).shape());
        List<Tensor> chunks = Tensor.arange(0, 5, 1, DType.FLOAT32).chunk(3, 0);
        // ceil(5 / 3) = 2: sizes 2, 2, 1
        assertEquals(3, chunks.size());
        assertArrayEquals(new float[] {4}, chunks.get(2).toFloatArray());
        List<Tensor> fewer = Tensor.arange(0, 4, 1, DType.FLOAT32).chunk(3, 0);
        // ceil(4 / 3) = 2: sizes 2, 2
        assertEquals(2, fewer.size());
        x.split(2, 1).get(1).fill_(-1);
        assertEquals(-1, x.getDouble(1, 3), 0);
    }

    @Test
    void gradChecks() {
        Tensor a = Tensor.randn(g, 2, 3).to(DType.FLOAT64).requiresGrad(true);
        Tensor b = Tensor.randn(g, 2, 4).to(DType.FLOAT64).requiresGrad(true);
        Tensor c = Tensor.randn(g, 2, 3).to(DType.FLOAT64).requiresGrad(true);
        GradCheck.check(in -> Tensor.cat(1, in[0], in[1], in[2]), a, b, c);
        GradCheck.check(in -> Tensor.cat(0, in[0], in[2]), a, b, c);
        GradCheck.check(in -> Tensor.stack(1, in[0], in[1]), a, c);
        GradCheck.check(in -> in[0].split(3, 1).get(1).mul(in[0].chunk(2, 1).get(0)), b);
    }

    @Test
    void errorsNameShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.cat(1, Tensor.zeros(2, 3), Tensor.zeros(4, 5)));
        assertEquals("cat: tensors must have the same shape except in dimension 1, got [2, 3] and [4, 5]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.cat(List.of(), 0));
        assertTrue(e.getMessage().startsWith("cat"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.cat(0, Tensor.zeros(2, 3), Tensor.zeros(3)));
        assertTrue(e.getMessage().contains("[2, 3] and [3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.stack(0, Tensor.zeros(2, 3), Tensor.zeros(2, 4)));
        assertTrue(e.getMessage().startsWith("stack") && e.getMessage().contains("[2, 4] at entry 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 5).split(new int[] {1, 2}, 1));
        assertTrue(e.getMessage().startsWith("split") && e.getMessage().contains("size 5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 5).chunk(0, 1));
        assertTrue(e.getMessage().startsWith("chunk"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 5).split(0, 1));
        assertTrue(e.getMessage().startsWith("split"), e.getMessage());
    }
}
