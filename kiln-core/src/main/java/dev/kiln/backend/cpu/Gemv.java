package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix–vector products for a few rows: against a matrix with contiguous rows ({@link #rows}: one load of
 * x serves four dot products), used where a GEMM would pack the whole matrix for one row; and against a B
 * packed once ({@link #prepacked}: B streams past in its sliver order, no horizontal sums).
 */
final class Gemv {
    private static final VectorSpecies<Float> S = FloatVectors.S;
    /** Multiply-adds per thread below which the loop stays on one thread. */
    private static final long GRAIN = 1L << 16;

    private Gemv() {
    }

    /** y[i·out + j] = Σ_p x[i·in + p]·w[wo + j·ws + p]; parallel over j when large. */
    static void rows(float[] x, int rows, int in, float[] w, int wo, int ws, float[] y, int out) {
        long work = (long) rows * in * out;
        int chunks = (int) Math.max(1, Math.min(Parallel.threads(), work / GRAIN));
        Parallel.forChunks(out, chunks, (lo, hi) -> {
            for (int i = 0; i < rows; i++) {
                int j = lo;
                for (; j + 4 <= hi; j += 4) {
                    dots4(x, i * in, w, wo + j * ws, ws, in, y, i * out + j);
                }
                for (; j < hi; j++) {
                    y[i * out + j] = dot(x, i * in, w, wo + j * ws, in);
                }
            }
        });
    }

    /**
     * C[i, j] = alpha·Σ_p A[i, p]·B[p, j] + beta·C[i, j] for m ≤ 2 rows, with B a {@link PackedB.Prepacked} of
     * at least {@link Gemm#NR} columns, {@code A[i,p] = a[aOff + i·aRs + p·aCs]}, {@code C[i,j] = c[cOff + i·ldc + j]}.
     * Each k step broadcasts A[0, p] and A[1, p] and multiplies them with the step's row of two NR-wide slivers,
     * which are contiguous in the packed B: one stream through memory, whose bandwidth bounds the product.
     * Parallel over pairs of slivers when large.
     */
    static void prepacked(int m, int n, int k, float alpha, float[] a, int aOff, int aRs, int aCs, PackedB.Prepacked b,
                          float beta, float[] c, int cOff, int ldc) {
        int pairs = (n + 2 * Gemm.NR - 1) / (2 * Gemm.NR);
        long work = (long) m * n * k;
        int chunks = (int) Math.max(1, Math.min(Math.min(Parallel.threads(), pairs), work / GRAIN));
        int a1 = aOff + (m > 1 ? aRs : 0); // with one row, row 1 repeats row 0 and is not stored
        Parallel.forChunks(pairs, chunks, (lo, hi) -> {
            for (int q = lo; q < hi; q++) {
                twoSlivers(m, k, n, q * 2 * Gemm.NR, alpha, a, aOff, a1, aCs, b, beta, c, cOff, ldc);
            }
        });
    }

    /**
     * Columns [j0, j0 + 2·NR) ∩ [0, n) of {@link #prepacked}, rows 0 and 1 from {@code a[a0 + p·aCs]} and
     * {@code a[a1 + p·aCs]}, one KC slice of B at a time (beta applies to the first; the others add to C).
     */
    private static void twoSlivers(int m, int k, int n, int j0, float alpha, float[] a, int a0, int a1, int aCs,
                                   PackedB.Prepacked b, float beta, float[] c, int cOff, int ldc) {
        int l = S.length();
        int nr = Gemm.NR;
        boolean second = j0 + nr < n; // the second sliver exists
        float[] bp = b.data();
        for (int p0 = 0; p0 < k; p0 += Gemm.KC) {
            int kc = Math.min(Gemm.KC, k - p0);
            int s0 = b.offset(p0, j0);
            int s1 = second ? s0 + nr * kc : s0; // without a second sliver, the first is read twice and not stored
            // row 0: its A stream and four accumulators, C[0, j0 .. j0 + 2·NR)
            int x0 = a0 + p0 * aCs;
            FloatVector r00 = FloatVector.zero(S);
            FloatVector r01 = r00;
            FloatVector r02 = r00;
            FloatVector r03 = r00;
            // row 1 likewise
            int x1 = a1 + p0 * aCs;
            FloatVector r10 = r00;
            FloatVector r11 = r00;
            FloatVector r12 = r00;
            FloatVector r13 = r00;
            for (int p = 0; p < kc; p++) {
                FloatVector v0 = FloatVector.broadcast(S, a[x0 + p * aCs]);
                FloatVector v1 = FloatVector.broadcast(S, a[x1 + p * aCs]);
                FloatVector b0 = FloatVector.fromArray(S, bp, s0 + p * nr);
                FloatVector b1 = FloatVector.fromArray(S, bp, s0 + p * nr + l);
                FloatVector b2 = FloatVector.fromArray(S, bp, s1 + p * nr);
                FloatVector b3 = FloatVector.fromArray(S, bp, s1 + p * nr + l);
                r00 = b0.fma(v0, r00);
                r01 = b1.fma(v0, r01);
                r02 = b2.fma(v0, r02);
                r03 = b3.fma(v0, r03);
                r10 = b0.fma(v1, r10);
                r11 = b1.fma(v1, r11);
                r12 = b2.fma(v1, r12);
                r13 = b3.fma(v1, r13);
            }
            float bt = p0 == 0 ? beta : 1f;
            int co = cOff + j0;
            store(r00, alpha, bt, c, co, j0, n);
            store(r01, alpha, bt, c, co + l, j0 + l, n);
            store(r02, alpha, bt, c, co + 2 * l, j0 + 2 * l, n);
            store(r03, alpha, bt, c, co + 3 * l, j0 + 3 * l, n);
            if (m > 1) {
                co += ldc;
                store(r10, alpha, bt, c, co, j0, n);
                store(r11, alpha, bt, c, co + l, j0 + l, n);
                store(r12, alpha, bt, c, co + 2 * l, j0 + 2 * l, n);
                store(r13, alpha, bt, c, co + 3 * l, j0 + 3 * l, n);
            }
        }
    }

    /** c[co + t] = alpha·acc[t] + beta·c[co + t] for the lanes t whose column j + t is below n (C not read when beta = 0). */
    private static void store(FloatVector acc, float alpha, float beta, float[] c, int co, int j, int n) {
        if (j >= n) {
            return;
        }
        VectorMask<Float> lanes = S.indexInRange(j, n);
        FloatVector y = acc.mul(alpha);
        if (beta != 0f) {
            y = FloatVector.fromArray(S, c, co, lanes).fma(FloatVector.broadcast(S, beta), y);
        }
        y.intoArray(c, co, lanes);
    }

    /** y[yo + r] = Σ_p x[xo + p]·W[wo + r·ws + p] for the four rows r of W: one load of x serves four dots. */
    private static void dots4(float[] x, int xo, float[] w, int wo, int ws, int n, float[] y, int yo) {
        int l = S.length();
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int w1 = wo + ws;
        int w2 = w1 + ws;
        int w3 = w2 + ws;
        int p = 0;
        for (; p + l <= n; p += l) {
            FloatVector xv = FloatVector.fromArray(S, x, xo + p);
            a0 = xv.fma(FloatVector.fromArray(S, w, wo + p), a0);
            a1 = xv.fma(FloatVector.fromArray(S, w, w1 + p), a1);
            a2 = xv.fma(FloatVector.fromArray(S, w, w2 + p), a2);
            a3 = xv.fma(FloatVector.fromArray(S, w, w3 + p), a3);
        }
        float s0 = FloatVectors.sumLanes(a0);
        float s1 = FloatVectors.sumLanes(a1);
        float s2 = FloatVectors.sumLanes(a2);
        float s3 = FloatVectors.sumLanes(a3);
        for (; p < n; p++) {
            float xp = x[xo + p];
            s0 += xp * w[wo + p];
            s1 += xp * w[w1 + p];
            s2 += xp * w[w2 + p];
            s3 += xp * w[w3 + p];
        }
        y[yo] = s0;
        y[yo + 1] = s1;
        y[yo + 2] = s2;
        y[yo + 3] = s3;
    }

    /** Σ_p a[ao + p]·b[bo + p]. */
    private static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int l = S.length();
        FloatVector acc = FloatVector.zero(S);
        int p = 0;
        for (; p + l <= n; p += l) {
            acc = FloatVector.fromArray(S, a, ao + p).fma(FloatVector.fromArray(S, b, bo + p), acc);
        }
        float s = FloatVectors.sumLanes(acc);
        for (; p < n; p++) {
            s += a[ao + p] * b[bo + p];
        }
        return s;
    }
}
