package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * SGEMM without packing B, for products whose B rows are contiguous and whose B fits in L2:
 * {@code C[i,j] = alpha·Σ_p A[i,p]·B[p,j] + beta·C[i,j]} with {@code A[i,p] = a[aOff + i·aRs + p·aCs]},
 * {@code B[p,j] = b[bOff + p·bRs + j]}, {@code C[i,j] = c[cOff + i·ldc + j]}.
 *
 * <p>The blocked path copies all of B into NR-wide slivers, sets up a shared region and hands out
 * tasks; for B up to a few hundred KiB that is a large share of the time. Here each 12-row
 * sliver of A is packed (alpha folded in, 12·k floats in a per-thread buffer, kept in L1) and
 * Gemm's 12×NR register kernel ({@link GemmMicroKernel}, with B's row stride bRs as its ldb) reads
 * B in place, two vectors per k step. Threads split the rows of C in whole slivers. The m % 12 rows
 * and the n % NR columns go through a 4-row kernel that reads A in place and stores with lane masks,
 * so nothing is written outside C and no tile buffer is needed; its B loads are plain whenever the
 * vector lies inside the array (the extra lanes are never stored).
 */
final class DirectGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = Gemm.MR;
    private static final int NR = Gemm.NR;
    private static final VectorMask<Float> ALL = S.maskAll(true);

    /** Each thread's packed 12-row sliver of A (12·k floats). */
    private static final ThreadLocal<float[]> SLIVER = ThreadLocal.withInitial(() -> new float[0]);

    private DirectGemm() {
    }

    /**
     * Most floats of B (k·n) for the unpacked path (768 KiB): B is re-read for every 12 rows of C
     * and must stay in the 2 MiB L2. Measured on 2 threads: 384³ 490 → 425 µs unpacked, 512³ a tie.
     */
    static final long MAX_B = 192L << 10;

    /**
     * Whether the unpacked path suits a product on {@code threads} threads: B rows contiguous, B
     * small enough to stay in L2, and at least one 12-row sliver of C per thread (the threads split
     * the rows; the packed path splits the columns when the rows are few).
     */
    static boolean suits(int threads, int m, int n, int k, int bCs) {
        return bCs == 1 && (long) n * k <= MAX_B && (m + MR - 1) / MR >= threads;
    }

    /** Rows [i0, i1) of C, all n columns. */
    static void rows(int i0, int i1, int n, int k, float alpha,
                     float[] a, int aOff, int aRs, int aCs, float[] b, int bOff, int bRs,
                     float beta, float[] c, int cOff, int ldc) {
        int jFull = n / NR * NR;
        int i = i0;
        if (i + MR <= i1 && jFull > 0) {
            float[] ap = SLIVER.get();
            if (ap.length < MR * k) {
                ap = new float[MR * k];
                SLIVER.set(ap);
            }
            for (; i + MR <= i1; i += MR) {
                GemmPacking.packA(MR, k, alpha, a, aOff + i * aRs, aRs, aCs, ap, 0);
                int co = cOff + i * ldc;
                for (int j = 0; j < jFull; j += NR) {
                    GemmMicroKernel.kernel(k, ap, 0, b, bOff + j, bRs, c, co + j, ldc, beta);
                }
            }
        }
        if (i < i1) {
            for (int j = 0; j < jFull; j += NR) {
                edges(i, i1, k, alpha, a, aOff, aRs, aCs, b, bOff + j, bRs, beta, c, cOff + j, ldc, ALL, ALL);
            }
        }
        if (jFull < n) {
            int nr = n - jFull;
            VectorMask<Float> m0 = S.indexInRange(0, nr);
            VectorMask<Float> m1 = S.indexInRange(L, nr);
            edges(i0, i1, k, alpha, a, aOff, aRs, aCs, b, bOff + jFull, bRs, beta, c, cOff + jFull, ldc, m0, m1);
        }
    }

    /** Rows [i0, i1) of one NR-wide column strip (lanes given by m0, m1) in groups of four rows. */
    private static void edges(int i0, int i1, int k, float alpha, float[] a, int aOff, int aRs, int aCs,
                              float[] b, int bo, int bRs, float beta, float[] c, int cOff, int ldc,
                              VectorMask<Float> m0, VectorMask<Float> m1) {
        for (int i = i0; i < i1; i += 4) {
            kernel4(Math.min(4, i1 - i), k, alpha, a, aOff + i * aRs, aRs, aCs, b, bo, bRs, beta,
                    c, cOff + i * ldc, ldc, m0, m1);
        }
    }

    /**
     * The vector at {@code b[i..i+L)}: a plain load while it lies inside the array (lanes outside
     * {@code mask} then hold other elements of B, never stored), a masked load only at the array's end.
     */
    private static FloatVector load(float[] b, int i, VectorMask<Float> mask) {
        return i <= b.length - L ? FloatVector.fromArray(S, b, i) : FloatVector.fromArray(S, b, i, mask);
    }

    /** Writes alpha·acc + beta·C to {@code c[o..o+L)} (C not read when beta = 0). */
    private static void store(FloatVector acc, float alpha, float beta, float[] c, int o) {
        FloatVector v = alpha == 1f ? acc : acc.mul(alpha);
        if (beta != 0f) {
            v = FloatVector.fromArray(S, c, o).fma(FloatVector.broadcast(S, beta), v);
        }
        v.intoArray(c, o);
    }

    /** Like {@link #store} for the lanes of {@code mask}. */
    private static void store(FloatVector acc, float alpha, float beta, float[] c, int o, VectorMask<Float> mask) {
        FloatVector v = alpha == 1f ? acc : acc.mul(alpha);
        if (beta != 0f) {
            v = FloatVector.fromArray(S, c, o, mask).fma(FloatVector.broadcast(S, beta), v);
        }
        v.intoArray(c, o, mask);
    }

    /**
     * A tile of {@code rows} ≤ 4 rows and the lanes of m0 (columns [0, L)) and m1 (columns [L, 2L)).
     * Rows past {@code rows} repeat the last row of A and are not stored.
     */
    private static void kernel4(int rows, int k, float alpha, float[] a, int ao, int aRs, int aCs,
                                float[] b, int bo, int bRs, float beta, float[] c, int co, int ldc,
                                VectorMask<Float> m0, VectorMask<Float> m1) {
        FloatVector c0_0 = FloatVector.zero(S);
        FloatVector c0_1 = c0_0;
        FloatVector c1_0 = c0_0;
        FloatVector c1_1 = c0_0;
        FloatVector c2_0 = c0_0;
        FloatVector c2_1 = c0_0;
        FloatVector c3_0 = c0_0;
        FloatVector c3_1 = c0_0;
        int a0 = ao;
        int a1 = ao + Math.min(1, rows - 1) * aRs;
        int a2 = ao + Math.min(2, rows - 1) * aRs;
        int a3 = ao + Math.min(3, rows - 1) * aRs;
        for (int p = 0; p < k; p++) {
            int bi = bo + p * bRs;
            int q = p * aCs;
            FloatVector b0 = load(b, bi, m0);
            FloatVector b1 = load(b, bi + L, m1);
            FloatVector x = FloatVector.broadcast(S, a[a0 + q]);
            c0_0 = x.fma(b0, c0_0);
            c0_1 = x.fma(b1, c0_1);
            x = FloatVector.broadcast(S, a[a1 + q]);
            c1_0 = x.fma(b0, c1_0);
            c1_1 = x.fma(b1, c1_1);
            x = FloatVector.broadcast(S, a[a2 + q]);
            c2_0 = x.fma(b0, c2_0);
            c2_1 = x.fma(b1, c2_1);
            x = FloatVector.broadcast(S, a[a3 + q]);
            c3_0 = x.fma(b0, c3_0);
            c3_1 = x.fma(b1, c3_1);
        }
        store(c0_0, alpha, beta, c, co, m0);
        store(c0_1, alpha, beta, c, co + L, m1);
        if (rows > 1) {
            co += ldc;
            store(c1_0, alpha, beta, c, co, m0);
            store(c1_1, alpha, beta, c, co + L, m1);
        }
        if (rows > 2) {
            co += ldc;
            store(c2_0, alpha, beta, c, co, m0);
            store(c2_1, alpha, beta, c, co + L, m1);
        }
        if (rows > 3) {
            co += ldc;
            store(c3_0, alpha, beta, c, co, m0);
            store(c3_1, alpha, beta, c, co + L, m1);
        }
    }
}
