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

class RearrangeTest {
    /** 0, 1, 2, … in a (2, 3, 4) float tensor: element (a, b, c) holds 12a + 4b + c. */
    private static Tensor counting() {
        return Tensor.arange(24).reshape(2, 3, 4).to(DType.FLOAT32);
    }

    private static float at(Tensor t, int... idx) {
        int[] s = t.shape();
        int flat = 0;
        for (int i = 0; i < idx.length; i++) {
            flat = flat * s[i] + idx[i];
        }
        return t.contiguous().toFloatArray()[flat];
    }

    @Test
    void flipReversesEachNamedDim() {
        Tensor x = counting();
        Tensor y = x.flip(0, 2);
        assertArrayEquals(new int[] {2, 3, 4}, y.shape());
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 3; b++) {
                for (int c = 0; c < 4; c++) {
                    assertEquals(12 * (1 - a) + 4 * b + (3 - c), at(y, a, b, c));
                }
            }
        }
        assertArrayEquals(x.toFloatArray(), x.flip(-1).flip(2).toFloatArray(), 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.flip(1, -2));
        assertTrue(e.getMessage().contains("flip: dim 1 appears more than once"), e.getMessage());
    }

    @Test
    void rollWrapsAround() {
        Tensor x = counting();
        for (int shift : new int[] {1, -1, 5, 0}) {
            Tensor y = x.roll(shift, 2);
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 3; b++) {
                    for (int c = 0; c < 4; c++) {
                        assertEquals(12 * a + 4 * b + c, at(y, a, b, Math.floorMod(c + shift, 4)), "shift " + shift);
                    }
                }
            }
        }
    }

    @Test
    void repeatTilesLikePyTorch() {
        Tensor x = Tensor.fromArray(new float[] {1, 2, 3}, 3);
        // torch.tensor([1,2,3]).repeat(2, 2) == [[1,2,3,1,2,3],[1,2,3,1,2,3]]
        Tensor y = x.repeat(2, 2);
        assertArrayEquals(new int[] {2, 6}, y.shape());
        assertArrayEquals(new float[] {1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3}, y.toFloatArray(), 0f);
        Tensor z = counting().repeat(1, 2, 1);
        assertArrayEquals(new int[] {2, 6, 4}, z.shape());
        for (int b = 0; b < 6; b++) {
            assertEquals(12 + 4 * (b % 3) + 3, at(z, 1, b, 3));
        }
        assertThrows(IllegalArgumentException.class, () -> counting().repeat(2, 2));
    }

    @Test
    void trianglesKeepTheirSideOfTheDiagonal() {
        Tensor x = counting();
        for (int k : new int[] {-1, 0, 2}) {
            Tensor lower = x.tril(k);
            Tensor upper = x.triu(k);
            for (int a = 0; a < 2; a++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 4; j++) {
                        float v = 12 * a + 4 * i + j;
                        assertEquals(j - i <= k ? v : 0f, at(lower, a, i, j), "tril " + k);
                        assertEquals(j - i >= k ? v : 0f, at(upper, a, i, j), "triu " + k);
                    }
                }
            }
        }
        Tensor nan = Tensor.full(Float.NaN, 2, 2);
        assertArrayEquals(new float[] {Float.NaN, 0f, Float.NaN, Float.NaN}, nan.tril().toFloatArray(), 0f);
        assertThrows(IllegalArgumentException.class, () -> Tensor.ones(3).triu());
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Generator g = new Generator(8);
        Tensor x = Tensor.randn(g, 3, 4).to(DType.FLOAT64).requiresGrad(true);
        GradCheck.check(in -> in[0].flip(0, 1).mul(in[0]), x);
        GradCheck.check(in -> in[0].roll(-3, 1).mul(in[0]), x);
        GradCheck.check(in -> in[0].repeat(2, 1, 3), x);
        GradCheck.check(in -> in[0].tril(1).add(in[0].triu(-1)), x);
    }
}
