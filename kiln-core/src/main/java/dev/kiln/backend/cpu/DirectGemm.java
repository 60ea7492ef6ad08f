package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * SGEMM without packing, for small products whose B rows are contiguous:
 * {@code C[i,j] = alpha·Σ_p A[i,p]·B[p,j] + beta·C[i,j]} with {@code A[i,p] = a[aOff + i·aRs + p·aCs]},
 * {@code B[p,j] = b[bOff + p·bRs + j]}, {@code C[i,j] = c[cOff + i·ldc + j]}.
 *
 * <p>When A and B fit in L2, packing them (copies of m·k and k·n floats, a workspace, edge tiles
 * through a buffer) costs as much as the arithmetic. Here a {@link Gemm#MR}×{@link Gemm#NR}
 * register kernel reads B in place, two vectors per k step at stride bRs, and broadcasts A straight
 * from its rows (any strides, so a transposed A needs no copy); alpha and beta are applied once to
 * the accumulated tile. The m % 12 rows and the n % NR columns go through a 4-row kernel with
 * masked loads and stores, so nothing is written outside C and no buffer is needed.
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

    /** Most m·n·k for the unpacked path (beyond it packing is a small part of the time). */
    static final long MAX_WORK = 4L << 20;
    /** Most floats of B (k·n) for the unpacked path: B is re-read from L2 for every 12 rows of C. */
    static final long MAX_B = 128L << 10;

    /**
     * Whether the unpacked path suits a product: small, B rows contiguous, and B rows not so
     * regularly spaced that a k×NR column strip of B collides in the L1 cache sets (a row stride of
     * 4-KiB/P bytes maps P rows to distinct sets; more than 8 rows per set thrash, e.g. n = k = 128).
     */
    static boolean suits(int m, int n, int k, int bRs, int bCs) {
        if (bCs != 1 || (long) m * n * k > MAX_WORK || (long) n * k > MAX_B) {
            return false;
        }
        int strideBytes = 4 * Math.max(1, Math.abs(bRs));
        int period = 4096 / gcd(strideBytes, 4096);
        return k <= 8 * period;
    }

    private static int gcd(int x, int y) {
        while (y != 0) {
            int t = x % y;
            x = y;
            y = t;
        }
        return x;
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
                Gemm.packA(MR, k, alpha, a, aOff + i * aRs, aRs, aCs, ap, 0);
                int co = cOff + i * ldc;
                for (int j = 0; j < jFull; j += NR) {
                    Gemm.kernel(k, ap, 0, b, bOff + j, bRs, c, co + j, ldc, beta);
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
