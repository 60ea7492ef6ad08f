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
import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

class SortingTest {
    private final Generator g = new Generator(17);

    /** The stable order of a row, computed with the JDK's stable object sort. */
    private static Integer[] order(double[] row, boolean descending) {
        Integer[] idx = new Integer[row.length];
        for (int i = 0; i < row.length; i++) {
            idx[i] = i;
        }
        Comparator<Integer> c = Comparator.comparingDouble(i -> row[i]);
        Arrays.sort(idx, descending ? c.reversed() : c);
        return idx;
    }

    @Test
    void sortAlongEachDimMatchesAStableReference() {
        // small integers give many ties, so stability is exercised
        Tensor ints = Tensor.randint(g, 0, 5, 4, 37);
        for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
            checkSortAgainstReference(ints.to(type));
        }
    }

    private static void checkSortAgainstReference(Tensor x) {
        float[] v = x.to(DType.FLOAT32).toFloatArray();
        int rows = x.size(0);
        int n = x.size(1);
        for (boolean desc : new boolean[] {false, true}) {
            ValuesIndices s = x.sort(1, desc);
            long[] idx = s.indices().toLongArray();
            float[] vals = s.values().to(DType.FLOAT32).toFloatArray();
            for (int r = 0; r < rows; r++) {
                double[] row = new double[n];
                for (int k = 0; k < n; k++) {
                    row[k] = v[r * n + k];
                }
                Integer[] expected = order(row, desc);
                for (int k = 0; k < n; k++) {
                    assertEquals((long) expected[k], idx[r * n + k], "row " + r + " position " + k);
                    assertEquals(row[expected[k]], vals[r * n + k], 0);
                }
            }
            ValuesIndices s0 = x.sort(0, desc);
            for (int j = 0; j < n; j++) {
                double[] col = new double[rows];
                for (int r = 0; r < rows; r++) {
                    col[r] = v[r * n + j];
                }
                Integer[] expected = order(col, desc);
                for (int r = 0; r < rows; r++) {
                    assertEquals((long) expected[r], s0.indices().getLong(r, j));
                }
            }
        }
    }

    @Test
    void manyRowsSplitAcrossThreadsAgreeWithTheReference() {
        Tensor x = Tensor.randint(g, 0, 8, 2000, 20);
        for (DType type : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.INT64}) {
            checkSortAgainstReference(x.to(type));
        }
    }

    @Test
    void sortsInt64AndFloat64AndNanLast() {
        ValuesIndices s = Tensor.of(5L, -2L, 9L, -2L).sort(0, false);
        assertArrayEquals(new long[] {-2, -2, 5, 9}, s.values().toLongArray());
        assertArrayEquals(new long[] {1, 3, 0, 2}, s.indices().toLongArray());
        ValuesIndices d = Tensor.of(0.5, Double.NaN, -1.0).sort(0, false);
        assertArrayEquals(new long[] {2, 0, 1}, d.indices().toLongArray());
        ValuesIndices dd = Tensor.of(0.5, Double.NaN, -1.0).sort(0, true);
        assertArrayEquals(new long[] {1, 0, 2}, dd.indices().toLongArray());
        assertArrayEquals(new long[] {0, 2, 1}, Tensor.of(3f, 1f, 2f).argsort(0, true).toLongArray());
        float nan = Float.NaN;
        float inf = Float.POSITIVE_INFINITY;
        Tensor special = Tensor.of(0.5f, nan, -1f, -0f, 0f, -inf, inf);
        // -0 and +0 are equal (kept in input order); NaN is larger than +inf
        assertArrayEquals(new long[] {5, 2, 3, 4, 0, 6, 1}, special.argsort(0, false).toLongArray());
        assertArrayEquals(new long[] {1, 6, 0, 3, 4, 2, 5}, special.argsort(0, true).toLongArray());
        assertArrayEquals(new long[] {5, 2, 3, 4, 0, 6, 1}, special.to(DType.FLOAT64).argsort(0, false).toLongArray());
        assertArrayEquals(new long[] {1, 6, 0, 3, 4, 2, 5}, special.to(DType.FLOAT64).argsort(0, true).toLongArray());
    }

    @Test
    void topkMatchesSort() {
        Tensor x = Tensor.randn(g, 3, 10);
        float[] v = x.toFloatArray();
        ValuesIndices top = x.topk(4, 1, true, true);
        ValuesIndices bottom = x.topk(2, -1, false, true);
        assertArrayEquals(new int[] {3, 4}, top.values().shape());
        for (int r = 0; r < 3; r++) {
            double[] row = new double[10];
            for (int k = 0; k < 10; k++) {
                row[k] = v[r * 10 + k];
            }
            Integer[] desc = order(row, true);
            Integer[] asc = order(row, false);
            for (int k = 0; k < 4; k++) {
                assertEquals((long) desc[k], top.indices().getLong(r, k));
                assertEquals(row[desc[k]], top.values().getDouble(r, k), 0);
            }
            for (int k = 0; k < 2; k++) {
                assertEquals((long) asc[k], bottom.indices().getLong(r, k));
            }
        }
        ValuesIndices col = x.topk(1, 0, true, false);
        assertArrayEquals(new int[] {1, 10}, col.values().shape());
        assertArrayEquals(x.argmax(0, true).toLongArray(), col.indices().toLongArray());
        assertArrayEquals(new int[] {3, 0}, x.topk(0, 1, true, true).values().shape());
    }

    @Test
    void sortedValuesGradientGoesBackToTheOriginalPositions() {
        Tensor x = Tensor.of(3f, 1f, 2f).requiresGrad(true);
        x.sort(0, false).values().mul(Tensor.of(10f, 20f, 30f)).sum().backward();
        // sorted = [1, 2, 3] from positions [1, 2, 0]
        assertArrayEquals(new float[] {30, 10, 20}, x.grad().toFloatArray());
    }

    @Test
    void gradChecks() {
        Tensor x = Tensor.randn(g, 3, 5).to(DType.FLOAT64).requiresGrad(true);
        GradCheck.check(in -> in[0].sort(1, false).values(), x);
        GradCheck.check(in -> in[0].sort(0, true).values(), x);
        GradCheck.check(in -> in[0].topk(2, 1, true, true).values(), x);
        GradCheck.check(in -> in[0].topk(2, 0, false, true).values(), x);
    }

    @Test
    void errors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 4).topk(5, 1, true, true));
        assertTrue(e.getMessage().startsWith("topk: k (5) is out of range for dimension 1 of size 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 4).sort(2, false));
        assertTrue(e.getMessage().startsWith("sort") && e.getMessage().contains("out of range"), e.getMessage());
    }
}
