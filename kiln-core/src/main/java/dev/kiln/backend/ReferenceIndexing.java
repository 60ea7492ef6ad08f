package dev.kiln.backend;

/**
 * The plain loops of {@link IndexingPrimitives}: the default implementations (and so the
 * {@link ReferenceBackend}'s), for every storage type, with one type switch per call. Orderings
 * (sort, arg-extremes) work on int64 keys that order as the elements do, so one loop serves every
 * dtype; float sums run in float64.
 */
final class ReferenceIndexing {
    /** The stable sort's runs up to this length are sorted by insertion. */
    private static final int INSERTION_MAX = 16;

    private ReferenceIndexing() {
    }

    // ------------------------------------------------------------------ gather and scatter

    static void gather(Object src, int so, int[] positions, Object dst, int dstOffset, int n) {
        switch (dst) {
            case float[] d when src instanceof float[] s -> {
                for (int i = 0; i < n; i++) {
                    d[dstOffset + i] = s[so + positions[i]];
                }
            }
            case double[] d when src instanceof double[] s -> {
                for (int i = 0; i < n; i++) {
                    d[dstOffset + i] = s[so + positions[i]];
                }
            }
            case long[] d when src instanceof long[] s -> {
                for (int i = 0; i < n; i++) {
                    d[dstOffset + i] = s[so + positions[i]];
                }
            }
            case boolean[] d when src instanceof boolean[] s -> {
                for (int i = 0; i < n; i++) {
                    d[dstOffset + i] = s[so + positions[i]];
                }
            }
            default -> throw mismatch("gather", dst, src);
        }
    }

    static void scatter(Object src, int so, int[] srcPositions, Object dst, int[] dstPositions, int n) {
        int[] from = srcPositions == null ? new int[n] : srcPositions; // null: every element reads src[so]
        switch (dst) {
            case float[] d when src instanceof float[] s -> {
                for (int i = 0; i < n; i++) {
                    d[dstPositions[i]] = s[so + from[i]];
                }
            }
            case double[] d when src instanceof double[] s -> {
                for (int i = 0; i < n; i++) {
                    d[dstPositions[i]] = s[so + from[i]];
                }
            }
            case long[] d when src instanceof long[] s -> {
                for (int i = 0; i < n; i++) {
                    d[dstPositions[i]] = s[so + from[i]];
                }
            }
            case boolean[] d when src instanceof boolean[] s -> {
                for (int i = 0; i < n; i++) {
                    d[dstPositions[i]] = s[so + from[i]];
                }
            }
            default -> throw mismatch("scatter", dst, src);
        }
    }

    static void scatterAdd(Object src, int so, int[] srcPositions, Object dst, int[] dstPositions, int n) {
        switch (dst) {
            case float[] d when src instanceof float[] s -> {
                for (int i = 0; i < n; i++) {
                    d[dstPositions[i]] += s[so + srcPositions[i]];
                }
            }
            case double[] d when src instanceof double[] s -> {
                for (int i = 0; i < n; i++) {
                    d[dstPositions[i]] += s[so + srcPositions[i]];
                }
            }
            case long[] d when src instanceof long[] s -> {
                for (int i = 0; i < n; i++) {
                    d[dstPositions[i]] += s[so + srcPositions[i]];
                }
            }
            case boolean[] d when src instanceof boolean[] s -> {
                for (int i = 0; i < n; i++) {
                    d[dstPositions[i]] |= s[so + srcPositions[i]];
                }
            }
            default -> throw mismatch("scatterAdd", dst, src);
        }
    }

