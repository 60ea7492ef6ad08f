package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.Gemm.MR;
import static dev.kiln.backend.cpu.Gemm.NR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packing for the float32 GEMM: A into {@link Gemm#MR}-row slivers (alpha folded in) and B into
 * {@link Gemm#NR}-wide slivers, the layouts {@link GemmMicroKernel} reads with unit stride. Contiguous
 * rows are copied with vectors; strided ones are interleaved from eight or four scalar streams. (AVX-512
 * vector gathers were used for those until session 7; on this machine's AMD EPYC a 16-lane gather takes about
 * 14 ns, and the scalar interleave is 0–25% faster per convolution layer: batch 32, 1 thread, CPU ms,
 * 512→512 3×3 at 4×4 forward 15.5 → 12.3, 256→256 at 8×8 weight gradient 15.0 → 12.7.)
 */
final class GemmPacking {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private GemmPacking() {
    }

    /**
     * Packs the kc×nc block of B into NR-wide slivers from {@code bp[d]} on: sliver s holds
     * B[p, s·NR + j] at {@code d + s·NR·kc + p·NR + j}; columns past nc are zero.
     */
    static void packB(int kc, int nc, float[] b, int bOff, int bRs, int bCs, float[] bp, int d) {
        for (int j0 = 0; j0 < nc; j0 += NR) {
            int nr = Math.min(NR, nc - j0);
            int src = bOff + j0 * bCs;
            if (nr == NR && bCs == 1) {
                for (int p = 0; p < kc; p++) {
                    int s = src + p * bRs;
                    FloatVector.fromArray(S, b, s).intoArray(bp, d);
                    FloatVector.fromArray(S, b, s + L).intoArray(bp, d + L);
                    d += NR;
                }
            } else if (nr == NR && bRs == 1) {
                for (int j = 0; j < NR; j += 8) {
                    gather8(1f, b, src + j * bCs, bCs, kc, bp, d + j, NR);
                }
                d += kc * NR;
            } else {
                for (int p = 0; p < kc; p++) {
                    int s = src + p * bRs;
                    int j = 0;
                    for (; j < nr; j++) {
                        bp[d + j] = b[s + j * bCs];
                    }
                    for (; j < NR; j++) {
                        bp[d + j] = 0f;
                    }
                    d += NR;
                }
            }
        }
    }

    /**
     * Packs alpha times the mc×kc block of A into MR-row slivers from {@code ap[d]} on: sliver s
     * holds alpha·A[s·MR + r, p] at {@code d + s·MR·kc + p·MR + r}; rows past mc are zero.
     */
    static void packA(int mc, int kc, float alpha, float[] a, int aOff, int aRs, int aCs, float[] ap, int d) {
        for (int i0 = 0; i0 < mc; i0 += MR) {
            int mr = Math.min(MR, mc - i0);
            int src = aOff + i0 * aRs;
            if (mr == MR && aCs == 1) {
                int r = 0;
                for (; r + 8 <= MR; r += 8) {
                    gather8(alpha, a, src + r * aRs, aRs, kc, ap, d + r, MR);
                }
                for (; r + 4 <= MR; r += 4) {
                    gather4(alpha, a, src + r * aRs, aRs, kc, ap, d + r, MR);
                }
                d += kc * MR;
            } else if (mr == MR && aRs == 1) {
                for (int p = 0; p < kc; p++) {
                    int s = src + p * aCs;
                    for (int r = 0; r < MR; r++) {
                        ap[d + r] = alpha * a[s + r];
                    }
                    d += MR;
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int s = src + p * aCs;
                    int r = 0;
                    for (; r < mr; r++) {
                        ap[d + r] = alpha * a[s + r * aRs];
                    }
                    for (; r < MR; r++) {
                        ap[d + r] = 0f;
                    }
                    d += MR;
                }
            }
        }
    }

    /**
     * Interleaves eight contiguous runs of length kc, scaled: {@code dst[d + p·dstStride + q] = alpha·src[s + q·stride + p]}
     * for q &lt; 8, p &lt; kc. Reading eight streams at once and writing contiguously is about twice as fast
     * as copying one run at a time with strided writes.
     */
    private static void gather8(float alpha, float[] src, int s, int stride, int kc, float[] dst, int d, int dstStride) {
        int s1 = s + stride;
        int s2 = s1 + stride;
        int s3 = s2 + stride;
        int s4 = s3 + stride;
        int s5 = s4 + stride;
        int s6 = s5 + stride;
        int s7 = s6 + stride;
        for (int p = 0; p < kc; p++) {
            int o = d + p * dstStride;
            dst[o] = alpha * src[s + p];
            dst[o + 1] = alpha * src[s1 + p];
            dst[o + 2] = alpha * src[s2 + p];
            dst[o + 3] = alpha * src[s3 + p];
            dst[o + 4] = alpha * src[s4 + p];
            dst[o + 5] = alpha * src[s5 + p];
            dst[o + 6] = alpha * src[s6 + p];
            dst[o + 7] = alpha * src[s7 + p];
        }
    }

    /** Like {@link #gather8} for four runs. */
    private static void gather4(float alpha, float[] src, int s, int stride, int kc, float[] dst, int d, int dstStride) {
        int s1 = s + stride;
        int s2 = s1 + stride;
        int s3 = s2 + stride;
        for (int p = 0; p < kc; p++) {
            int o = d + p * dstStride;
            dst[o] = alpha * src[s + p];
            dst[o + 1] = alpha * src[s1 + p];
            dst[o + 2] = alpha * src[s2 + p];
            dst[o + 3] = alpha * src[s3 + p];
        }
    }
}
