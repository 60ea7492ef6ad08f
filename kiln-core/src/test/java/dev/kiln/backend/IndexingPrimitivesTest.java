package dev.kiln.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.backend.cpu.CpuBackend;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every {@link IndexingPrimitives} primitive of {@link CpuBackend} against {@link ReferenceBackend}:
 * every storage type a primitive takes, sizes around the vector length (ragged tails), offsets inside
 * larger arrays, sizes large enough to split across threads, and the PyTorch rules the ops rely on
 * (NaN ordering, stable sort, the first position of an extreme, exact int64 comparison).
 */
class IndexingPrimitivesTest {
    private static final Backend CPU = CpuBackend.INSTANCE;
    private static final Backend REF = ReferenceBackend.INSTANCE;
    private static final int L = CPU.lanes();
    private static final int[] SIZES = {1, 2, L - 1, L, L + 1, 2 * L + 3, 37, 103};
    private final Random random = new Random(11);

    /** Random values of a storage type, with repeats (small integers) so that ties and equal elements occur. */
    private Object values(Class<?> type, int n) {
        Object a = java.lang.reflect.Array.newInstance(type, n);
        for (int i = 0; i < n; i++) {
            int v = random.nextInt(7) - 3;
            switch (a) {
                case float[] f -> f[i] = random.nextBoolean() ? v : (float) random.nextGaussian();
                case double[] d -> d[i] = random.nextBoolean() ? v : random.nextGaussian();
                case long[] l -> l[i] = v * 1_000_000_007L;
                case boolean[] b -> b[i] = v > 0;
                default -> throw new AssertionError(type);
            }
        }
        return a;
    }

    private int[] positions(int n, int bound) {
        int[] p = new int[n];
        Arrays.setAll(p, i -> random.nextInt(bound));
        return p;
    }

    private static Object copyOf(Object a) {
        Object c = java.lang.reflect.Array.newInstance(a.getClass().getComponentType(), java.lang.reflect.Array.getLength(a));
        System.arraycopy(a, 0, c, 0, java.lang.reflect.Array.getLength(a));
        return c;
    }

    private static void assertSameElements(Object expected, Object actual, String what) {
        assertTrue(Arrays.deepEquals(new Object[] {expected}, new Object[] {actual}), what);
    }

