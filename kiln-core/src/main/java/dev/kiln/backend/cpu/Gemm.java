package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * General matrix multiply: {@code C = alpha·op(A)·op(B) + beta·C} for float32 (fast) and float64
 * (simple), single or batched.
 *
 * <p>Matrices are addressed by an offset and a row and a column stride, so a transposed operand or
 * a strided view is multiplied without a copy: {@code A[i, p] = a[aOff + i·aRs + p·aCs]}. C is
 * row-major with leading dimension {@code ldc}: {@code C[i, j] = c[cOff + i·ldc + j]}.
 *
 * <p>The float32 path follows the BLIS design: loop over {@link #NC}-wide column panels of B and
 * {@link #KC}-deep slices of k; pack the B slice into {@link #NR}-wide slivers (kept in L2/L3),
 * pack {@link #MC}-row blocks of A into {@link #MR}-row slivers (kept in L2), and run a register
 * micro-kernel that holds an MR×NR tile of C in vector accumulators and updates it with one
 * fused multiply-add per row and vector per k step. Work is split across {@link Parallel} threads
 * by blocks of rows or columns of C; each thread packs into its own reusable buffers. Small
 * products (m·n·k below {@link #SMALL}) take a plain loop with no packing; n = 1 is a
 * vectorized matrix-vector product. beta is folded into the first k slice (C is written, not
 * read, when beta = 0), and the kernel touches its C tile before the k loop so that C's cache
 * misses overlap the arithmetic.
 *
 * <p>The 8×(2 vectors) kernel suits AVX-512 (32 vector registers: 16 accumulators, 2 B vectors
 * and a broadcast); on 16-register AVX2 it still works but spills some accumulators.
 *
 * <p>Like BLAS, {@code beta = 0} overwrites C without reading it (NaN in C does not propagate).
 */
public final class Gemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Rows of the register tile. */
    public static final int MR = 8;
    /** Columns of the register tile: two vectors of the preferred species. */
    public static final int NR = 2 * L;
    /** Depth of one packed k slice: an MR×KC and a KC×NR sliver fit in L1 together. */
    public static final int KC = 256;
    /** Rows of one packed block of A (a multiple of MR; MC×KC floats stay in L2). */
    public static final int MC = 128;
    /** Columns of one packed panel of B (a multiple of NR). */
    public static final int NC = 4 * 1024;
    /** m·n·k below which the plain loop wins over packing. */
    public static final long SMALL = 32L * 32 * 32;
    /** m·n·k per thread below which splitting across threads does not pay. */
    private static final long PARALLEL_GRAIN = 80L * 80 * 80;

    /** Keeps the C-tile touch loads of the kernel alive (written only in the impossible case). */
    @SuppressWarnings("unused")
    private static float sink;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /** Per-thread packing buffers, grown on demand and reused across calls. */
    private static final class Workspace {
        float[] a = new float[0];
        float[] b = new float[0];
        final float[] tile = new float[MR * NR];

        float[] a(int size) {
            if (a.length < size) {
                a = new float[size];
            }
            return a;
        }

        float[] b(int size) {
            if (b.length < size) {
                b = new float[size];
            }
            return b;
        }
    }

    private Gemm() {
    }

    // ---------------------------------------------------------------- float32, BLAS-style entry

    /**
     * Row-major BLAS-style SGEMM: {@code C = alpha·op(A)·op(B) + beta·C} with op(A) m×k and op(B) k×n.
     * A is stored row-major with leading dimension lda (k×m when transA), likewise B (n×k when transB).
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        sgemm(m, n, k, alpha,
                a, aOff, transA ? 1 : lda, transA ? lda : 1,
                b, bOff, transB ? 1 : ldb, transB ? ldb : 1,
                beta, c, cOff, ldc);
    }

    /**
     * Strided SGEMM: {@code C[i,j] = alpha·Σ_p A[i,p]·B[p,j] + beta·C[i,j]} for i &lt; m, j &lt; n,
     * with {@code A[i,p] = a[aOff + i·aRs + p·aCs]}, {@code B[p,j] = b[bOff + p·bRs + j·bCs]},
     * {@code C[i,j] = c[cOff + i·ldc + j]}. Multi-threaded above a grain size.
     */
    public static void sgemm(int m, int n, int k, float alpha,
                             float[] a, int aOff, int aRs, int aCs,
                             float[] b, int bOff, int bRs, int bCs,
                             float beta, float[] c, int cOff, int ldc) {
        checkSizes("sgemm", m, n, k);
        if (m == 0 || n == 0) {
            return;
        }
        long work = (long) m * n * k;
        int threads = Parallel.threads();
        int chunks = (int) Math.max(1, Math.min(threads, work / PARALLEL_GRAIN));
        if (chunks <= 1) {
            sgemmSerial(m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, ldc);
            return;
        }
        if (m >= n) {
            int blocks = (m + MR - 1) / MR;
            int parts = Math.min(chunks, blocks);
            Parallel.forChunks(blocks, parts, (lo, hi) -> {
                int i0 = lo * MR;
                int i1 = Math.min(m, hi * MR);
                sgemmSerial(i1 - i0, n, k, alpha, a, aOff + i0 * aRs, aRs, aCs, b, bOff, bRs, bCs,
                        beta, c, cOff + i0 * ldc, ldc);
            });
        } else {
            int blocks = (n + NR - 1) / NR;
            int parts = Math.min(chunks, blocks);
            Parallel.forChunks(blocks, parts, (lo, hi) -> {
                int j0 = lo * NR;
                int j1 = Math.min(n, hi * NR);
                sgemmSerial(m, j1 - j0, k, alpha, a, aOff, aRs, aCs, b, bOff + j0 * bCs, bRs, bCs,
                        beta, c, cOff + j0, ldc);
            });
        }
    }

    /**
     * Batched strided SGEMM: for each {@code t < batch}, product t uses A at {@code aOffs[t]}, B at
     * {@code bOffs[t]} and C at {@code cOffs[t]} with the shared strides (an offset may repeat, e.g.
     * for a broadcast operand; C blocks must not overlap).
     */
    public static void sgemmBatched(int batch, int m, int n, int k, float alpha,
                                    float[] a, int[] aOffs, int aRs, int aCs,
                                    float[] b, int[] bOffs, int bRs, int bCs,
                                    float beta, float[] c, int[] cOffs, int ldc) {
        checkSizes("sgemmBatched", m, n, k);
        if (batch < 0 || aOffs.length < batch || bOffs.length < batch || cOffs.length < batch) {
            throw new IllegalArgumentException("sgemmBatched: batch " + batch + " but offsets for "
                    + Math.min(aOffs.length, Math.min(bOffs.length, cOffs.length)));
        }
        if (batch == 0 || m == 0 || n == 0) {
            return;
        }
        long work = (long) m * n * k;
        int threads = Parallel.threads();
        if (threads > 1 && batch >= threads && work * batch >= 2 * PARALLEL_GRAIN) {
            Parallel.forChunks(batch, Math.min(threads, batch), (lo, hi) -> {
                for (int t = lo; t < hi; t++) {
                    sgemmSerial(m, n, k, alpha, a, aOffs[t], aRs, aCs, b, bOffs[t], bRs, bCs, beta, c, cOffs[t], ldc);
                }
            });
        } else {
            for (int t = 0; t < batch; t++) {
                sgemm(m, n, k, alpha, a, aOffs[t], aRs, aCs, b, bOffs[t], bRs, bCs, beta, c, cOffs[t], ldc);
            }
        }
    }

    /** Batched SGEMM with uniform batch strides: product t is offset by t·aBs, t·bBs, t·cBs. */
    public static void sgemmBatched(int batch, int m, int n, int k, float alpha,
                                    float[] a, int aOff, int aBs, int aRs, int aCs,
                                    float[] b, int bOff, int bBs, int bRs, int bCs,
                                    float beta, float[] c, int cOff, int cBs, int ldc) {
        sgemmBatched(batch, m, n, k, alpha, a, offsets(batch, aOff, aBs), aRs, aCs,
                b, offsets(batch, bOff, bBs), bRs, bCs, beta, c, offsets(batch, cOff, cBs), ldc);
    }

    private static int[] offsets(int batch, int off, int stride) {
        int[] o = new int[Math.max(batch, 0)];
        for (int t = 0; t < o.length; t++) {
            o[t] = off + t * stride;
        }
        return o;
    }

    private static void checkSizes(String op, int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException(op + ": negative size m=" + m + ", n=" + n + ", k=" + k);
        }
    }

    // ---------------------------------------------------------------- float32, one thread

    /** SGEMM on the calling thread (the unit of parallel work). */
    static void sgemmSerial(int m, int n, int k, float alpha,
                            float[] a, int aOff, int aRs, int aCs,
                            float[] b, int bOff, int bRs, int bCs,
                            float beta, float[] c, int cOff, int ldc) {
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        if (n == 1 || (long) m * n * k < SMALL || m == 1) {
            scale(m, n, beta, c, cOff, ldc);
        }
        if (n == 1) {
            gemv(m, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, c, cOff, ldc);
            return;
        }
        if ((long) m * n * k < SMALL || m == 1) {
            small(m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc);
            return;
        }
        Workspace ws = WORKSPACE.get();
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int ncPad = (nc + NR - 1) / NR * NR;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float[] bp = ws.b(ncPad * kc);
                packB(kc, nc, b, bOff + pc * bRs + jc * bCs, bRs, bCs, bp);
                float betaNow = pc == 0 ? beta : 1f;
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    int mcPad = (mc + MR - 1) / MR * MR;
                    float[] ap = ws.a(mcPad * kc);
                    packA(mc, kc, a, aOff + ic * aRs + pc * aCs, aRs, aCs, ap);
                    macroKernel(mc, nc, kc, alpha, betaNow, ap, bp, c, cOff + ic * ldc + jc, ldc, ws.tile);
                }
            }
        }
    }

    /** C = beta·C on an m×n block (beta = 0 writes zeros). */
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int o = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, o, o + n, 0f);
            } else {
                for (int j = 0; j < n; j++) {
                    c[o + j] *= beta;
                }
            }
        }
    }

    /** Matrix-vector case n = 1: c[i] += alpha·Σ_p A[i,p]·b[p]. */
    private static void gemv(int m, int k, float alpha, float[] a, int aOff, int aRs, int aCs,
                             float[] b, int bOff, int bRs, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ai = aOff + i * aRs;
            float sum;
            if (aCs == 1 && bRs == 1) {
                sum = dot(a, ai, b, bOff, k);
            } else {
                sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum += a[ai + p * aCs] * b[bOff + p * bRs];
                }
            }
            c[cOff + i * ldc] += alpha * sum;
        }
    }

    /** Σ_p x[xo+p]·y[yo+p] with two vector accumulators. */
    private static float dot(float[] x, int xo, float[] y, int yo, int k) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = s0;
        int p = 0;
        for (int up = k - 2 * L; p <= up; p += 2 * L) {
            s0 = FloatVector.fromArray(S, x, xo + p).fma(FloatVector.fromArray(S, y, yo + p), s0);
            s1 = FloatVector.fromArray(S, x, xo + p + L).fma(FloatVector.fromArray(S, y, yo + p + L), s1);
        }
        float sum = s0.add(s1).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        for (; p < k; p++) {
            sum += x[xo + p] * y[yo + p];
        }
        return sum;
    }

    /** The unpacked path for small products: row-times-matrix axpy loops, vectorized when B rows are contiguous. */
    private static void small(int m, int n, int k, float alpha,
                              float[] a, int aOff, int aRs, int aCs,
                              float[] b, int bOff, int bRs, int bCs,
                              float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int p = 0; p < k; p++) {
                float t = alpha * a[aOff + i * aRs + p * aCs];
                int bp = bOff + p * bRs;
                int j = 0;
                if (bCs == 1) {
                    FloatVector vt = FloatVector.broadcast(S, t);
                    for (int up = S.loopBound(n); j < up; j += L) {
                        FloatVector.fromArray(S, b, bp + j).fma(vt, FloatVector.fromArray(S, c, ci + j)).intoArray(c, ci + j);
                    }
                }
                for (; j < n; j++) {
                    c[ci + j] += t * b[bp + j * bCs];
                }
            }
        }
    }

    /**
     * Packs the kc×nc block of B into NR-wide slivers: sliver s holds B[p, s·NR + j] at
     * {@code s·NR·kc + p·NR + j}; columns past nc are zero.
     */
    private static void packB(int kc, int nc, float[] b, int bOff, int bRs, int bCs, float[] bp) {
        int d = 0;
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
                    gather8(b, src + j * bCs, bCs, kc, bp, d + j, NR);
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
     * Packs the mc×kc block of A into MR-row slivers: sliver s holds A[s·MR + r, p] at
     * {@code s·MR·kc + p·MR + r}; rows past mc are zero.
     */
    private static void packA(int mc, int kc, float[] a, int aOff, int aRs, int aCs, float[] ap) {
        int d = 0;
        for (int i0 = 0; i0 < mc; i0 += MR) {
            int mr = Math.min(MR, mc - i0);
            int src = aOff + i0 * aRs;
            if (mr == MR && aCs == 1 && MR % 8 == 0) {
                for (int r = 0; r < MR; r += 8) {
                    gather8(a, src + r * aRs, aRs, kc, ap, d + r, MR);
                }
                d += kc * MR;
            } else {
                for (int p = 0; p < kc; p++) {
                    int s = src + p * aCs;
                    int r = 0;
                    for (; r < mr; r++) {
                        ap[d + r] = a[s + r * aRs];
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
     * Interleaves eight contiguous runs of length kc: {@code dst[d + p·dstStride + q] = src[s + q·stride + p]}
     * for q &lt; 8, p &lt; kc. Reading eight streams at once and writing contiguously is about twice as fast
     * as copying one run at a time with strided writes.
     */
    private static void gather8(float[] src, int s, int stride, int kc, float[] dst, int d, int dstStride) {
        int s1 = s + stride;
        int s2 = s1 + stride;
        int s3 = s2 + stride;
        int s4 = s3 + stride;
        int s5 = s4 + stride;
        int s6 = s5 + stride;
        int s7 = s6 + stride;
        for (int p = 0; p < kc; p++) {
            int o = d + p * dstStride;
            dst[o] = src[s + p];
            dst[o + 1] = src[s1 + p];
            dst[o + 2] = src[s2 + p];
            dst[o + 3] = src[s3 + p];
            dst[o + 4] = src[s4 + p];
            dst[o + 5] = src[s5 + p];
            dst[o + 6] = src[s6 + p];
            dst[o + 7] = src[s7 + p];
        }
    }

    /**
     * Runs the micro-kernel over every MR×NR tile of the mc×nc block, C = alpha·Ap·Bp + beta·C;
     * edge tiles go through {@code tile}.
     */
    private static void macroKernel(int mc, int nc, int kc, float alpha, float beta, float[] ap, float[] bp,
                                    float[] c, int cOff, int ldc, float[] tile) {
        for (int j0 = 0; j0 < nc; j0 += NR) {
            int nr = Math.min(NR, nc - j0);
            int bo = j0 * kc;
            for (int i0 = 0; i0 < mc; i0 += MR) {
                int mr = Math.min(MR, mc - i0);
                int ao = i0 * kc;
                int co = cOff + i0 * ldc + j0;
                if (mr == MR && nr == NR) {
                    kernel(kc, ap, ao, bp, bo, c, co, ldc, alpha, beta);
                } else {
                    kernel(kc, ap, ao, bp, bo, tile, 0, NR, alpha, 0f);
                    for (int r = 0; r < mr; r++) {
                        int cr = co + r * ldc;
                        int tr = r * NR;
                        for (int j = 0; j < nr; j++) {
                            c[cr + j] = beta == 0f ? tile[tr + j] : tile[tr + j] + beta * c[cr + j];
                        }
                    }
                }
            }
        }
    }

    /**
     * The 8×(2 vectors) register kernel: C[0..8, 0..NR) = alpha · Σ_p Ap[p, r] · Bp[p, :] + beta · C
     * (C is not read when beta = 0).
     * 16 accumulators; per k step 2 vector loads of B, 8 broadcasts of A, 16 FMAs.
     */
    private static void kernel(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc, float alpha, float beta) {
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
        // Touch the C tile now so its cache misses overlap the k loop instead of stalling the final update.
        float touch = 0f;
        if (beta != 0f) {
            touch += c[co] + c[co + NR - 1];
            touch += c[co + 1 * ldc] + c[co + 1 * ldc + NR - 1];
            touch += c[co + 2 * ldc] + c[co + 2 * ldc + NR - 1];
            touch += c[co + 3 * ldc] + c[co + 3 * ldc + NR - 1];
            touch += c[co + 4 * ldc] + c[co + 4 * ldc + NR - 1];
            touch += c[co + 5 * ldc] + c[co + 5 * ldc + NR - 1];
            touch += c[co + 6 * ldc] + c[co + 6 * ldc + NR - 1];
            touch += c[co + 7 * ldc] + c[co + 7 * ldc + NR - 1];
        }
        for (int p = 0; p < kc; p++) {
            int bi = bo + p * NR;
            int ai = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector x = FloatVector.broadcast(S, ap[ai]);
            c0_0 = x.fma(b0, c0_0);
            c0_1 = x.fma(b1, c0_1);
            x = FloatVector.broadcast(S, ap[ai + 1]);
            c1_0 = x.fma(b0, c1_0);
            c1_1 = x.fma(b1, c1_1);
            x = FloatVector.broadcast(S, ap[ai + 2]);
            c2_0 = x.fma(b0, c2_0);
            c2_1 = x.fma(b1, c2_1);
            x = FloatVector.broadcast(S, ap[ai + 3]);
            c3_0 = x.fma(b0, c3_0);
            c3_1 = x.fma(b1, c3_1);
            x = FloatVector.broadcast(S, ap[ai + 4]);
            c4_0 = x.fma(b0, c4_0);
            c4_1 = x.fma(b1, c4_1);
            x = FloatVector.broadcast(S, ap[ai + 5]);
            c5_0 = x.fma(b0, c5_0);
            c5_1 = x.fma(b1, c5_1);
            x = FloatVector.broadcast(S, ap[ai + 6]);
            c6_0 = x.fma(b0, c6_0);
            c6_1 = x.fma(b1, c6_1);
            x = FloatVector.broadcast(S, ap[ai + 7]);
            c7_0 = x.fma(b0, c7_0);
            c7_1 = x.fma(b1, c7_1);
        }
        if (touch == Float.MIN_VALUE) {
            sink = touch;
        }
        FloatVector va = FloatVector.broadcast(S, alpha);
        int o0 = co;
        int o1 = co + 1 * ldc;
        int o2 = co + 2 * ldc;
        int o3 = co + 3 * ldc;
        int o4 = co + 4 * ldc;
        int o5 = co + 5 * ldc;
        int o6 = co + 6 * ldc;
        int o7 = co + 7 * ldc;
        if (beta == 0f) {
            c0_0.mul(va).intoArray(c, o0);
            c0_1.mul(va).intoArray(c, o0 + 1 * L);
            c1_0.mul(va).intoArray(c, o1);
            c1_1.mul(va).intoArray(c, o1 + 1 * L);
            c2_0.mul(va).intoArray(c, o2);
            c2_1.mul(va).intoArray(c, o2 + 1 * L);
            c3_0.mul(va).intoArray(c, o3);
            c3_1.mul(va).intoArray(c, o3 + 1 * L);
            c4_0.mul(va).intoArray(c, o4);
            c4_1.mul(va).intoArray(c, o4 + 1 * L);
            c5_0.mul(va).intoArray(c, o5);
            c5_1.mul(va).intoArray(c, o5 + 1 * L);
            c6_0.mul(va).intoArray(c, o6);
            c6_1.mul(va).intoArray(c, o6 + 1 * L);
            c7_0.mul(va).intoArray(c, o7);
            c7_1.mul(va).intoArray(c, o7 + 1 * L);
        } else if (beta == 1f) {
            c0_0.fma(va, FloatVector.fromArray(S, c, o0)).intoArray(c, o0);
            c0_1.fma(va, FloatVector.fromArray(S, c, o0 + 1 * L)).intoArray(c, o0 + 1 * L);
            c1_0.fma(va, FloatVector.fromArray(S, c, o1)).intoArray(c, o1);
            c1_1.fma(va, FloatVector.fromArray(S, c, o1 + 1 * L)).intoArray(c, o1 + 1 * L);
            c2_0.fma(va, FloatVector.fromArray(S, c, o2)).intoArray(c, o2);
            c2_1.fma(va, FloatVector.fromArray(S, c, o2 + 1 * L)).intoArray(c, o2 + 1 * L);
            c3_0.fma(va, FloatVector.fromArray(S, c, o3)).intoArray(c, o3);
            c3_1.fma(va, FloatVector.fromArray(S, c, o3 + 1 * L)).intoArray(c, o3 + 1 * L);
            c4_0.fma(va, FloatVector.fromArray(S, c, o4)).intoArray(c, o4);
            c4_1.fma(va, FloatVector.fromArray(S, c, o4 + 1 * L)).intoArray(c, o4 + 1 * L);
            c5_0.fma(va, FloatVector.fromArray(S, c, o5)).intoArray(c, o5);
            c5_1.fma(va, FloatVector.fromArray(S, c, o5 + 1 * L)).intoArray(c, o5 + 1 * L);
            c6_0.fma(va, FloatVector.fromArray(S, c, o6)).intoArray(c, o6);
            c6_1.fma(va, FloatVector.fromArray(S, c, o6 + 1 * L)).intoArray(c, o6 + 1 * L);
            c7_0.fma(va, FloatVector.fromArray(S, c, o7)).intoArray(c, o7);
            c7_1.fma(va, FloatVector.fromArray(S, c, o7 + 1 * L)).intoArray(c, o7 + 1 * L);
        } else {
            FloatVector vb = FloatVector.broadcast(S, beta);
            c0_0.fma(va, FloatVector.fromArray(S, c, o0).mul(vb)).intoArray(c, o0);
            c0_1.fma(va, FloatVector.fromArray(S, c, o0 + 1 * L).mul(vb)).intoArray(c, o0 + 1 * L);
            c1_0.fma(va, FloatVector.fromArray(S, c, o1).mul(vb)).intoArray(c, o1);
            c1_1.fma(va, FloatVector.fromArray(S, c, o1 + 1 * L).mul(vb)).intoArray(c, o1 + 1 * L);
            c2_0.fma(va, FloatVector.fromArray(S, c, o2).mul(vb)).intoArray(c, o2);
            c2_1.fma(va, FloatVector.fromArray(S, c, o2 + 1 * L).mul(vb)).intoArray(c, o2 + 1 * L);
            c3_0.fma(va, FloatVector.fromArray(S, c, o3).mul(vb)).intoArray(c, o3);
            c3_1.fma(va, FloatVector.fromArray(S, c, o3 + 1 * L).mul(vb)).intoArray(c, o3 + 1 * L);
            c4_0.fma(va, FloatVector.fromArray(S, c, o4).mul(vb)).intoArray(c, o4);
            c4_1.fma(va, FloatVector.fromArray(S, c, o4 + 1 * L).mul(vb)).intoArray(c, o4 + 1 * L);
            c5_0.fma(va, FloatVector.fromArray(S, c, o5).mul(vb)).intoArray(c, o5);
            c5_1.fma(va, FloatVector.fromArray(S, c, o5 + 1 * L).mul(vb)).intoArray(c, o5 + 1 * L);
            c6_0.fma(va, FloatVector.fromArray(S, c, o6).mul(vb)).intoArray(c, o6);
            c6_1.fma(va, FloatVector.fromArray(S, c, o6 + 1 * L).mul(vb)).intoArray(c, o6 + 1 * L);
            c7_0.fma(va, FloatVector.fromArray(S, c, o7).mul(vb)).intoArray(c, o7);
            c7_1.fma(va, FloatVector.fromArray(S, c, o7 + 1 * L).mul(vb)).intoArray(c, o7 + 1 * L);
        }
    }

    // ---------------------------------------------------------------- float64 (simple)

    /**
     * Strided DGEMM with the same conventions as {@link #sgemm(int, int, int, float, float[], int, int, int, float[], int, int, int, float, float[], int, int)}:
     * plain blocked loops, single-threaded (used for gradient checks and float64 models).
     */
    public static void dgemm(int m, int n, int k, double alpha,
                             double[] a, int aOff, int aRs, int aCs,
                             double[] b, int bOff, int bRs, int bCs,
                             double beta, double[] c, int cOff, int ldc) {
        checkSizes("dgemm", m, n, k);
        for (int i = 0; i < m; i++) {
            int o = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[o + j] = beta == 0 ? 0 : beta * c[o + j];
            }
        }
        if (alpha == 0) {
            return;
        }
        final int block = 64;
        for (int p0 = 0; p0 < k; p0 += block) {
            int p1 = Math.min(k, p0 + block);
            for (int i = 0; i < m; i++) {
                int ci = cOff + i * ldc;
                for (int p = p0; p < p1; p++) {
                    double t = alpha * a[aOff + i * aRs + p * aCs];
                    int bp = bOff + p * bRs;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += t * b[bp + j * bCs];
                    }
                }
            }
        }
    }

    /** Batched DGEMM: product t uses A at aOffs[t], B at bOffs[t], C at cOffs[t]. */
    public static void dgemmBatched(int batch, int m, int n, int k, double alpha,
                                    double[] a, int[] aOffs, int aRs, int aCs,
                                    double[] b, int[] bOffs, int bRs, int bCs,
                                    double beta, double[] c, int[] cOffs, int ldc) {
        for (int t = 0; t < batch; t++) {
            dgemm(m, n, k, alpha, a, aOffs[t], aRs, aCs, b, bOffs[t], bRs, bCs, beta, c, cOffs[t], ldc);
        }
    }
}
