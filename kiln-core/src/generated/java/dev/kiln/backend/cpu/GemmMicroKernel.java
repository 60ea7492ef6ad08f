// GENERATED FILE - do not edit. Written by dev.kiln.backend.cpu.gen.KernelGenerator
// (kiln-core/src/test/java/dev/kiln/backend/cpu/gen); GeneratedKernelsTest fails when this file differs from
// the generator's output. Change the emitter and regenerate:
//   mvn -B -o -pl kiln-core test -Dtest=GeneratedKernelsTest -Dkiln.regenerate=true
package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 GEMM register kernel: an MR×NR tile of C in 24 vector accumulators, per k step 2 vector
 * loads of B, 12 broadcasts of A and 24 FMAs (AVX-512's 32 registers hold the accumulators, the B
 * vectors and a broadcast; on 16-register AVX2 some accumulators spill). Its source is kept small enough (one
 * epilogue per beta case, alpha folded into the packed A) for C1 to compile it: a method C1 gives up on can
 * stay in slow code for seconds.
 */
final class GemmMicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private GemmMicroKernel() {
    }

    /** Rows of the register tile. */
    static final int MR = 12;
    /** Columns of the register tile: 2 vectors of the preferred species. */
    static final int NR = 2 * L;

    /** Keeps the C-tile touch loads of the kernel alive (written only in the impossible case). */
    @SuppressWarnings("unused")
    private static float sink;

    /**
     * {@code C[r, j] = Σ_p ap[ao + p·MR + r]·bp[bo + p·ldb + j] + beta·C[r, j]} for r &lt; MR, j &lt; NR, with
     * {@code C[r, j] = c[co + r·ldc + j]} (alpha is folded into the packed A; C is not read when beta = 0).
     * ldb is NR for a packed sliver of B and B's row stride when B is read in place.
     */
    static void kernel(int kc, float[] ap, int ao, float[] bp, int bo, int ldb, float[] c, int co, int ldc, float beta) {
        FloatVector c0_0 = FloatVector.zero(S);
        FloatVector c0_1 = c0_0;
        FloatVector c1_0 = c0_0;
        FloatVector c1_1 = c0_0;
        FloatVector c2_0 = c0_0;
        FloatVector c2_1 = c0_0;
        FloatVector c3_0 = c0_0;
        FloatVector c3_1 = c0_0;
        FloatVector c4_0 = c0_0;
        FloatVector c4_1 = c0_0;
        FloatVector c5_0 = c0_0;
        FloatVector c5_1 = c0_0;
        FloatVector c6_0 = c0_0;
        FloatVector c6_1 = c0_0;
        FloatVector c7_0 = c0_0;
        FloatVector c7_1 = c0_0;
        FloatVector c8_0 = c0_0;
        FloatVector c8_1 = c0_0;
        FloatVector c9_0 = c0_0;
        FloatVector c9_1 = c0_0;
        FloatVector c10_0 = c0_0;
        FloatVector c10_1 = c0_0;
        FloatVector c11_0 = c0_0;
        FloatVector c11_1 = c0_0;
        // Touch the C tile now so that its cache misses overlap the k loop instead of stalling the final update.
        float touch = 0f;
        if (beta != 0f) {
            touch += c[co + 0 * ldc] + c[co + 0 * ldc + NR - 1];
            touch += c[co + 1 * ldc] + c[co + 1 * ldc + NR - 1];
            touch += c[co + 2 * ldc] + c[co + 2 * ldc + NR - 1];
            touch += c[co + 3 * ldc] + c[co + 3 * ldc + NR - 1];
            touch += c[co + 4 * ldc] + c[co + 4 * ldc + NR - 1];
            touch += c[co + 5 * ldc] + c[co + 5 * ldc + NR - 1];
            touch += c[co + 6 * ldc] + c[co + 6 * ldc + NR - 1];
            touch += c[co + 7 * ldc] + c[co + 7 * ldc + NR - 1];
            touch += c[co + 8 * ldc] + c[co + 8 * ldc + NR - 1];
            touch += c[co + 9 * ldc] + c[co + 9 * ldc + NR - 1];
            touch += c[co + 10 * ldc] + c[co + 10 * ldc + NR - 1];
            touch += c[co + 11 * ldc] + c[co + 11 * ldc + NR - 1];
        }
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * ldb;
            int ai = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x0 = FloatVector.broadcast(S, ap[ai + 0]);
            c0_0 = b0.fma(x0, c0_0);
            c0_1 = b1.fma(x0, c0_1);
            FloatVector x1 = FloatVector.broadcast(S, ap[ai + 1]);
            c1_0 = b0.fma(x1, c1_0);
            c1_1 = b1.fma(x1, c1_1);
            FloatVector x2 = FloatVector.broadcast(S, ap[ai + 2]);
            c2_0 = b0.fma(x2, c2_0);
            c2_1 = b1.fma(x2, c2_1);
            FloatVector x3 = FloatVector.broadcast(S, ap[ai + 3]);
            c3_0 = b0.fma(x3, c3_0);
            c3_1 = b1.fma(x3, c3_1);
            FloatVector x4 = FloatVector.broadcast(S, ap[ai + 4]);
            c4_0 = b0.fma(x4, c4_0);
            c4_1 = b1.fma(x4, c4_1);
            FloatVector x5 = FloatVector.broadcast(S, ap[ai + 5]);
            c5_0 = b0.fma(x5, c5_0);
            c5_1 = b1.fma(x5, c5_1);
            FloatVector x6 = FloatVector.broadcast(S, ap[ai + 6]);
            c6_0 = b0.fma(x6, c6_0);
            c6_1 = b1.fma(x6, c6_1);
            FloatVector x7 = FloatVector.broadcast(S, ap[ai + 7]);
            c7_0 = b0.fma(x7, c7_0);
            c7_1 = b1.fma(x7, c7_1);
            FloatVector x8 = FloatVector.broadcast(S, ap[ai + 8]);
            c8_0 = b0.fma(x8, c8_0);
            c8_1 = b1.fma(x8, c8_1);
            FloatVector x9 = FloatVector.broadcast(S, ap[ai + 9]);
            c9_0 = b0.fma(x9, c9_0);
            c9_1 = b1.fma(x9, c9_1);
            FloatVector x10 = FloatVector.broadcast(S, ap[ai + 10]);
            c10_0 = b0.fma(x10, c10_0);
            c10_1 = b1.fma(x10, c10_1);
            FloatVector x11 = FloatVector.broadcast(S, ap[ai + 11]);
            c11_0 = b0.fma(x11, c11_0);
            c11_1 = b1.fma(x11, c11_1);
        }
        if (touch == Float.MIN_VALUE) {
            sink = touch;
        }
        int o0 = co + 0 * ldc;
        int o1 = co + 1 * ldc;
        int o2 = co + 2 * ldc;
        int o3 = co + 3 * ldc;
        int o4 = co + 4 * ldc;
        int o5 = co + 5 * ldc;
        int o6 = co + 6 * ldc;
        int o7 = co + 7 * ldc;
        int o8 = co + 8 * ldc;
        int o9 = co + 9 * ldc;
        int o10 = co + 10 * ldc;
        int o11 = co + 11 * ldc;
        if (beta == 0f) {
            c0_0.intoArray(c, o0);
            c0_1.intoArray(c, o0 + L);
            c1_0.intoArray(c, o1);
            c1_1.intoArray(c, o1 + L);
            c2_0.intoArray(c, o2);
            c2_1.intoArray(c, o2 + L);
            c3_0.intoArray(c, o3);
            c3_1.intoArray(c, o3 + L);
            c4_0.intoArray(c, o4);
            c4_1.intoArray(c, o4 + L);
            c5_0.intoArray(c, o5);
            c5_1.intoArray(c, o5 + L);
            c6_0.intoArray(c, o6);
            c6_1.intoArray(c, o6 + L);
            c7_0.intoArray(c, o7);
            c7_1.intoArray(c, o7 + L);
            c8_0.intoArray(c, o8);
            c8_1.intoArray(c, o8 + L);
            c9_0.intoArray(c, o9);
            c9_1.intoArray(c, o9 + L);
            c10_0.intoArray(c, o10);
            c10_1.intoArray(c, o10 + L);
            c11_0.intoArray(c, o11);
            c11_1.intoArray(c, o11 + L);
        } else {
            FloatVector vb = FloatVector.broadcast(S, beta);
            FloatVector.fromArray(S, c, o0).fma(vb, c0_0).intoArray(c, o0);
            FloatVector.fromArray(S, c, o0 + L).fma(vb, c0_1).intoArray(c, o0 + L);
            FloatVector.fromArray(S, c, o1).fma(vb, c1_0).intoArray(c, o1);
            FloatVector.fromArray(S, c, o1 + L).fma(vb, c1_1).intoArray(c, o1 + L);
            FloatVector.fromArray(S, c, o2).fma(vb, c2_0).intoArray(c, o2);
            FloatVector.fromArray(S, c, o2 + L).fma(vb, c2_1).intoArray(c, o2 + L);
            FloatVector.fromArray(S, c, o3).fma(vb, c3_0).intoArray(c, o3);
            FloatVector.fromArray(S, c, o3 + L).fma(vb, c3_1).intoArray(c, o3 + L);
            FloatVector.fromArray(S, c, o4).fma(vb, c4_0).intoArray(c, o4);
            FloatVector.fromArray(S, c, o4 + L).fma(vb, c4_1).intoArray(c, o4 + L);
            FloatVector.fromArray(S, c, o5).fma(vb, c5_0).intoArray(c, o5);
            FloatVector.fromArray(S, c, o5 + L).fma(vb, c5_1).intoArray(c, o5 + L);
            FloatVector.fromArray(S, c, o6).fma(vb, c6_0).intoArray(c, o6);
            FloatVector.fromArray(S, c, o6 + L).fma(vb, c6_1).intoArray(c, o6 + L);
            FloatVector.fromArray(S, c, o7).fma(vb, c7_0).intoArray(c, o7);
            FloatVector.fromArray(S, c, o7 + L).fma(vb, c7_1).intoArray(c, o7 + L);
            FloatVector.fromArray(S, c, o8).fma(vb, c8_0).intoArray(c, o8);
            FloatVector.fromArray(S, c, o8 + L).fma(vb, c8_1).intoArray(c, o8 + L);
            FloatVector.fromArray(S, c, o9).fma(vb, c9_0).intoArray(c, o9);
            FloatVector.fromArray(S, c, o9 + L).fma(vb, c9_1).intoArray(c, o9 + L);
            FloatVector.fromArray(S, c, o10).fma(vb, c10_0).intoArray(c, o10);
            FloatVector.fromArray(S, c, o10 + L).fma(vb, c10_1).intoArray(c, o10 + L);
            FloatVector.fromArray(S, c, o11).fma(vb, c11_0).intoArray(c, o11);
            FloatVector.fromArray(S, c, o11 + L).fma(vb, c11_1).intoArray(c, o11 + L);
        }
    }

    /**
     * {@code C[r, j] = alpha·Σ_p A[r, p]·B[p, j] + beta·C[r, j]} for r &lt; rows ≤ 4 and the lanes j of
     * m0 (columns [0, L)) and m1 (columns [L, 2L)), with {@code A[r, p] = a[ao + r·aRs + p·aCs]} read in place,
     * {@code B[p, j] = b[bo + p·bRs + j]} and {@code C[r, j] = c[co + r·ldc + j]} (C not read when beta = 0). Rows
     * past {@code rows} repeat the last row of A and are not stored; B's vectors are plain loads while they lie
     * inside the array (lanes outside the masks are never stored).
     */
    static void edge4(int rows, int k, float alpha, float[] a, int ao, int aRs, int aCs, float[] b, int bo, int bRs,
            float beta, float[] c, int co, int ldc, VectorMask<Float> m0, VectorMask<Float> m1) {
        FloatVector c0_0 = FloatVector.zero(S), c0_1 = c0_0, c1_0 = c0_0, c1_1 = c0_0, c2_0 = c0_0, c2_1 = c0_0, c3_0 = c0_0, c3_1 = c0_0;
        int a0 = ao;
        int a1 = ao + Math.min(1, rows - 1) * aRs;
        int a2 = ao + Math.min(2, rows - 1) * aRs;
        int a3 = ao + Math.min(3, rows - 1) * aRs;
        for (int p = 0; p < k; p++) {
            int bi = bo + p * bRs;
            int q = p * aCs;
            FloatVector b0 = load(b, bi, m0);
            FloatVector b1 = load(b, bi + L, m1);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + q]);
            c0_0 = b0.fma(x0, c0_0);
            c0_1 = b1.fma(x0, c0_1);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + q]);
            c1_0 = b0.fma(x1, c1_0);
            c1_1 = b1.fma(x1, c1_1);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + q]);
            c2_0 = b0.fma(x2, c2_0);
            c2_1 = b1.fma(x2, c2_1);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + q]);
            c3_0 = b0.fma(x3, c3_0);
            c3_1 = b1.fma(x3, c3_1);
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

    /**
     * {@code C[r, j] = alpha·Σ_p A[r, p]·B[p, j] + beta·C[r, j]} for r &lt; rows ≤ 12 and the lanes j of
     * m0 (columns [0, L)), with {@code A[r, p] = a[ao + r·aRs + p·aCs]} read in place,
     * {@code B[p, j] = b[bo + p·bRs + j]} and {@code C[r, j] = c[co + r·ldc + j]} (C not read when beta = 0). Rows
     * past {@code rows} repeat the last row of A and are not stored; B's vectors are plain loads while they lie
     * inside the array (lanes outside the masks are never stored).
     */
    static void edge12x1(int rows, int k, float alpha, float[] a, int ao, int aRs, int aCs, float[] b, int bo, int bRs,
            float beta, float[] c, int co, int ldc, VectorMask<Float> m0) {
        FloatVector c0_0 = FloatVector.zero(S), c1_0 = c0_0, c2_0 = c0_0, c3_0 = c0_0, c4_0 = c0_0, c5_0 = c0_0, c6_0 = c0_0, c7_0 = c0_0, c8_0 = c0_0, c9_0 = c0_0, c10_0 = c0_0, c11_0 = c0_0;
        int a0 = ao;
        int a1 = ao + Math.min(1, rows - 1) * aRs;
        int a2 = ao + Math.min(2, rows - 1) * aRs;
        int a3 = ao + Math.min(3, rows - 1) * aRs;
        int a4 = ao + Math.min(4, rows - 1) * aRs;
        int a5 = ao + Math.min(5, rows - 1) * aRs;
        int a6 = ao + Math.min(6, rows - 1) * aRs;
        int a7 = ao + Math.min(7, rows - 1) * aRs;
        int a8 = ao + Math.min(8, rows - 1) * aRs;
        int a9 = ao + Math.min(9, rows - 1) * aRs;
        int a10 = ao + Math.min(10, rows - 1) * aRs;
        int a11 = ao + Math.min(11, rows - 1) * aRs;
        for (int p = 0; p < k; p++) {
            int bi = bo + p * bRs;
            int q = p * aCs;
            FloatVector b0 = load(b, bi, m0);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + q]);
            c0_0 = b0.fma(x0, c0_0);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + q]);
            c1_0 = b0.fma(x1, c1_0);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + q]);
            c2_0 = b0.fma(x2, c2_0);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + q]);
            c3_0 = b0.fma(x3, c3_0);
            FloatVector x4 = FloatVector.broadcast(S, a[a4 + q]);
            c4_0 = b0.fma(x4, c4_0);
            FloatVector x5 = FloatVector.broadcast(S, a[a5 + q]);
            c5_0 = b0.fma(x5, c5_0);
            FloatVector x6 = FloatVector.broadcast(S, a[a6 + q]);
            c6_0 = b0.fma(x6, c6_0);
            FloatVector x7 = FloatVector.broadcast(S, a[a7 + q]);
            c7_0 = b0.fma(x7, c7_0);
            FloatVector x8 = FloatVector.broadcast(S, a[a8 + q]);
            c8_0 = b0.fma(x8, c8_0);
            FloatVector x9 = FloatVector.broadcast(S, a[a9 + q]);
            c9_0 = b0.fma(x9, c9_0);
            FloatVector x10 = FloatVector.broadcast(S, a[a10 + q]);
            c10_0 = b0.fma(x10, c10_0);
            FloatVector x11 = FloatVector.broadcast(S, a[a11 + q]);
            c11_0 = b0.fma(x11, c11_0);
        }
        store(c0_0, alpha, beta, c, co, m0);
        if (rows > 1) {
            co += ldc;
            store(c1_0, alpha, beta, c, co, m0);
        }
        if (rows > 2) {
            co += ldc;
            store(c2_0, alpha, beta, c, co, m0);
        }
        if (rows > 3) {
            co += ldc;
            store(c3_0, alpha, beta, c, co, m0);
        }
        if (rows > 4) {
            co += ldc;
            store(c4_0, alpha, beta, c, co, m0);
        }
        if (rows > 5) {
            co += ldc;
            store(c5_0, alpha, beta, c, co, m0);
        }
        if (rows > 6) {
            co += ldc;
            store(c6_0, alpha, beta, c, co, m0);
        }
        if (rows > 7) {
            co += ldc;
            store(c7_0, alpha, beta, c, co, m0);
        }
        if (rows > 8) {
            co += ldc;
            store(c8_0, alpha, beta, c, co, m0);
        }
        if (rows > 9) {
            co += ldc;
            store(c9_0, alpha, beta, c, co, m0);
        }
        if (rows > 10) {
            co += ldc;
            store(c10_0, alpha, beta, c, co, m0);
        }
        if (rows > 11) {
            co += ldc;
            store(c11_0, alpha, beta, c, co, m0);
        }
    }

    /** The vector at {@code b[i..i+L)}: a plain load while it lies inside the array, a masked load at its end. */
    private static FloatVector load(float[] b, int i, VectorMask<Float> mask) {
        return i <= b.length - L ? FloatVector.fromArray(S, b, i) : FloatVector.fromArray(S, b, i, mask);
    }

    /** Writes alpha·acc + beta·C to the lanes of {@code mask} of {@code c[o..o+L)} (C not read when beta = 0). */
    private static void store(FloatVector acc, float alpha, float beta, float[] c, int o, VectorMask<Float> mask) {
        FloatVector v = alpha == 1f ? acc : acc.mul(alpha);
        if (beta != 0f) {
            v = FloatVector.fromArray(S, c, o, mask).fma(FloatVector.broadcast(S, beta), v);
        }
        v.intoArray(c, o, mask);
    }
}