    /** |expected − actual| ≤ tol·(1 + |expected|) element by element. */
    private static void assertClose(float[] expected, float[] actual, double tol, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol * (1 + Math.abs(expected[i])),
                    what + " element " + i + ": expected " + expected[i] + ", got " + actual[i]);
        }
    }

    private static final List<Class<?>> ALL = List.of(float.class, double.class, long.class, boolean.class);

    @Test
    void gatherScatterAndIndexSelectMoveEveryStorageType() {
        for (Class<?> type : ALL) {
            for (int n : SIZES) {
                Object src = values(type, n + 5);
                int[] pos = positions(n, n);
                Object cpu = java.lang.reflect.Array.newInstance(type, n + 2);
                Object ref = java.lang.reflect.Array.newInstance(type, n + 2);
                CPU.gather(src, 3, pos, cpu, 2, n);
                REF.gather(src, 3, pos, ref, 2, n);
                assertSameElements(ref, cpu, "gather " + type + " n=" + n);
                assertEquals(java.lang.reflect.Array.get(src, 3 + pos[n - 1]), java.lang.reflect.Array.get(cpu, n + 1));

                Object dstCpu = values(type, n);
                Object dstRef = copyOf(dstCpu);
                int[] from = positions(n, n);
                CPU.scatter(src, 1, from, dstCpu, pos, n);
                REF.scatter(src, 1, from, dstRef, pos, n);
                assertSameElements(dstRef, dstCpu, "scatter " + type + " n=" + n);
                CPU.scatter(src, 4, null, dstCpu, pos, n);
                REF.scatter(src, 4, null, dstRef, pos, n);
                assertSameElements(dstRef, dstCpu, "scatter of one value " + type + " n=" + n);
                assertEquals(java.lang.reflect.Array.get(src, 4), java.lang.reflect.Array.get(dstCpu, pos[0]));

                int outer = 3;
                int inner = n % 4 + 1;
                Object block = values(type, 1 + outer * n * inner);
                Object selCpu = java.lang.reflect.Array.newInstance(type, outer * n * inner);
                Object selRef = java.lang.reflect.Array.newInstance(type, outer * n * inner);
                CPU.indexSelect(block, 1, outer, n, inner, pos, selCpu);
                REF.indexSelect(block, 1, outer, n, inner, pos, selRef);
                assertSameElements(selRef, selCpu, "indexSelect " + type + " n=" + n);
            }
        }
    }

    @Test
    void scatterAddAndIndexAddAccumulateRepeatedPositions() {
        for (int n : SIZES) {
            float[] src = (float[]) values(float.class, 2 * n + 1);
            int[] to = positions(2 * n, n); // about two adds per destination
            int[] from = positions(2 * n, 2 * n);
            float[] cpu = (float[]) values(float.class, n);
            float[] ref = cpu.clone();
            CPU.scatterAdd(src, 1, from, cpu, to, 2 * n);
            REF.scatterAdd(src, 1, from, ref, to, 2 * n);
            assertClose(ref, cpu, 1e-6, "scatterAdd float n=" + n);

            long[] lsrc = (long[]) values(long.class, 2 * n);
            long[] lcpu = new long[n];
            long[] expected = new long[n];
            CPU.scatterAdd(lsrc, 0, from, lcpu, to, 2 * n);
            for (int i = 0; i < 2 * n; i++) {
                expected[to[i]] += lsrc[from[i]];
            }
            assertArrayEquals(expected, lcpu, "scatterAdd int64 n=" + n);

            // index_add over rows: inner around the vector length, repeated positions
            int inner = n;
            int[] rows = positions(5, 3);
            float[] g = (float[]) values(float.class, 2 + 2 * 5 * inner);
            float[] icpu = new float[2 * 3 * inner];
            float[] iref = new float[2 * 3 * inner];
            CPU.indexAdd(g, 2, 2, inner, rows, icpu, 3);
            REF.indexAdd(g, 2, 2, inner, rows, iref, 3);
            assertClose(iref, icpu, 1e-6, "indexAdd float inner=" + inner);
            double[] dg = (double[]) values(double.class, 2 * 5 * inner);
            double[] dcpu = new double[2 * 3 * inner];
            CPU.indexAdd(dg, 0, 2, inner, rows, dcpu, 3);
            double sum = 0;
            for (int j = 0; j < 5; j++) {
                sum += rows[j] == rows[0] ? dg[(5 + j) * inner + inner - 1] : 0;
            }
            assertEquals(sum, dcpu[(3 + rows[0]) * inner + inner - 1], 1e-12, "indexAdd float64 n=" + n);
        }
        boolean[] flags = new boolean[3];
        CPU.scatterAdd(new boolean[] {false, true, false}, 0, new int[] {0, 1, 2}, flags, new int[] {1, 1, 2}, 3);
        assertArrayEquals(new boolean[] {false, true, false}, flags, "bool scatter-add is a logical or");
    }

    @Test
    void whereSelectsWithEveryStrideAndType() {
        for (Class<?> type : ALL) {
            for (int n : SIZES) {
                boolean[] c = (boolean[]) values(boolean.class, n + 1);
                Object a = values(type, n + 1);
                Object b = values(type, n + 2);
                for (int cs = 0; cs <= 1; cs++) {
                    for (int as = 0; as <= 1; as++) {
                        Object cpu = java.lang.reflect.Array.newInstance(type, n);
                        Object ref = java.lang.reflect.Array.newInstance(type, n);
                        CPU.where(c, 1, cs, a, 1, as, b, 2, 1 - as, cpu, n);
                        REF.where(c, 1, cs, a, 1, as, b, 2, 1 - as, ref, n);
                        assertSameElements(ref, cpu, "where " + type + " n=" + n + " cs=" + cs + " as=" + as);
                    }
                }
            }
        }
    }

    @Test
    void rowSumsMatchTheReferenceForEveryNumericType() {
        for (int n : SIZES) {
            int rows = 5;
            float[] x = (float[]) values(float.class, 3 + rows * n);
            float[] cpu = new float[rows];
            float[] ref = new float[rows];
            CPU.sumRows(x, 3, rows, n, cpu);
            REF.sumRows(x, 3, rows, n, ref);
            assertClose(ref, cpu, 1e-6, "sumRows float n=" + n);
            double[] d = (double[]) values(double.class, rows * n);
            double[] dsum = new double[rows];
            CPU.sumRows(d, 0, rows, n, dsum);
            double expected = 0;
            for (int k = 0; k < n; k++) {
                expected += d[(rows - 1) * n + k];
            }
            assertEquals(expected, dsum[rows - 1], "sumRows float64 in order");
            long[] l = {Long.MAX_VALUE, 1, 5, 7};
            long[] lsum = {9, 9};
            CPU.sumRows(l, 0, 2, 2, lsum);
            assertArrayEquals(new long[] {Long.MIN_VALUE, 12}, lsum, "int64 sums wrap as Java's long, the output overwritten");
        }
    }

    @Test
    void rowProductsRunInFloat64AndInt64Exactly() {
        float[] x = {9f, 2f, 0.5f, 3f, 1f, -1f, 1e-30f, 1e-30f, 1e30f};
        float[] out = new float[2];
        CPU.prodRows(x, 1, 2, 4, out);
        assertEquals(3f, out[0]);
        assertEquals(-1e-30f, out[1], 1e-36f, "−1·1e-30·1e-30·1e30 in float64 (float32 steps would underflow to −0)");
        long[] big = {(1L << 40) + 1, (1L << 20) + 1, 3};
        long[] lout = new long[1];
        CPU.prodRows(big, 0, 1, 3, lout);
        assertEquals(((1L << 40) + 1) * ((1L << 20) + 1) * 3, lout[0], "exact int64 product, no float64 rounding");
        double[] empty = new double[2];
        CPU.prodRows(new double[0], 0, 2, 0, empty);
        assertArrayEquals(new double[] {1, 1}, empty, "the product of an empty row is 1");
    }

    @Test
    void cumsumMatchesTheReferenceBitForBit() {
        for (int n : SIZES) {
            for (int inner : new int[] {1, 3, L + 1}) {
                int outer = 4;
                float[] x = (float[]) values(float.class, 2 + outer * n * inner);
                float[] cpu = new float[outer * n * inner];
                float[] ref = new float[outer * n * inner];
                CPU.cumsum(x, 2, cpu, outer, n, inner);
                REF.cumsum(x, 2, ref, outer, n, inner);
                assertArrayEquals(ref, cpu, "cumsum float n=" + n + " inner=" + inner);
                long[] lx = (long[]) values(long.class, outer * n * inner);
                long[] lcpu = new long[lx.length];
                CPU.cumsum(lx, 0, lcpu, outer, n, inner);
                assertEquals(lx[(n - 1) * inner] + (n > 1 ? lcpu[(n - 2) * inner] : 0), lcpu[(n - 1) * inner]);
            }
        }
        // enough rows to split across threads: each row the running float64 sum, rounded once
        int rows = 1 << 12;
        int n = 33;
        float[] x = (float[]) values(float.class, rows * n);
        float[] cpu = new float[x.length];
        CPU.cumsum(x, 0, cpu, rows, n, 1);
        double acc = 0;
        for (int k = 0; k < n; k++) {
            acc += x[(rows - 1) * n + k];
        }
        assertEquals((float) acc, cpu[rows * n - 1]);
    }

    @Test
    void argsortIsStableWithNanLargestAndMatchesTheReference() {
        long[] out = new long[6];
        float[] x = {1f, Float.NaN, 1f, -0f, 0f, Float.NEGATIVE_INFINITY};
        CPU.argsort(x, 0, 1, 6, false, out);
        assertArrayEquals(new long[] {5, 3, 4, 0, 2, 1}, out, "ascending: −0 ties +0 in order, NaN last");
        CPU.argsort(x, 0, 1, 6, true, out);
        assertArrayEquals(new long[] {1, 0, 2, 3, 4, 5}, out, "descending: NaN first, ties in order");
        for (Class<?> type : List.of(float.class, double.class, long.class)) {
            for (int n : SIZES) {
                int rows = 3;
                Object v = values(type, 1 + rows * n);
                if (v instanceof float[] f) {
                    f[n / 2 + 1] = Float.NaN;
                } else if (v instanceof double[] d) {
                    d[n / 2 + 1] = Double.NaN;
                }
                for (boolean descending : new boolean[] {false, true}) {
                    long[] cpu = new long[rows * n];
                    long[] ref = new long[rows * n];
                    CPU.argsort(v, 1, rows, n, descending, cpu);
                    REF.argsort(v, 1, rows, n, descending, ref);
                    assertArrayEquals(ref, cpu, "argsort " + type + " n=" + n + " descending=" + descending);
                }
            }
        }
    }

    @Test
    void argExtremesFindTheFirstWinnerAndTheFirstNan() {
        long[] out = new long[2];
        float[] x = {2f, -0f, 2f, 0f, Float.NaN, 5f, Float.NaN, -1f};
        CPU.argmax(x, 0, 2, 4, 1, out);
        assertArrayEquals(new long[] {0, 0}, out, "first max; first NaN");
        CPU.argmin(x, 0, 2, 4, 1, out);
        assertArrayEquals(new long[] {1, 0}, out, "−0 and +0 tie: the first; a NaN wins a min too");
        CPU.argmax(x, 0, 1, 4, 2, out);
        assertArrayEquals(new long[] {2, 2}, out, "along a strided axis: ties keep the first, NaN stays");
        for (Class<?> type : List.of(float.class, double.class, long.class)) {
            for (int n : SIZES) {
                for (int inner : new int[] {1, 2, L + 3}) {
                    int outer = 3;
                    Object v = values(type, 1 + outer * n * inner);
                    if (v instanceof float[] f && n > 2) {
                        f[1 + 2 * inner] = Float.NaN;
                    }
                    long[] cpu = new long[outer * inner];
                    long[] ref = new long[outer * inner];
                    CPU.argmax(v, 1, outer, n, inner, cpu);
                    REF.argmax(v, 1, outer, n, inner, ref);
                    assertArrayEquals(ref, cpu, "argmax " + type + " n=" + n + " inner=" + inner);
                    CPU.argmin(v, 1, outer, n, inner, cpu);
                    REF.argmin(v, 1, outer, n, inner, ref);
                    assertArrayEquals(ref, cpu, "argmin " + type + " n=" + n + " inner=" + inner);
                }
            }
        }
    }

    @Test
    void comparisonsMatchTheReferenceForEveryStrideWithNans() {
        for (CompareOp op : CompareOp.values()) {
            for (int n : SIZES) {
                float[] a = (float[]) values(float.class, 2 * n + 2);
                float[] b = (float[]) values(float.class, 2 * n + 2);
                a[1] = Float.NaN;
                b[2] = Float.NaN;
                for (int[] strides : new int[][] {{1, 1}, {1, 0}, {0, 1}, {2, 1}}) {
                    boolean[] cpu = new boolean[n + 1];
                    boolean[] ref = new boolean[n + 1];
                    CPU.compare(op, a, 1, strides[0], b, 2, strides[1], cpu, 1, n);
                    REF.compare(op, a, 1, strides[0], b, 2, strides[1], ref, 1, n);
                    assertArrayEquals(ref, cpu, op + " n=" + n + " strides " + Arrays.toString(strides));
                }
                boolean[] out = new boolean[1];
                CPU.compare(op, a, 1, 1, a, 1, 1, out, 0, 1);
                assertEquals(op == CompareOp.NE, out[0], op + " with NaN");
            }
        }
        // a float32 run against float64 values a float32 cannot hold (between two floats, beyond the range,
        // below the smallest subnormal), values it holds, ±0 and NaN
        float[] x = {0f, -0f, 0.1f, Math.nextUp(0.1f), Math.nextDown(0.1f), Float.MAX_VALUE, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.NaN, Float.MIN_VALUE, -Float.MIN_VALUE, 1f, -1f, 3f, 0.5f, 2.5f, 7f, -7f, 1e-30f};
        double[] values = {0.1, -0.0, 0.0, 1e300, -1e300, 1e-50, -1e-50, Float.MAX_VALUE * 1.0000001, Double.NaN, 0.5,
            (double) Math.nextUp(0.1f), Double.POSITIVE_INFINITY, Double.MIN_VALUE};
        for (CompareOp op : CompareOp.values()) {
            for (double v : values) {
                boolean[] cpu = new boolean[x.length];
                boolean[] ref = new boolean[x.length];
                CPU.compare(op, x, 0, 1, new double[] {v}, 0, 0, cpu, 0, x.length);
                REF.compare(op, x, 0, 1, new double[] {v}, 0, 0, ref, 0, x.length);
                assertArrayEquals(ref, cpu, op + " against the float64 " + v);
            }
        }
        boolean[] out = new boolean[2];
        CPU.compare(CompareOp.LT, new long[] {(1L << 53), (1L << 53) + 1}, 0, 1, new long[] {(1L << 53) + 1}, 0, 0, out, 0, 2);
        assertArrayEquals(new boolean[] {true, false}, out, "int64 compares exactly beyond 2^53");
        CPU.compare(CompareOp.EQ, new float[] {0.1f}, 0, 1, new double[] {0.1}, 0, 0, out, 0, 1);
        assertEquals(false, out[0], "a float32 against a float64 value compares as the float64 it is");
        assertThrows(IllegalArgumentException.class, () -> CPU.compare(CompareOp.EQ, new long[1], 0, 1, new float[1], 0, 1,
                new boolean[1], 0, 1));
    }

    @Test
    void logicalOperationsMatchTheirTruthTables() {
        boolean[] a = {false, false, true, true};
        boolean[] b = {false, true, false, true};
        boolean[] out = new boolean[5];
        CPU.logical(LogicOp.AND, a, 0, 1, b, 0, 1, out, 1, 4);
        assertArrayEquals(new boolean[] {false, false, false, false, true}, out);
        CPU.logical(LogicOp.OR, a, 0, 1, b, 0, 1, out, 1, 4);
        assertArrayEquals(new boolean[] {false, false, true, true, true}, out);
        CPU.logical(LogicOp.XOR, a, 0, 1, new boolean[] {true}, 0, 0, out, 0, 4);
        assertArrayEquals(new boolean[] {true, true, false, false, true}, out, "xor with a broadcast true is not");
    }
}
