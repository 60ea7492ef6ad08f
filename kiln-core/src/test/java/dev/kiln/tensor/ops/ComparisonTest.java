package dev.kiln.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Comparisons, logic and the float classifications, with PyTorch's rules for NaN, ±∞, int64 and broadcasting. */
class ComparisonTest {
    private static final float NAN = Float.NaN;
    private static final float INF = Float.POSITIVE_INFINITY;

    @Test
    void classificationsFollowIeeeForEveryFloatTypeAndAreConstantForIntegers() {
        Tensor f = Tensor.of(1f, NAN, INF, -INF, -0f);
        assertArrayEquals(new boolean[] {false, true, false, false, false}, f.isnan().toBooleanArray());
        assertArrayEquals(new boolean[] {false, false, true, true, false}, f.isinf().toBooleanArray());
        assertArrayEquals(new boolean[] {true, false, false, false, true}, f.isfinite().toBooleanArray());
        Tensor d = f.to(DType.FLOAT64).reshape(5, 1).expand(5, 2); // a strided float64 view
        assertArrayEquals(new boolean[] {false, false, true, true, false, false, false, false, false, false},
                d.isnan().toBooleanArray());
        assertArrayEquals(new int[] {5, 2}, d.isinf().shape());
        Tensor ints = Tensor.of(3L, Long.MAX_VALUE);
        assertArrayEquals(new boolean[] {false, false}, ints.isnan().toBooleanArray());
        assertArrayEquals(new boolean[] {false, false}, ints.isinf().toBooleanArray());
        assertArrayEquals(new boolean[] {true, true}, ints.isfinite().toBooleanArray());
    }

    @Test
    void comparisonsBroadcastAndKeepNanAndInt64Rules() {
        Tensor a = Tensor.of(1f, NAN, 3f).reshape(3, 1);
        Tensor b = Tensor.of(1f, 3f);
        assertArrayEquals(new boolean[] {true, false, false, false, false, true}, a.eq(b).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true, true, true, true, false}, a.ne(b).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true, false, false, false, false}, a.lt(b).toBooleanArray());
        long big = 1L << 53;
        assertArrayEquals(new boolean[] {true, false}, Tensor.of(big, big + 1).lt(Tensor.of(big + 1)).toBooleanArray(),
                "int64 compares exactly beyond 2^53");
        assertArrayEquals(new boolean[] {false, true}, Tensor.of(0.1f, 0.5f).eq(Tensor.of(0.1, 0.5)).toBooleanArray(),
                "a float32 0.1 is not the float64 0.1");
        assertArrayEquals(new boolean[] {false, true}, Tensor.of(0.1f, 0.5f).eq(0.1).logicalXor(Tensor.of(0.1f, 0.5f).eq(0.5))
                .toBooleanArray(), "against a scalar too");
    }

    @Test
    void logicReadsNonZeroAsTrue() {
        Tensor a = Tensor.of(0f, 2f, NAN, 0f);
        Tensor b = Tensor.of(0L, 0L, 1L, 5L);
        assertArrayEquals(new boolean[] {false, false, true, false}, a.logicalAnd(b).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true, true, true}, a.logicalOr(b).toBooleanArray());
        assertArrayEquals(new boolean[] {false, true, false, true}, a.logicalXor(b).toBooleanArray());
        assertArrayEquals(new boolean[] {true, false, false, true}, a.logicalNot().toBooleanArray());
        assertArrayEquals(new int[] {2, 4}, a.logicalAnd(b.reshape(1, 4).expand(2, 4)).shape());
    }

    @Test
    void allcloseUsesTheRelativeAndAbsoluteToleranceAndEqualInfinities() {
        Tensor a = Tensor.of(1.0, 100.0, Double.POSITIVE_INFINITY);
        assertTrue(a.allclose(Tensor.of(1.0 + 1e-9, 100.0 + 1e-4, Double.POSITIVE_INFINITY), 1e-5, 1e-8));
        assertFalse(a.allclose(Tensor.of(1.0 + 1e-6, 100.0, Double.POSITIVE_INFINITY), 1e-7, 1e-8));
        assertFalse(Tensor.of(NAN).allclose(Tensor.of(NAN)), "NaNs are never close");
        assertFalse(Tensor.of(1f, 2f).allclose(Tensor.of(1f, 2f, 3f)), "shapes differ");
        assertTrue(Tensor.of(1f, 2f).allclose(Tensor.of(1.0, 2.0 + 1e-9)), "float32 against float64");
        assertEquals(true, Tensor.of(INF).allclose(Tensor.of(INF)));
    }

    @Test
    void allAndAnyReduceTruthAlongADimensionOrEverything() {
        Tensor x = Tensor.of(new float[][] {{1f, 0f, NAN}, {2f, 3f, -1f}});
        assertArrayEquals(new boolean[] {false, true}, x.all(1, false).toBooleanArray());
        assertArrayEquals(new boolean[] {true, false, true}, x.all(0, false).toBooleanArray());
        assertArrayEquals(new boolean[] {true, true, true}, x.any(0, false).toBooleanArray());
        assertArrayEquals(new int[] {2, 1}, x.any(1, true).shape());
        assertFalse(x.all().toBooleanArray()[0]);
        assertTrue(Tensor.zeros(0).all().toBooleanArray()[0], "all of nothing is true");
        assertFalse(Tensor.zeros(0).any().toBooleanArray()[0], "any of nothing is false");
        assertTrue(Tensor.of(0L, 0L, 7L).any().toBooleanArray()[0]);
    }
}
