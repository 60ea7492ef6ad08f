package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * General matrix multiply: {@code C = alpha·op(A)·op(B) + beta·C} in float32, single or batched (float64
 * products are {@link dev.kiln.backend.ReferenceBackend}'s).
 *
 * <p>Matrices are addressed by an offset and a row and a column stride, so a transposed operand or
 * a strided view is multiplied without a copy: {@code A[i, p] = a[aOff + i·aRs + p·aCs]}. C is
 * row-major with leading dimension {@code ldc}: {@code C[i, j] = c[cOff + i·ldc + j]}.
 *
 * <p>The float32 path: products with B row-major and small enough to stay in L2 read B in place
 * ({@link DirectGemm}: only 12-row slivers of A are packed, one at a time; threads split the rows); larger
 * ones take the blocked, packed BLIS-style path ({@link BlockedGemm}: blocking and threading,
 * {@link GemmPacking}: packing); both run the generated register kernel {@link GemmMicroKernel}, which
 * holds an {@link #MR}×{@link #NR} tile of C in vector accumulators. Small products (m·n·k below
 * {@link #SMALL}) take a plain loop with no packing; n = 1 is a vectorized matrix-vector product.
 *
 * <p>Like BLAS, {@code beta = 0} overwrites C without reading it (NaN in C does not propagate).
 */
public final class Gemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Rows of the register tile ({@link GemmMicroKernel}). */
    public static final int MR = GemmMicroKernel.MR;
    /** Columns of the register tile: two vectors of the preferred species. */
    public static final int NR = GemmMicroKernel.NR;
    /** Depth of one packed k slice: the MR×KC sliver of A (24 KiB) stays in L1 while KC×NR slivers of B stream from L2. */
    public static final int KC = 512;
    /** Most columns of one task's packed KC×NB block of B (kept in L2), a multiple of NR. */
    public static final int NB = 256;
    /** Most rows of one packed region of A (a multiple of MR; the region stays in the shared L3). */
    public static final int MG = 4092;
    /** m·n·k below which the plain loop wins over packing. */
    public static final long SMALL = 32L * 32 * 32;
    /** m·n·k per thread below which splitting across threads does not pay. */
    private static final long PARALLEL_GRAIN = 80L * 80 * 80;
    /**
     * The same for {@link DirectGemm} (threads split the rows; measured on 2 threads: 64³ 4.7 → 3.3 µs,
     * 96³ 13.5 → 8 µs; 48³ stays on one thread).
     */
    private static final long DIRECT_GRAIN = 40L * 40 * 40;

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
        int threads;
        if (DirectGemm.suits(1, m, n, k, bCs)) {
            // B read in place: nothing is packed twice when the threads split the rows, so a smaller grain pays.
            threads = (int) Math.max(1, Math.min(Math.min(Parallel.threads(), (m + MR - 1) / MR), work / DIRECT_GRAIN));
        } else {
            threads = (int) Math.max(1, Math.min(Parallel.threads(), work / PARALLEL_GRAIN));
        }
        sgemmOn(threads, null, m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, ldc);
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
                Scratch scratch = Scratch.borrow();
                for (int t = lo; t < hi; t++) {
                    sgemmSerial(scratch, m, n, k, alpha, a, aOffs[t], aRs, aCs, b, bOffs[t], bRs, bCs, beta, c, cOffs[t], ldc);
                }
                scratch.release();
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

    // ---------------------------------------------------------------- float32, B packed once

    /**
     * Packs the k×n matrix {@code B[p, j] = b[bOff + p·bRs + j·bCs]} once for many products with
     * {@link #sgemmPrepacked} (a layer's weight in inference): as {@link PackedB.Prepacked}, the layout the
     * blocked path's register kernel reads, so that no product packs B again; B narrower than {@link #NR}
     * (whose slivers would be mostly padding) is kept row-major instead, which the unpacked path reads in place.
     *
     * @return a new array: k·n floats (n &lt; NR) or k·n rounded up to NR columns
     */
    public static float[] prepackB(int k, int n, float[] b, int bOff, int bRs, int bCs) {
        checkSizes("prepackB", 0, n, k);
        if (n < NR) {
            float[] rowMajor = new float[k * n];
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    rowMajor[p * n + j] = b[bOff + p * bRs + j * bCs];
                }
            }
            return rowMajor;
        }
        float[] packed = new float[PackedB.Prepacked.length(k, n)];
        PackedB.Prepacked layout = new PackedB.Prepacked(packed, k, n);
        for (int p0 = 0; p0 < k; p0 += KC) {
            GemmPacking.packB(Math.min(KC, k - p0), n, b, bOff + p0 * bRs, bRs, bCs, packed, layout.offset(p0, 0));
        }
        return packed;
    }

    /**
     * {@code C = alpha·A·B + beta·C} with B (k×n) from {@link #prepackB prepackB(k, n, …)}; A and C as in
     * {@link #sgemm(int, int, int, float, float[], int, int, int, float[], int, int, int, float, float[], int, int)}.
     * One or two rows are matrix–vector products ({@link Gemv#prepacked}). Multi-threaded above a grain size.
     */
    public static void sgemmPrepacked(int m, int n, int k, float alpha, float[] a, int aOff, int aRs, int aCs,
                                      float[] packedB, float beta, float[] c, int cOff, int ldc) {
        checkSizes("sgemmPrepacked", m, n, k);
        if (n < NR) {
            if (packedB.length != k * n) {
                throw new IllegalArgumentException("sgemmPrepacked: " + packedB.length + " floats for a " + k + "×" + n
                        + " B, expected " + k * n);
            }
            sgemm(m, n, k, alpha, a, aOff, aRs, aCs, packedB, 0, n, 1, beta, c, cOff, ldc);
            return;
        }
        PackedB.Prepacked b = new PackedB.Prepacked(packedB, k, n);
        if (m == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        if (m <= 2) {
            Gemv.prepacked(m, n, k, alpha, a, aOff, aRs, aCs, b, beta, c, cOff, ldc);
            return;
        }
        int threads = (int) Math.max(1, Math.min(Parallel.threads(), (long) m * n * k / PARALLEL_GRAIN));
        BlockedGemm.run(threads, null, m, n, k, alpha, a, aOff, aRs, aCs, b, beta, c, cOff, ldc);
    }

    // ---------------------------------------------------------------- float32, blocked

    /**
     * SGEMM on the calling thread only (the unit of batched parallel work), packing into {@code scratch}: a task
     * that runs products one after another (a chunk of a convolution) borrows one {@link Scratch} for all of them.
     */
    static void sgemmSerial(Scratch scratch, int m, int n, int k, float alpha,
                            float[] a, int aOff, int aRs, int aCs,
                            float[] b, int bOff, int bRs, int bCs,
                            float beta, float[] c, int cOff, int ldc) {
        sgemmOn(1, scratch, m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, ldc);
    }

    /**
     * SGEMM with an implicit B ({@link PackedB}, e.g. an image read as its column matrix) through the blocked
     * path: {@code C = alpha·A·B + beta·C}; on the calling thread only, packing into the caller's {@code scratch},
     * when {@code scratch} is given, else on as many threads as the work pays for.
     */
    static void sgemmPacked(Scratch scratch, int m, int n, int k, float alpha, float[] a, int aOff, int aRs, int aCs,
                            PackedB b, float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        int threads = scratch != null ? 1 : (int) Math.max(1, Math.min(Parallel.threads(), (long) m * n * k / PARALLEL_GRAIN));
        BlockedGemm.run(threads, scratch, m, n, k, alpha, a, aOff, aRs, aCs, b, beta, c, cOff, ldc);
    }

    /**
     * SGEMM with up to {@code threads} threads (the caller being one of them); the caller's packing goes to
     * {@code scratch}, or to one borrowed from the bound workspace when it is null.
     */
    private static void sgemmOn(int threads, Scratch scratch, int m, int n, int k, float alpha,
                                float[] a, int aOff, int aRs, int aCs,
                                float[] b, int bOff, int bRs, int bCs,
                                float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        if (n == 1 || (long) m * n * k < SMALL || m == 1) {
            scale(m, n, beta, c, cOff, ldc);
            if (n == 1) {
                gemv(m, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, c, cOff, ldc);
            } else {
                small(m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc);
            }
            return;
        }
        if (DirectGemm.suits(threads, m, n, k, bCs)) {
            if (threads <= 1) {
                Scratch own = scratch != null ? scratch : Scratch.borrow();
                DirectGemm.rows(own, 0, m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, beta, c, cOff, ldc);
                if (own != scratch) {
                    own.release();
                }
            } else {
                int slivers = (m + MR - 1) / MR;
                Parallel.forChunks(slivers, Math.min(threads, slivers), (lo, hi) -> {
                    Scratch own = Scratch.borrow();
                    DirectGemm.rows(own, lo * MR, Math.min(m, hi * MR), n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, beta,
                            c, cOff, ldc);
                    own.release();
                });
            }
            return;
        }
        BlockedGemm.run(threads, scratch, m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, ldc);
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
        float sum = FloatVectors.sumLanes(s0.add(s1));
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
}
