package dev.kiln.backend;

/**
 * The plain loops of {@link IndexingPrimitives}: the default implementations (and so the
 * {@link ReferenceBackend}'s), one loop for every storage type. Moves go element by element through
 * {@link System#arraycopy}; sums run in float64 for float arrays and in int64 for int64 and bool;
 * orderings (sort, arg-extremes) work on int64 keys that order as the elements do; comparisons read
 * floats as float64 and compare int64 exactly.
 */
final class ReferenceIndexing {
    /** The stable sort's runs up to this length are sorted by insertion. */
    private static final int INSERTION_MAX = 16;

    private ReferenceIndexing() {
    }

    // ------------------------------------------------------------------ gather and scatter

    static void gather(Object src, int so, int[] positions, Object dst, int dstOffset, int n) {
        requireOneType("gather", src, dst);
        for (int i = 0; i < n; i++) {
            System.arraycopy(src, so + positions[i], dst, dstOffset + i, 1);
        }
    }

    static void scatter(Object src, int so, int[] srcPositions, Object dst, int[] dstPositions, int n) {
        requireOneType("scatter", src, dst);
        for (int i = 0; i < n; i++) {
            System.arraycopy(src, srcPositions == null ? so : so + srcPositions[i], dst, dstPositions[i], 1);
        }
    }

    static void scatterAdd(Object src, int so, int[] srcPositions, Object dst, int[] dstPositions, int n) {
        addAt(src, so, srcPositions, dst, dstPositions, n);
    }

