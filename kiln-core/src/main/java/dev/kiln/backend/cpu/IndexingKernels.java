package dev.kiln.backend.cpu;

import dev.kiln.backend.CompareOp;
import dev.kiln.backend.ReferenceBackend;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 kernels of the indexing primitives ({@link dev.kiln.backend.IndexingPrimitives}) where
 * the training ops are hot: row adds of {@code index_add} (the backward of {@code index_select}),
 * cumulative sums, row sorts, arg-extremes (accuracy's argmax, {@code max(dim)}) and comparisons. Each
 * kernel works on a range of rows so that {@link CpuBackend} can split the rows across threads; the
 * results are those of the reference loops exactly.
 */
final class IndexingKernels {
    private static final VectorSpecies<Float> S = FloatVectors.S;
    private static final ReferenceBackend REFERENCE = ReferenceBackend.INSTANCE;

    private IndexingKernels() {
    }

    /** {@link dev.kiln.backend.IndexingPrimitives#gather}: a float32 loop, the reference for other types. */
    static void gather(Object src, int so, int[] positions, Object dst, int dstOffset, int n) {
        if (src instanceof float[] s && dst instanceof float[] d) {
            for (int i = 0; i < n; i++) {
                d[dstOffset + i] = s[so + positions[i]];
            }
        } else {
            REFERENCE.gather(src, so, positions, dst, dstOffset, n);
        }
    }

    /** {@link dev.kiln.backend.IndexingPrimitives#scatter}: a float32 loop, the reference for other types. */
    static void scatter(Object src, int so, int[] srcPositions, Object dst, int[] dstPositions, int n) {
        if (src instanceof float[] s && dst instanceof float[] d) {
            for (int i = 0; i < n; i++) {
                d[dstPositions[i]] = s[srcPositions == null ? so : so + srcPositions[i]];
            }
        } else {
            REFERENCE.scatter(src, so, srcPositions, dst, dstPositions, n);
        }
    }

    /**
     * {@link dev.kiln.backend.IndexingPrimitives#scatterAdd}: a float32 loop adding in float32 (as PyTorch's CPU
     * kernel), the reference for other types.
     */
    static void scatterAdd(Object src, int so, int[] srcPositions, Object dst, int[] dstPositions, int n) {
        if (src instanceof float[] s && dst instanceof float[] d) {
            for (int i = 0; i < n; i++) {
                d[dstPositions[i]] += s[so + srcPositions[i]];
            }
        } else {
            REFERENCE.scatterAdd(src, so, srcPositions, dst, dstPositions, n);
        }
    }

    /**
     * {@link dev.kiln.backend.IndexingPrimitives#indexSelect}: float32 rows copied with arrays the JIT knows
     * (one element at a time for rows of one), the reference for other types.
     */
    static void indexSelect(Object src, int so, int outer, int size, int inner, int[] positions, Object dst) {
        if (!(src instanceof float[] s && dst instanceof float[] d)) {
            REFERENCE.indexSelect(src, so, outer, size, inner, positions, dst);
            return;
        }
        int k = positions.length;
        for (int o = 0; o < outer; o++) {
            int from = so + o * size * inner;
            for (int j = 0; j < k; j++) {
                if (inner == 1) {
                    d[o * k + j] = s[from + positions[j]];
                } else {
                    System.arraycopy(s, from + positions[j] * inner, d, (o * k + j) * inner, inner);
                }
            }
        }
    }

    /**
     * {@link dev.kiln.backend.IndexingPrimitives#indexAdd}: float32 rows added with the Vector API, in order
     * of j; the reference for other types.
     */
    static void indexAdd(Object src, int so, int outer, int inner, int[] positions, Object dst, int size) {
        int k = positions.length;
        if (!(src instanceof float[] s && dst instanceof float[] d)) {
            REFERENCE.indexAdd(src, so, outer, inner, positions, dst, size);
            return;
        }
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < k; j++) {
                addRow(s, so + (o * k + j) * inner, d, (o * size + positions[j]) * inner, inner);
            }
        }
    }

    /** out[i] = c ? a[ao + i·as] : b[bo + i·bs] for i &lt; n with one condition for all: a fill or a copy. */
    static void whereOneCondition(boolean c, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int n) {
        float[] src = c ? a : b;
        int from = c ? ao : bo;
        if ((c ? as : bs) == 0) {
            java.util.Arrays.fill(out, 0, n, src[from]);
        } else {
            System.arraycopy(src, from, out, 0, n);
        }
    }

    /** d[to + i] += s[from + i] for i &lt; n. */
    private static void addRow(float[] s, int from, float[] d, int to, int n) {
        int i = 0;
        for (int up = S.loopBound(n); i < up; i += S.length()) {
            FloatVector.fromArray(S, d, to + i).add(FloatVector.fromArray(S, s, from + i)).intoArray(d, to + i);
        }
        for (; i < n; i++) {
            d[to + i] += s[from + i];
        }
    }

    /**
     * Cumulative sums along the middle axis of the (outer, n, inner) blocks lo … hi−1 of x from xo into y
     * (contiguous from 0), accumulated in float64 and rounded once per element.
     */
    static void cumsum(float[] x, int xo, float[] y, int lo, int hi, int n, int inner) {
        if (inner == 1) {
            for (int o = lo; o < hi; o++) {
                double acc = 0;
                int from = xo + o * n;
                int to = o * n;
                for (int k = 0; k < n; k++) {
                    acc += x[from + k];
                    y[to + k] = (float) acc;
                }
            }
            return;
        }
        double[] acc = new double[inner];
        for (int o = lo; o < hi; o++) {
            java.util.Arrays.fill(acc, 0);
            for (int base = o * n * inner; base < (o + 1) * n * inner; base += inner) {
                for (int i = 0; i < inner; i++) {
                    acc[i] += x[xo + base + i];
                    y[base + i] = (float) acc[i];
                }
            }
        }
    }

    /**
     * A float mapped to an int whose signed order is the float order, with −0 equal to +0 and every
     * NaN above +∞ (the float32 counterpart of the reference's 64-bit keys).
     */
    private static int sortableBits(float f) {
        int bits = f != f ? 0x7fc00000 : Float.floatToRawIntBits(f == 0 ? 0f : f);
        return bits >= 0 ? bits : bits ^ 0x7fffffff;
    }

    /**
     * Stable sort of rows lo … hi−1 (length n) of x from xo: each element's key packed above its position
     * in one long, so that sorting the longs orders equal keys by position.
     */
    static void argsort(float[] x, int xo, int lo, int hi, int n, boolean descending, long[] out) {
        long[] packed = new long[n];
        for (int r = lo; r < hi; r++) {
            int base = xo + r * n;
            for (int i = 0; i < n; i++) {
                int key = sortableBits(x[base + i]);
                packed[i] = ((long) (descending ? ~key : key) << 32) | i;
            }
            java.util.Arrays.sort(packed);
            for (int i = 0; i < n; i++) {
                out[r * n + i] = packed[i] & 0xFFFFFFFFL;
            }
        }
    }

    /**
     * The first position of the max (or min) of each contiguous row lo … hi−1 (length n) of x from xo:
     * the extreme by the vector reduction, then its first occurrence (the first NaN when it is NaN).
     */
    static void argExtremeRows(float[] x, int xo, int lo, int hi, int n, boolean max, long[] out) {
        for (int r = lo; r < hi; r++) {
            int off = xo + r * n;
            // a constant operator at each call, so that the vector reduction compiles to lane max/min
            float m = max ? Reductions.extreme(x, off, n, true) : Reductions.extreme(x, off, n, false);
            out[r] = m != m ? firstNan(x, off, n) : first(x, off, n, m);
        }
    }

    /** {@return the first k &lt; n with x[off + k] = m (m a number found in the row)} */
    private static int first(float[] x, int off, int n, float m) {
        int k = 0;
        while (k < n - 1 && x[off + k] != m) {
            k++;
        }
        return k;
    }

    /** {@return the first k &lt; n with x[off + k] NaN (the row holds one)} */
    private static int firstNan(float[] x, int off, int n) {
        int k = 0;
        while (k < n - 1 && x[off + k] == x[off + k]) {
            k++;
        }
        return k;
    }

    /**
     * The first position of the max (or min) along the middle axis of the (outer, n, inner) blocks
     * lo … hi−1 (inner &gt; 1), walking whole rows of inner elements; a NaN wins and stays.
     */
    static void argExtremeColumns(float[] x, int xo, int lo, int hi, int n, int inner, boolean max, long[] out) {
        float[] best = new float[inner];
        for (int o = lo; o < hi; o++) {
            int base = xo + o * n * inner;
            System.arraycopy(x, base, best, 0, inner);
            java.util.Arrays.fill(out, o * inner, (o + 1) * inner, 0);
            for (int k = 1; k < n; k++) {
                int row = base + k * inner;
                for (int i = 0; i < inner; i++) {
                    float v = x[row + i];
                    float b = best[i];
                    if (b == b && (v != v || (max ? v > b : v < b))) {
                        best[i] = v;
                        out[o * inner + i] = k;
                    }
                }
            }
        }
    }

    /**
     * {@link dev.kiln.backend.IndexingPrimitives#compare}: float32 against float32 or against one float64
     * value; the reference otherwise. The operator is taken apart once into the outcomes it accepts (less,
     * equal, greater, unordered: a NaN), so that one loop of three lane compares with constant operators
     * serves every operator (a switch on the operator per element, or a lane compare with a variable
     * operator, measured several times slower). A float64 value y is compared as its nearest float32 f:
     * a float32 x equal to f is then less than, equal to or greater than y as f is.
     */
    static void compare(CompareOp op, Object a, int ao, int as, Object b, int bo, int bs, boolean[] out, int oo, int n) {
        boolean less = op.test(0.0, 1.0);
        boolean equal = op.test(0.0, 0.0);
        boolean greater = op.test(1.0, 0.0);
        boolean unordered = op.test(Double.NaN, 0.0);
        if (a instanceof float[] p && b instanceof float[] q) {
            compare(less, equal, greater, unordered, p, ao, as, q, bo, bs, out, oo, n);
        } else if (a instanceof float[] p && b instanceof double[] q && bs == 0) {
            double y = q[bo];
            float f = (float) y;
            if (y != y) {
                java.util.Arrays.fill(out, oo, oo + n, unordered);
            } else {
                boolean atF = f < y ? less : f > y ? greater : equal;
                compare(less, atF, greater, unordered, p, ao, as, new float[] {f}, 0, 0, out, oo, n);
            }
        } else {
            REFERENCE.compare(op, a, ao, as, b, bo, bs, out, oo, n);
        }
    }

    /** out[oo + i] = the outcome of a[ao + i·as] against b[bo + i·bs], accepted or not, for i &lt; n. */
    private static void compare(boolean less, boolean equal, boolean greater, boolean unordered, float[] a, int ao, int as,
            float[] b, int bo, int bs, boolean[] out, int oo, int n) {
        int i = 0;
        if (n > 0 && as == 1 && (bs == 0 || bs == 1)) {
            VectorMask<Float> lessMask = S.maskAll(less);
            VectorMask<Float> equalMask = S.maskAll(equal);
            VectorMask<Float> greaterMask = S.maskAll(greater);
            VectorMask<Float> unorderedMask = S.maskAll(unordered);
            FloatVector broadcast = FloatVector.broadcast(S, b[bo]);
            for (int up = S.loopBound(n); i < up; i += S.length()) {
                FloatVector x = FloatVector.fromArray(S, a, ao + i);
                FloatVector y = bs == 0 ? broadcast : FloatVector.fromArray(S, b, bo + i);
                VectorMask<Float> lt = x.compare(VectorOperators.LT, y);
                VectorMask<Float> eq = x.compare(VectorOperators.EQ, y);
                VectorMask<Float> gt = x.compare(VectorOperators.GT, y);
                VectorMask<Float> ordered = lt.or(eq).or(gt);
                lt.and(lessMask).or(eq.and(equalMask)).or(gt.and(greaterMask)).or(ordered.not().and(unorderedMask))
                        .intoArray(out, oo + i);
            }
        }
        for (; i < n; i++) {
            float x = a[ao + i * as];
            float y = b[bo + i * bs];
            out[oo + i] = less & x < y | equal & x == y | greater & x > y | unordered & (x != x | y != y);
        }
    }
}
