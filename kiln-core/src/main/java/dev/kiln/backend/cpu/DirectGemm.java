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
 * sliver of A is packed (alpha folded in, 12·k floats in the task's {@link Scratch}, kept in L1) and
 * Gemm's 12×NR register kernel ({@link GemmMicroKernel}, with B's row stride bRs as its ldb) reads
 * B in place, two vectors per k step. Threads split the rows of C in whole slivers. The m % 12 rows
 * and the n % NR columns go through a 4-row kernel ({@link GemmMicroKernel#edge4}) that reads A in
 * place and stores with lane masks, so nothing is written outside C and no tile buffer is needed; its
 * B loads are plain whenever the vector lies inside the array (the extra lanes are never stored). A
 * remainder strip of at most L columns (all of a 16-column product) takes a 12-row, one-vector kernel
 * ({@link GemmMicroKernel#edge12x1}) instead.
 */
final class DirectGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = Gemm.MR;
    private static final int NR = Gemm.NR;
    private static final VectorMask<Float> ALL = S.maskAll(true);

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

    /** Rows [i0, i1) of C, all n columns (one task: the 12-row slivers of A are packed into the task's {@code scratch}). */
    static void rows(Scratch scratch, int i0, int i1, int n, int k, float alpha,
                     float[] a, int aOff, int aRs, int aCs, float[] b, int bOff, int bRs,
                     float beta, float[] c, int cOff, int ldc) {
        int jFull = n / NR * NR;
        int i = i0;
        if (i + MR <= i1 && jFull > 0) {
            float[] ap = scratch.packedA(MR * k);
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
            if (nr <= L) {
                narrowEdges(i0, i1, k, alpha, a, aOff, aRs, aCs, b, bOff + jFull, bRs, beta, c, cOff + jFull, ldc, m0);
            } else {
                VectorMask<Float> m1 = S.indexInRange(L, nr);
                edges(i0, i1, k, alpha, a, aOff, aRs, aCs, b, bOff + jFull, bRs, beta, c, cOff + jFull, ldc, m0, m1);
            }
        }
    }

    /**
     * Rows [i0, i1) of a column strip at most L wide (lanes given by m0) in groups of twelve rows, one
     * vector per row: at batch 1 a 4×4 feature map is a 16-column product, where the two-vector edge
     * kernel would keep half its lanes and FMAs idle.
     */
    private static void narrowEdges(int i0, int i1, int k, float alpha, float[] a, int aOff, int aRs, int aCs,
                                    float[] b, int bo, int bRs, float beta, float[] c, int cOff, int ldc,
                                    VectorMask<Float> m0) {
        for (int i = i0; i < i1; i += MR) {
            GemmMicroKernel.edge12x1(Math.min(MR, i1 - i), k, alpha, a, aOff + i * aRs, aRs, aCs, b, bo, bRs, beta,
                    c, cOff + i * ldc, ldc, m0);
        }
    }

    /** Rows [i0, i1) of one NR-wide column strip (lanes given by m0, m1) in groups of four rows. */
    private static void edges(int i0, int i1, int k, float alpha, float[] a, int aOff, int aRs, int aCs,
                              float[] b, int bo, int bRs, float beta, float[] c, int cOff, int ldc,
                              VectorMask<Float> m0, VectorMask<Float> m1) {
        for (int i = i0; i < i1; i += 4) {
            GemmMicroKernel.edge4(Math.min(4, i1 - i), k, alpha, a, aOff + i * aRs, aRs, aCs, b, bo, bRs, beta,
                    c, cOff + i * ldc, ldc, m0, m1);
        }
    }
}
