package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Two float32 matrix products whose shapes make {@link Gemm}'s packing cost more than the arithmetic,
 * both common in convolutions lowered to im2col with few channels:
 * <ul>
 *   <li>{@link #fewRows}: C = A·B with few rows m (the output channels) and a wide B whose rows are
 *       contiguous (the im2col matrix). B is read in place: each step broadcasts A[i, p] and adds it
 *       times a row slice of B to a block of accumulators that covers 4 rows × 4 vectors of C.</li>
 *   <li>{@link #rowDots}: C[i, j] = Σ_p A[i, p]·B[j, p] with a long inner dimension and contiguous rows
 *       in both (the weight gradient dY·colᵀ): dot products over slices of k that stay in cache,
 *       split along k across threads, the partial results summed.</li>
 * </ul>
 * The register tiles of both products are generated into {@link SmallGemmKernels}.
 */
public final class SmallGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Columns of C per tile of {@link #fewRows}: four vectors. */
    private static final int NT = 4 * L;
    /** Length of the k slices of {@link #rowDots}. */
    private static final int KB = 1024;
    /** Multiply-adds per thread below which a product stays on one thread. */
    private static final long GRAIN = 1L << 16;

    private SmallGemm() {
    }

    /**
     * C[i, j] = Σ_p A[i, p]·B[p, j] for i &lt; m, j &lt; n, p &lt; k (C overwritten), with
     * {@code A[i,p] = a[aOff + i·aRs + p·aCs]}, {@code B[p,j] = b[bOff + p·ldb + j]},
     * {@code C[i,j] = c[cOff + i·ldc + j]}. Meant for small m; parallel over columns.
     */
    public static void fewRows(int m, int n, int k, float[] a, int aOff, int aRs, int aCs, float[] b, int bOff, int ldb,
            float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        float[] at = packRows(m, k, a, aOff, aRs, aCs);
        int[] ro = rowOffsets(k, ldb);
        int tiles = (n + NT - 1) / NT;
        long work = (long) m * n * k;
        int chunks = (int) Math.max(1, Math.min(Math.min(Parallel.threads(), tiles), work / GRAIN));
        Parallel.forChunks(tiles, chunks, (lo, hi) -> {
            int j0 = lo * NT;
            int j1 = Math.min(n, hi * NT);
            fewRowsRange(m, k, at, b, bOff, ro, c, cOff, ldc, j0, j1, null);
        });
    }

    /**
     * {@link #fewRows} for a batch of products sharing A, plus a bias per row: for t &lt; batch,
     * {@code C_t[i, j] = bias[i] + Σ_p A[i, p]·B_t[p, j]} with {@code B_t} at {@code bOff + t·bBs} and
     * {@code C_t} at {@code cOff + t·cBs} ({@code bias} may be null: no bias). Parallel over the batch.
     */
    public static void fewRowsBatched(int batch, int m, int n, int k, float[] a, int aOff, int aRs, int aCs,
            float[] b, int bOff, int bBs, int ldb, float[] c, int cOff, int cBs, int ldc, float[] bias, int biasOff) {
        if (batch <= 0 || m <= 0 || n <= 0) {
            return;
        }
        float[] at = packRows(m, k, a, aOff, aRs, aCs);
        float[] bv = null;
        if (bias != null) {
            bv = new float[m];
            System.arraycopy(bias, biasOff, bv, 0, m);
        }
        float[] rowBias = bv;
        int[] ro = rowOffsets(k, ldb);
        long work = (long) batch * m * n * k;
        int chunks = (int) Math.max(1, Math.min(Math.min(Parallel.threads(), batch), work / GRAIN));
        Parallel.forChunks(batch, chunks, (lo, hi) -> {
            for (int t = lo; t < hi; t++) {
                fewRowsRange(m, k, at, b, bOff + t * bBs, ro, c, cOff + t * cBs, ldc, 0, n, rowBias);
            }
        });
    }

    /**
     * The serial form of {@link #fewRows} for a row-major contiguous A ({@code a[i·k + p]}), with an
     * optional bias per row: {@code C[i, j] = bias[i] + Σ_p A[i, p]·B[p, j]}; for callers that split work
     * across threads themselves.
     */
    public static void fewRowsSerial(int m, int n, int k, float[] a, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc,
            float[] bias) {
        if (m > 0 && n > 0) {
            fewRowsRange(m, k, a, b, bOff, rowOffsets(k, ldb), c, cOff, ldc, 0, n, bias);
        }
    }

    /**
     * {@link #fewRowsSerial} with the rows of B at arbitrary offsets: {@code B[p, j] = b[bOff + rowOff[p] + j]},
     * C contiguous ({@code C[i, j] = c[cOff + i·n + j]}). With rowOff the kernel-tap shifts into a padded
     * input plane this is a stride-1 convolution without an im2col matrix (the implicit GEMM).
     */
    public static void fewRowsShifted(int m, int n, int k, float[] a, float[] b, int bOff, int[] rowOff, float[] c, int cOff,
            float[] bias) {
        if (m > 0 && n > 0) {
            fewRowsRange(m, k, a, b, bOff, rowOff, c, cOff, n, 0, n, bias);
        }
    }

    private static int[] rowOffsets(int k, int ldb) {
        int[] ro = new int[k];
        for (int p = 0; p < k; p++) {
            ro[p] = p * ldb;
        }
        return ro;
    }

    /**
     * The serial form of {@link #rowDots} that accumulates: {@code acc[i·n + j] += Σ_p A[i, p]·B[j, p]} with
     * {@code A[i,p] = a[aOff + i·lda + p]} and {@code B[j,p] = b[bOff + j·ldb + p]}.
     */
    public static void rowDotsAccumulate(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float[] acc) {
        for (int q = 0; q < k; q += KB) {
            dotsSlice(m, n, a, aOff + q, lda, b, bOff + q, ldb, Math.min(KB, k - q), acc);
        }
    }

    /** The vector length of the preferred float species (the padding unit of {@link #transposeBatch}). */
    public static int lanes() {
        return L;
    }

    /**
     * For each sample t &lt; batch, the m × p matrix at {@code a[aOff + t·m·p]} (row-major) written
     * transposed into {@code at[t·p·ld + j·ld + i]} (p × ld, ld ≥ m; columns m..ld-1 set to zero).
     */
    public static void transposeBatch(int t0, int t1, int m, int p, float[] a, int aOff, float[] at, int ld) {
        for (int t = t0; t < t1; t++) {
            int src = aOff + t * m * p;
            int dst = t * p * ld;
            if (ld > m) {
                for (int j = 0; j < p; j++) {
                    java.util.Arrays.fill(at, dst + j * ld + m, dst + (j + 1) * ld, 0f);
                }
            }
            for (int i = 0; i < m; i++) {
                int si = src + i * p;
                for (int j = 0; j < p; j++) {
                    at[dst + j * ld + i] = a[si + j];
                }
            }
        }
    }

    /**
     * Rows r0..r1-1 of {@code acc[r·ld + c] = Σ_t Σ_j B_t[r, j]·AT_t[j, c]} (overwritten) for c &lt; ld,
     * ld a multiple of {@link #lanes()}: {@code B_t[r, j] = b[t·bBs + r·p + j]} (the im2col matrices,
     * K × p each) and {@code AT_t[j, c] = at[t·p·ld + j·ld + c]} (dYᵀ from {@link #transposeBatch}).
     * The weight gradient dWᵀ = Σ_t col_t·dY_tᵀ with the accumulators in registers over the whole
     * batch: no short dot products, no lane reductions.
     */
    public static void batchedOuterRows(int r0, int r1, int batch, int p, float[] b, int bBs, float[] at, int ld, float[] acc) {
        batchedOuterRows(r0, r1, batch, p, b, bBs, rowOffsets(r1, p), at, ld, acc);
    }

    /**
     * {@link #batchedOuterRows} with the rows of B_t at arbitrary offsets: {@code B_t[r, j] = b[t·bBs + rowOff[r] + j]}
     * (the kernel-tap shifts into padded input planes: a stride-1 weight gradient without im2col).
     */
    public static void batchedOuterRows(int r0, int r1, int batch, int p, float[] b, int bBs, int[] rowOff, float[] at, int ld,
            float[] acc) {
        int nv = ld / L;
        int r = r0;
        if (nv == 1) {
            for (; r + 8 <= r1; r += 8) {
                SmallGemmKernels.outer8x1(r, 0, batch, p, b, bBs, rowOff, at, ld, acc);
            }
        } else {
            for (; r + 4 <= r1; r += 4) {
                for (int v = 0; v + 2 <= nv; v += 2) {
                    SmallGemmKernels.outer4x2(r, v * L, batch, p, b, bBs, rowOff, at, ld, acc);
                }
                if ((nv & 1) != 0) {
                    for (int q = r; q < r + 4; q++) {
                        SmallGemmKernels.outer1x1(q, (nv - 1) * L, batch, p, b, bBs, rowOff, at, ld, acc);
                    }
                }
            }
        }
        for (; r < r1; r++) {
            for (int v = 0; v < nv; v++) {
                SmallGemmKernels.outer1x1(r, v * L, batch, p, b, bBs, rowOff, at, ld, acc);
            }
        }
    }

    /** A (m × k, any strides) copied into a contiguous row-major array. */
    private static float[] packRows(int m, int k, float[] a, int aOff, int aRs, int aCs) {
        float[] at = new float[m * k];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                at[i * k + p] = a[aOff + i * aRs + p * aCs];
            }
        }
        return at;
    }

    private static void fewRowsRange(int m, int k, float[] a, float[] b, int bOff, int[] ro, float[] c, int cOff, int ldc,
            int j0, int j1, float[] bias) {
        int j = j0;
        for (; j + NT <= j1; j += NT) {
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                SmallGemmKernels.tile4x4(k, a, i, b, bOff + j, ro, c, cOff + i * ldc + j, ldc, bias);
            }
            for (; i + 2 <= m; i += 2) {
                SmallGemmKernels.tile2x4(k, a, i, b, bOff + j, ro, c, cOff + i * ldc + j, ldc, bias);
            }
            for (; i < m; i++) {
                SmallGemmKernels.tile1x4(k, a, i, b, bOff + j, ro, c, cOff + i * ldc + j, ldc, bias);
            }
        }
        for (; j + L <= j1; j += L) {
            for (int i = 0; i < m; i++) {
                FloatVector acc = FloatVector.broadcast(S, bias == null ? 0f : bias[i]);
                for (int p = 0; p < k; p++) {
                    acc = FloatVector.fromArray(S, b, bOff + ro[p] + j).fma(FloatVector.broadcast(S, a[i * k + p]), acc);
                }
                acc.intoArray(c, cOff + i * ldc + j);
            }
        }
        if (j < j1) {
            // the last columns with masked vectors (a scalar loop here costs as much as whole tiles)
            VectorMask<Float> mask = S.indexInRange(j, j1);
            for (int i = 0; i < m; i++) {
                FloatVector acc = FloatVector.broadcast(S, bias == null ? 0f : bias[i]);
                for (int p = 0; p < k; p++) {
                    acc = FloatVector.fromArray(S, b, bOff + ro[p] + j, mask).fma(FloatVector.broadcast(S, a[i * k + p]), acc);
                }
                acc.intoArray(c, cOff + i * ldc + j, mask);
            }
        }
    }

    /**
     * C[i, j] = Σ_p A[i, p]·B[j, p] for i &lt; m, j &lt; n, p &lt; k (C overwritten), with
     * {@code A[i,p] = a[aOff + i·lda + p]}, {@code B[j,p] = b[bOff + j·ldb + p]},
     * {@code C[i,j] = c[cOff + i·ldc + j]}. Meant for long k; split along k across threads.
     */
    public static void rowDots(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        long work = (long) m * n * k;
        int chunks = (int) Math.max(1, Math.min(Parallel.threads(), work / GRAIN));
        chunks = Math.min(chunks, Math.max(1, k / KB));
        float[][] partial = new float[chunks][];
        int parts = chunks;
        Parallel.forChunks(parts, parts, (lo, hi) -> {
            for (int t = lo; t < hi; t++) {
                int p0 = (int) ((long) k * t / parts);
                int p1 = (int) ((long) k * (t + 1) / parts);
                float[] acc = new float[m * n];
                for (int q = p0; q < p1; q += KB) {
                    dotsSlice(m, n, a, aOff + q, lda, b, bOff + q, ldb, Math.min(KB, p1 - q), acc);
                }
                partial[t] = acc;
            }
        });
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (float[] part : partial) {
                    s += part[i * n + j];
                }
                c[cOff + i * ldc + j] = s;
            }
        }
    }

    /** acc[i·n + j] += Σ_{p &lt; len} A[i, p]·B[j, p] over one slice; two rows of A × two rows of B at a time. */
    private static void dotsSlice(int m, int n, float[] a, int ao, int lda, float[] b, int bo, int ldb, int len, float[] acc) {
        int vl = S.loopBound(len);
        int i = 0;
        for (; i + 2 <= m; i += 2) {
            int a0 = ao + i * lda, a1 = a0 + lda;
            int j = 0;
            for (; j + 2 <= n; j += 2) {
                int b0 = bo + j * ldb, b1 = b0 + ldb;
                FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00;
                for (int p = 0; p < vl; p += L) {
                    FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
                    FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
                    FloatVector y0 = FloatVector.fromArray(S, b, b0 + p);
                    FloatVector y1 = FloatVector.fromArray(S, b, b1 + p);
                    s00 = x0.fma(y0, s00);
                    s01 = x0.fma(y1, s01);
                    s10 = x1.fma(y0, s10);
                    s11 = x1.fma(y1, s11);
                }
                float t00 = FloatVectors.sumLanes(s00), t01 = FloatVectors.sumLanes(s01);
                float t10 = FloatVectors.sumLanes(s10), t11 = FloatVectors.sumLanes(s11);
                for (int p = vl; p < len; p++) {
                    t00 += a[a0 + p] * b[b0 + p];
                    t01 += a[a0 + p] * b[b1 + p];
                    t10 += a[a1 + p] * b[b0 + p];
                    t11 += a[a1 + p] * b[b1 + p];
                }
                acc[i * n + j] += t00;
                acc[i * n + j + 1] += t01;
                acc[(i + 1) * n + j] += t10;
                acc[(i + 1) * n + j + 1] += t11;
            }
            for (; j < n; j++) {
                acc[i * n + j] += dot(a, a0, b, bo + j * ldb, len);
                acc[(i + 1) * n + j] += dot(a, a1, b, bo + j * ldb, len);
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) {
                acc[i * n + j] += dot(a, ao + i * lda, b, bo + j * ldb, len);
            }
        }
    }

    private static float dot(float[] a, int ao, float[] b, int bo, int len) {
        int vl = S.loopBound(len);
        FloatVector s = FloatVector.zero(S);
        for (int p = 0; p < vl; p += L) {
            s = FloatVector.fromArray(S, a, ao + p).fma(FloatVector.fromArray(S, b, bo + p), s);
        }
        float t = FloatVectors.sumLanes(s);
        for (int p = vl; p < len; p++) {
            t += a[ao + p] * b[bo + p];
        }
        return t;
    }
}