    static void indexSelect(Object src, int so, int outer, int size, int inner, int[] positions, Object dst) {
        requireOneType("indexSelect", src, dst);
        int k = positions.length;
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < k; j++) {
                System.arraycopy(src, so + (o * size + positions[j]) * inner, dst, (o * k + j) * inner, inner);
            }
        }
    }

    static void indexAdd(Object src, int so, int outer, int inner, int[] positions, Object dst, int size) {
        int k = positions.length;
        int[] from = new int[outer * k * inner];
        int[] to = new int[from.length];
        for (int e = 0; e < from.length; e++) {
            int i = e % inner;
            int j = e / inner % k;
            from[e] = e;
            to[e] = ((e / inner / k) * size + positions[j]) * inner + i;
        }
        addAt(src, so, from, dst, to, from.length);
    }

    static void where(boolean[] c, int co, int cs, Object a, int ao, int as, Object b, int bo, int bs, Object out, int n) {
        requireOneType("where", a, out);
        requireOneType("where", b, out);
        for (int i = 0; i < n; i++) {
            boolean first = c[co + i * cs];
            System.arraycopy(first ? a : b, first ? ao + i * as : bo + i * bs, out, i, 1);
        }
    }

    /**
     * dst[dstPositions[i]] += src[so + srcPositions[i]] for i &lt; n, in order of i: float arrays in float64
     * (each destination rounded once when written back), int64 exactly, bool through int64 (a logical or).
     * src may be dst.
     */
    private static void addAt(Object src, int so, int[] srcPositions, Object dst, int[] dstPositions, int n) {
        requireOneType("add", src, dst);
        Object to = widened(dst);
        Object from = src == dst ? to : widened(src);
        switch (to) {
            case double[] d when from instanceof double[] s -> {
                for (int i = 0; i < n; i++) {
                    d[dstPositions[i]] += s[so + srcPositions[i]];
                }
            }
            case long[] d when from instanceof long[] s -> {
                for (int i = 0; i < n; i++) {
                    d[dstPositions[i]] += s[so + srcPositions[i]];
                }
            }
            default -> throw mismatch("add", dst, src);
        }
        if (to != dst) {
            ReferenceBackend.INSTANCE.cast(to, 0, dst, 0, java.lang.reflect.Array.getLength(dst));
        }
    }

    /** A float32 array as float64, a bool array as int64 (copies); a float64 or int64 array itself. */
    private static Object widened(Object a) {
        Object wide = switch (a) {
            case float[] f -> new double[f.length];
            case boolean[] b -> new long[b.length];
            default -> a;
        };
        if (wide != a) {
            ReferenceBackend.INSTANCE.cast(a, 0, wide, 0, java.lang.reflect.Array.getLength(a));
        }
        return wide;
    }

    static void sumRows(Object x, int xo, int rows, int n, Object out) {
        if (x instanceof double[] d && out instanceof double[] r) {
            for (int i = 0; i < rows; i++) {
                r[i] = ReferenceBackend.INSTANCE.sum(d, xo + i * n, n);
            }
        } else {
            reduceRows(x, xo, rows, n, out, false);
        }
    }

    static void prodRows(Object x, int xo, int rows, int n, Object out) {
        reduceRows(x, xo, rows, n, out, true);
    }

    /** The sum or product of each row: float rows in float64 (rounded once to the output), int64 rows exactly. */
    private static void reduceRows(Object x, int xo, int rows, int n, Object out, boolean product) {
        requireOneType(product ? "prodRows" : "sumRows", x, out);
        if (x instanceof long[] s && out instanceof long[] r) {
            java.util.Arrays.fill(r, 0, rows, product ? 1 : 0);
            for (int i = 0; i < rows * n; i++) {
                r[i / n] = product ? r[i / n] * s[xo + i] : r[i / n] + s[xo + i];
            }
            return;
        }
        double[] acc = new double[rows];
        java.util.Arrays.fill(acc, product ? 1 : 0);
        for (int i = 0; i < rows * n; i++) {
            acc[i / n] = product ? acc[i / n] * real(x, xo + i) : acc[i / n] + real(x, xo + i);
        }
        ReferenceBackend.INSTANCE.cast(acc, 0, out, 0, rows);
    }

    // ------------------------------------------------------------------ scans

    /**
     * The running sums as adds in order: each element of a line adds the one {@code inner} before it
     * (the sum so far), except in the first row of each block.
     */
    static void cumsum(Object x, int xo, Object y, int outer, int n, int inner) {
        requireOneType("cumsum", x, y);
        int total = outer * n * inner;
        System.arraycopy(x, xo, y, 0, total);
        int[] from = new int[total];
        int[] to = new int[total];
        int count = 0;
        for (int j = 0; j < total; j++) {
            if (j % (n * inner) >= inner) {
                from[count] = j - inner;
                to[count++] = j;
            }
        }
        addAt(y, 0, from, y, to, count);
    }

    // ------------------------------------------------------------------ sorting and arg-extremes

    /**
     * The elements x[xo + i], i &lt; n, as int64 keys in the same order: int64 values themselves, floats
     * by {@link #sortableBits} (−0 equal to +0), a NaN as {@code nanKey}.
     */
    static long[] keys(Object x, int xo, int n, long nanKey) {
        long[] keys = new long[n];
        if (x instanceof long[] s) {
            System.arraycopy(s, xo, keys, 0, n);
            return keys;
        }
        for (int i = 0; i < n; i++) {
            double v = real(x, xo + i);
            keys[i] = v != v ? nanKey : sortableBits(v);
        }
        return keys;
    }

    /** A double mapped to a long whose signed order is the double order, −0 equal to +0 and every NaN above +∞. */
    static long sortableBits(double f) {
        long bits = f != f ? 0x7ff8000000000000L : Double.doubleToRawLongBits(f == 0 ? 0.0 : f);
        return bits >= 0 ? bits : bits ^ 0x7fffffffffffffffL;
    }

    static void argsort(Object x, int xo, int rows, int n, boolean descending, long[] out) {
        long[] keys = keys(x, xo, rows * n, sortableBits(Double.NaN));
        int[] perm = new int[n];
        int[] tmp = new int[n];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < n; i++) {
                perm[i] = r * n + i;
            }
            mergeSort(perm, tmp, 0, n, keys, descending);
            for (int i = 0; i < n; i++) {
                out[r * n + i] = perm[i] - r * n;
            }
        }
    }

    private static boolean before(long a, long b, boolean descending) {
        return descending ? a > b : a < b;
    }

    /** Stable merge sort of the positions p[lo, hi) by their keys k[p[·]]. */
    private static void mergeSort(int[] p, int[] tmp, int lo, int hi, long[] k, boolean desc) {
        if (hi - lo <= INSERTION_MAX) {
            for (int i = lo + 1; i < hi; i++) {
                int v = p[i];
                int j = i - 1;
                while (j >= lo && before(k[v], k[p[j]], desc)) {
                    p[j + 1] = p[j];
                    j--;
                }
                p[j + 1] = v;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(p, tmp, lo, mid, k, desc);
        mergeSort(p, tmp, mid, hi, k, desc);
        if (!before(k[p[mid]], k[p[mid - 1]], desc)) {
            return;
        }
        System.arraycopy(p, lo, tmp, lo, hi - lo);
        int i = lo;
        int j = mid;
        for (int o = lo; o < hi; o++) {
            if (j >= hi || (i < mid && !before(k[tmp[j]], k[tmp[i]], desc))) {
                p[o] = tmp[i++];
            } else {
                p[o] = tmp[j++];
            }
        }
    }

    /** {@link IndexingPrimitives#argmax} ({@code max}) or argmin: a NaN key is the winning one either way. */
    static void argExtreme(Object x, int xo, int outer, int n, int inner, long[] out, boolean max) {
        long[] keys = keys(x, xo, outer * n * inner, max ? Long.MAX_VALUE : Long.MIN_VALUE);
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                long best = keys[base];
                int at = 0;
                for (int k = 1; k < n; k++) {
                    long v = keys[base + k * inner];
                    if (max ? v > best : v < best) {
                        best = v;
                        at = k;
                    }
                }
                out[o * inner + i] = at;
            }
        }
    }

    // ------------------------------------------------------------------ comparisons

    static void compare(CompareOp op, Object a, int ao, int as, Object b, int bo, int bs, boolean[] out, int oo, int n) {
        switch (a) {
            case long[] p when b instanceof long[] q -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = op.test(p[ao + i * as], q[bo + i * bs]);
                }
            }
            case double[] p when b instanceof double[] q -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = op.test(p[ao + i * as], q[bo + i * bs]);
                }
            }
            default -> {
                if (!isReal(a) || !isReal(b)) {
                    throw mismatch("compare", a, b);
                }
                for (int i = 0; i < n; i++) {
                    out[oo + i] = op.test(real(a, ao + i * as), real(b, bo + i * bs));
                }
            }
        }
    }

    private static boolean isReal(Object a) {
        return a instanceof float[] || a instanceof double[];
    }

    /** Element i of a float[] or double[] as float64 (exact). */
    private static double real(Object a, int i) {
        return switch (a) {
            case float[] f -> f[i];
            case double[] d -> d[i];
            default -> throw new IllegalArgumentException("expected a float[] or double[], got " + a.getClass().getSimpleName());
        };
    }

    private static void requireOneType(String op, Object src, Object dst) {
        if (src.getClass() != dst.getClass() || !(isReal(src) || src instanceof long[] || src instanceof boolean[])) {
            throw mismatch(op, dst, src);
        }
    }

    /** The error of a primitive handed arrays of two element types (a bug in the op, which converts its inputs first). */
    static IllegalArgumentException mismatch(String op, Object to, Object from) {
        return new IllegalArgumentException(op + ": arrays of different or unsupported element types, "
                + to.getClass().getSimpleName() + " and " + from.getClass().getSimpleName());
    }
}