    static void indexSelect(Object src, int so, int outer, int size, int inner, int[] positions, Object dst) {
        int k = positions.length;
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < k; j++) {
                System.arraycopy(src, so + (o * size + positions[j]) * inner, dst, (o * k + j) * inner, inner);
            }
        }
    }

    static void indexAdd(Object src, int so, int outer, int inner, int[] positions, Object dst, int size) {
        int k = positions.length;
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < k; j++) {
                addRow(src, so + (o * k + j) * inner, dst, (o * size + positions[j]) * inner, inner);
            }
        }
    }

    /** dst[to + i] += src[from + i] for i &lt; n. */
    private static void addRow(Object src, int from, Object dst, int to, int n) {
        switch (dst) {
            case float[] d when src instanceof float[] s -> {
                for (int i = 0; i < n; i++) {
                    d[to + i] += s[from + i];
                }
            }
            case double[] d when src instanceof double[] s -> {
                for (int i = 0; i < n; i++) {
                    d[to + i] += s[from + i];
                }
            }
            case long[] d when src instanceof long[] s -> {
                for (int i = 0; i < n; i++) {
                    d[to + i] += s[from + i];
                }
            }
            default -> throw mismatch("indexAdd", dst, src);
        }
    }

    static void where(boolean[] c, int co, int cs, Object a, int ao, int as, Object b, int bo, int bs, Object out, int n) {
        switch (out) {
            case float[] z when a instanceof float[] p && b instanceof float[] q -> {
                for (int i = 0; i < n; i++) {
                    z[i] = c[co + i * cs] ? p[ao + i * as] : q[bo + i * bs];
                }
            }
            case double[] z when a instanceof double[] p && b instanceof double[] q -> {
                for (int i = 0; i < n; i++) {
                    z[i] = c[co + i * cs] ? p[ao + i * as] : q[bo + i * bs];
                }
            }
            case long[] z when a instanceof long[] p && b instanceof long[] q -> {
                for (int i = 0; i < n; i++) {
                    z[i] = c[co + i * cs] ? p[ao + i * as] : q[bo + i * bs];
                }
            }
            case boolean[] z when a instanceof boolean[] p && b instanceof boolean[] q -> {
                for (int i = 0; i < n; i++) {
                    z[i] = c[co + i * cs] ? p[ao + i * as] : q[bo + i * bs];
                }
            }
            default -> throw mismatch("where", out, a);
        }
    }

    // ------------------------------------------------------------------ scans

    /**
     * The running sums in place along each line of a contiguous (outer, n, inner) block: element j
     * adds the one {@code inner} before it, except in the first row of each block.
     */
    static void cumsum(Object x, int xo, Object y, int outer, int n, int inner) {
        int total = outer * n * inner;
        if (x instanceof long[] s && y instanceof long[] r) {
            System.arraycopy(s, xo, r, 0, total);
            for (int j = 0; j < total; j++) {
                r[j] += j % (n * inner) < inner ? 0 : r[j - inner];
            }
            return;
        }
        double[] acc = new double[total]; // float32 and float64 sums in float64, rounded once to the output type
        ReferenceBackend.INSTANCE.cast(x, xo, acc, 0, total);
        for (int j = 0; j < total; j++) {
            acc[j] += j % (n * inner) < inner ? 0 : acc[j - inner];
        }
        ReferenceBackend.INSTANCE.cast(acc, 0, y, 0, total);
    }

    // ------------------------------------------------------------------ sorting and arg-extremes

    /**
     * The elements x[xo + i], i &lt; n, as int64 keys in the same order: int64 values themselves, floats
     * by {@link #sortableBits} (−0 equal to +0), a NaN as {@code nanKey}.
     */
    static long[] keys(Object x, int xo, int n, long nanKey) {
        long[] keys = new long[n];
        switch (x) {
            case long[] s -> System.arraycopy(s, xo, keys, 0, n);
            case double[] s -> {
                for (int i = 0; i < n; i++) {
                    keys[i] = s[xo + i] != s[xo + i] ? nanKey : sortableBits(s[xo + i]);
                }
            }
            case float[] s -> {
                for (int i = 0; i < n; i++) {
                    keys[i] = s[xo + i] != s[xo + i] ? nanKey : sortableBits(s[xo + i]);
                }
            }
            default -> throw new IllegalArgumentException("keys: expected a float[], double[] or long[], got "
                    + x.getClass().getSimpleName());
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
            case float[] p when b instanceof float[] q -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = op.test(p[ao + i * as], q[bo + i * bs]);
                }
            }
            case float[] p when b instanceof double[] q -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = op.test(p[ao + i * as], q[bo + i * bs]);
                }
            }
            case double[] p when b instanceof double[] q -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = op.test(p[ao + i * as], q[bo + i * bs]);
                }
            }
            case long[] p when b instanceof long[] q -> {
                for (int i = 0; i < n; i++) {
                    out[oo + i] = op.test(p[ao + i * as], q[bo + i * bs]);
                }
            }
            default -> throw mismatch("compare", a, b);
        }
    }

    /** The error of a primitive handed arrays of two element types (a bug in the op, which converts its inputs first). */
    static IllegalArgumentException mismatch(String op, Object to, Object from) {
        return new IllegalArgumentException(op + ": arrays of different or unsupported element types, "
                + to.getClass().getSimpleName() + " and " + from.getClass().getSimpleName());
    }
}
