package dev.kiln.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * General matrix multiply: {@code C = alpha·op(A)·op(B) + beta·C} for float32 (fast) and float64
 * (simple), single or batched.
 *
 * <p>Matrices are addressed by an offset and a row and a column stride, so a transposed operand or
 * a strided view is multiplied without a copy: {@code A[i, p] = a[aOff + i·aRs + p·aCs]}. C is
 * row-major with leading dimension {@code ldc}: {@code C[i, j] = c[cOff + i·ldc + j]}.
 *
 * <p>The float32 path follows the BLIS design. A is packed once, alpha folded in, into
 * {@link #MR}-row slivers grouped in {@link #KC}-deep slices (a region of at most {@link #MG} rows
 * and a bounded depth; it stays in the large shared L3 and is shared by all threads). C is then cut
 * into tasks of at most {@link #NB} columns (and, when the columns are few, groups of rows); a task
 * packs its block of B slice by slice into {@link #NR}-wide slivers (its KC×NB block stays in L2)
 * and, for each MR-row sliver of A (kept in L1), runs a register micro-kernel over the B slivers:
 * the kernel holds an MR×NR tile of C in vector accumulators and updates it with one fused
 * multiply-add per row and vector per k step. With several threads, both the packing of A and the
 * tasks are handed out through atomic counters, so that every thread packs a disjoint part of A and
 * a thread that the OS slows down simply takes fewer tasks. When B is row-major and small enough
 * to stay in L2 ({@link DirectGemm}), B is read in place instead and only 12-row slivers of A are
 * packed, one at a time; threads split the rows. Small products (m·n·k below
 * {@link #SMALL}) take a plain loop with no packing; n = 1 is a vectorized matrix-vector product.
 * beta is folded into the first k slice (C is written, not read, when beta = 0), and the kernel
 * touches its C tile before the k loop so that C's cache misses overlap the arithmetic.
 *
 * <p>The 12×(2 vectors) kernel suits AVX-512 (32 vector registers: 24 accumulators, 2 B vectors
 * and a broadcast); on 16-register AVX2 it still works but spills some accumulators. Its source is
 * kept small enough (one epilogue per beta case, alpha in the packing) for C1 to compile it: a
 * method C1 gives up on can stay in slow code for seconds.
 *
 * <p>Like BLAS, {@code beta = 0} overwrites C without reading it (NaN in C does not propagate).
 */
public final class Gemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * Whether packing gathers strided columns with vector gathers (AVX-512: a vector holds a whole
     * MR-row column of A; about twice as fast as the scalar interleave there).
     */
    private static final boolean GATHER = L >= Gemm.MR;
    /** The first MR lanes, for packing one column of an A sliver with one gather. */
    private static final VectorMask<Float> MR_LANES = S.indexInRange(0, Gemm.MR);

    /** Rows of the register tile. */
    public static final int MR = 12;
    /** Columns of the register tile: two vectors of the preferred species. */
    public static final int NR = 2 * L;
    /** Depth of one packed k slice: the MR×KC sliver of A (24 KiB) stays in L1 while KC×NR slivers of B stream from L2. */
    public static final int KC = 512;
    /** Most columns of one task's packed KC×NB block of B (kept in L2), a multiple of NR. */
    public static final int NB = 256;
    /** Most rows of one packed region of A (a multiple of MR; the region stays in the shared L3). */
    public static final int MG = 4092;
    /** Most floats of one packed region of A (bounds the depth of a region; 32 MiB). */
    private static final int REGION = 8 << 20;
    /** MR-row slivers of A per packing chunk handed to a thread. */
    private static final int PACK_SLIVERS = 8;
    /** Tasks per thread the row blocks aim at, so that a slowed thread does not hold up the product. */
    private static final int TASKS_PER_THREAD = 4;
    /** m·n·k below which the plain loop wins over packing. */
    public static final long SMALL = 32L * 32 * 32;
    /** m·n·k per thread below which splitting across threads does not pay. */
    private static final long PARALLEL_GRAIN = 80L * 80 * 80;
    /**
     * The same for {@link DirectGemm} (threads split the rows; measured on 2 threads: 64³ 4.7 → 3.3 µs,
     * 96³ 13.5 → 8 µs; 48³ stays on one thread).
     */
    private static final long DIRECT_GRAIN = 40L * 40 * 40;

    /** Keeps the C-tile touch loads of the kernel alive (written only in the impossible case). */
    @SuppressWarnings("unused")
    private static float sink;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    /** Per-thread packing buffers, grown on demand and reused across calls. */
    private static final class Workspace {
        float[] block = new float[0];
        float[] shared = new float[0];
        boolean sharedInUse;
        final float[] tile = new float[MR * NR];

        /** This thread's packed block of B. */
        float[] block(int size) {
            if (block.length < size) {
                block = new float[size];
            }
            return block;
        }

        /** The packed A of a product this thread leads (a fresh one if a nested product holds it). */
        float[] takeShared(int size) {
            if (sharedInUse) {
                return new float[size];
            }
            sharedInUse = true;
            if (shared.length < size) {
                shared = new float[size];
            }
            return shared;
        }

        void releaseShared(float[] buffer) {
            if (buffer == shared) {
                sharedInUse = false;
            }
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
        int threads;
        if (DirectGemm.suits(1, m, n, k, bCs)) {
            // B read in place: nothing is packed twice when the threads split the rows, so a smaller grain pays.
            threads = (int) Math.max(1, Math.min(Math.min(Parallel.threads(), (m + MR - 1) / MR), work / DIRECT_GRAIN));
        } else {
            threads = (int) Math.max(1, Math.min(Parallel.threads(), work / PARALLEL_GRAIN));
        }
        sgemmOn(threads, m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, ldc);
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

    // ---------------------------------------------------------------- float32, blocked

    /** SGEMM on the calling thread only (the unit of batched parallel work). */
    static void sgemmSerial(int m, int n, int k, float alpha,
                            float[] a, int aOff, int aRs, int aCs,
                            float[] b, int bOff, int bRs, int bCs,
                            float beta, float[] c, int cOff, int ldc) {
        sgemmOn(1, m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, ldc);
    }

    /** SGEMM with up to {@code threads} threads (the caller being one of them). */
    private static void sgemmOn(int threads, int m, int n, int k, float alpha,
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
                DirectGemm.rows(0, m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, beta, c, cOff, ldc);
            } else {
                int slivers = (m + MR - 1) / MR;
                Parallel.forChunks(slivers, Math.min(threads, slivers), (lo, hi) -> DirectGemm.rows(lo * MR,
                        Math.min(m, hi * MR), n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, beta, c, cOff, ldc));
            }
            return;
        }
        Workspace ws = WORKSPACE.get();
        int mgMax = Math.min(MG, (m + MR - 1) / MR * MR);
        int depth = Math.max(KC, REGION / mgMax / KC * KC);
        for (int ig = 0; ig < m; ig += MG) {
            int mg = Math.min(MG, m - ig);
            int mgPad = (mg + MR - 1) / MR * MR;
            for (int pg = 0; pg < k; pg += depth) {
                int kg = Math.min(depth, k - pg);
                float[] ap = ws.takeShared(mgPad * kg);
                try {
                    Region region = new Region(threads, mg, n, kg, alpha, pg == 0 ? beta : 1f,
                            a, aOff + ig * aRs + pg * aCs, aRs, aCs, b, bOff + pg * bRs, bRs, bCs,
                            ap, c, cOff + ig * ldc, ldc);
                    if (threads <= 1) {
                        region.run(ws);
                    } else {
                        Parallel.forChunks(threads, threads, (lo, hi) -> region.run(WORKSPACE.get()));
                    }
                } finally {
                    ws.releaseShared(ap);
                }
            }
        }
    }

    /**
     * One packed region of A (m ≤ MG rows, kg columns cut in KC slices) and the tasks that multiply
     * it with every column of B. Threads first claim chunks of A to pack, wait until the whole region
     * is packed, then claim tasks: a block of at most NB columns of B (packed slice by slice into the
     * thread's own buffer, kept in L2), times a group of rows (all rows unless the columns are few).
     */
    private static final class Region {
        final int m;
        final int n;
        final int kg;
        final float alpha;
        final float beta;
        final float[] a;
        final int aOff;
        final int aRs;
        final int aCs;
        final float[] b;
        final int bOff;
        final int bRs;
        final int bCs;
        final float[] ap;
        final float[] c;
        final int cOff;
        final int ldc;
        final int mPad;
        final int slivers;
        final int packChunksPerSlice;
        final int packChunks;
        final int colsPerTask;
        final int colTasks;
        final int rowsPerTask;
        final int rowTasks;
        final AtomicInteger packNext = new AtomicInteger();
        final AtomicInteger packDone = new AtomicInteger();
        final AtomicInteger taskNext = new AtomicInteger();

        Region(int threads, int m, int n, int kg, float alpha, float beta,
               float[] a, int aOff, int aRs, int aCs, float[] b, int bOff, int bRs, int bCs,
               float[] ap, float[] c, int cOff, int ldc) {
            this.m = m;
            this.n = n;
            this.kg = kg;
            this.alpha = alpha;
            this.beta = beta;
            this.a = a;
            this.aOff = aOff;
            this.aRs = aRs;
            this.aCs = aCs;
            this.b = b;
            this.bOff = bOff;
            this.bRs = bRs;
            this.bCs = bCs;
            this.ap = ap;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            mPad = (m + MR - 1) / MR * MR;
            slivers = mPad / MR;
            int slices = (kg + KC - 1) / KC;
            packChunksPerSlice = threads <= 1 ? 1 : (slivers + PACK_SLIVERS - 1) / PACK_SLIVERS;
            packChunks = slices * packChunksPerSlice;
            int nPad = (n + NR - 1) / NR * NR;
            if (threads <= 1) {
                colsPerTask = Math.min(NB, nPad);
                rowsPerTask = mPad;
            } else {
                int want = threads * TASKS_PER_THREAD;
                // Narrow column blocks first (each task repacks its block of B), down to 4 slivers, or 2
                // when the rows are few (then splitting the rows would pack the same block of B twice).
                int minCols = (slivers < 16 ? 2 : 4) * NR;
                int cols = Math.min(NB, Math.min(nPad, Math.max(minCols, ((n + want - 1) / want + NR - 1) / NR * NR)));
                int colBlocks = (n + cols - 1) / cols;
                int rowGroups = Math.max(1, Math.min(slivers / 4, (want + colBlocks - 1) / colBlocks));
                if (colBlocks * rowGroups < want) {
                    // Few rows: narrow the column blocks instead.
                    int blocks = (want + rowGroups - 1) / rowGroups;
                    cols = Math.max(NR, ((n + blocks - 1) / blocks + NR - 1) / NR * NR);
                }
                colsPerTask = cols;
                rowsPerTask = (slivers + rowGroups - 1) / rowGroups * MR;
            }
            colTasks = (n + colsPerTask - 1) / colsPerTask;
            rowTasks = (m + rowsPerTask - 1) / rowsPerTask;
        }

        void run(Workspace ws) {
            for (int q; (q = packNext.getAndIncrement()) < packChunks; ) {
                pack(q);
                packDone.incrementAndGet();
            }
            for (int spins = 0; packDone.get() < packChunks; spins++) {
                if (spins < 1000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            int tasks = rowTasks * colTasks;
            for (int t; (t = taskNext.getAndIncrement()) < tasks; ) {
                task(t / rowTasks, t % rowTasks, ws);
            }
        }

        /** Packs chunk q: a run of PACK_SLIVERS MR-row slivers of A in one KC slice. */
        private void pack(int q) {
            int s = q / packChunksPerSlice;
            int s0 = packChunksPerSlice == 1 ? 0 : q % packChunksPerSlice * PACK_SLIVERS;
            int s1 = packChunksPerSlice == 1 ? slivers : Math.min(slivers, s0 + PACK_SLIVERS);
            int pc = s * KC;
            int kc = Math.min(KC, kg - pc);
            int i0 = s0 * MR;
            int rows = Math.min(m, s1 * MR) - i0;
            packA(rows, kc, alpha, a, aOff + i0 * aRs + pc * aCs, aRs, aCs, ap, pc * mPad + i0 * kc);
        }

        /** Multiplies column block g of B with row group r of the packed region into C. */
        private void task(int g, int r, Workspace ws) {
            int j0 = g * colsPerTask;
            int cols = Math.min(colsPerTask, n - j0);
            int colsPad = (cols + NR - 1) / NR * NR;
            int i0 = r * rowsPerTask;
            int rows = Math.min(rowsPerTask, m - i0);
            float[] bp = ws.block(colsPad * KC);
            for (int pc = 0; pc < kg; pc += KC) {
                int kc = Math.min(KC, kg - pc);
                packB(kc, cols, b, bOff + pc * bRs + j0 * bCs, bRs, bCs, bp, 0);
                macroKernel(rows, cols, kc, pc == 0 ? beta : 1f, ap, pc * mPad + i0 * kc, bp, 0,
                        c, cOff + i0 * ldc + j0, ldc, ws.tile);
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
     * Packs the kc×nc block of B into NR-wide slivers from {@code bp[d]} on: sliver s holds
     * B[p, s·NR + j] at {@code d + s·NR·kc + p·NR + j}; columns past nc are zero.
     */
    private static void packB(int kc, int nc, float[] b, int bOff, int bRs, int bCs, float[] bp, int d) {
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
            } else if (nr == NR && bRs == 1 && GATHER) {
                int[] idx = strided(bCs, L);
                int src1 = src + L * bCs;
                for (int p = 0; p < kc; p++) {
                    FloatVector.fromArray(S, b, src + p, idx, 0).intoArray(bp, d);
                    FloatVector.fromArray(S, b, src1 + p, idx, 0).intoArray(bp, d + L);
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
            if (mr == MR && aCs == 1 && GATHER) {
                int[] idx = strided(aRs, MR);
                for (int p = 0; p < kc; p++) {
                    FloatVector.fromArray(S, a, src + p, idx, 0, MR_LANES).mul(alpha).intoArray(ap, d, MR_LANES);
                    d += MR;
                }
            } else if (mr == MR && aCs == 1) {
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

    /** The gather index map {0, stride, 2·stride, …} for {@code count} lanes, zero past them. */
    private static int[] strided(int stride, int count) {
        int[] idx = new int[L];
        for (int j = 0; j < count; j++) {
            idx[j] = j * stride;
        }
        return idx;
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

    /**
     * Runs the micro-kernel over every MR×NR tile of the mc×nc block, C = Ap·Bp + beta·C, with
     * the packed A block at {@code ap[aOff]} and the packed B block at {@code bp[bOff]}; an MR-row
     * sliver of A stays in L1 while the B slivers stream past it. Edge tiles go through {@code tile}.
     */
    private static void macroKernel(int mc, int nc, int kc, float beta, float[] ap, int aOff,
                                    float[] bp, int bOff, float[] c, int cOff, int ldc, float[] tile) {
        for (int i0 = 0; i0 < mc; i0 += MR) {
            int mr = Math.min(MR, mc - i0);
            int ao = aOff + i0 * kc;
            for (int j0 = 0; j0 < nc; j0 += NR) {
                int nr = Math.min(NR, nc - j0);
                int bo = bOff + j0 * kc;
                int co = cOff + i0 * ldc + j0;
                if (mr == MR && nr == NR) {
                    kernel(kc, ap, ao, bp, bo, c, co, ldc, beta);
                } else {
                    kernel(kc, ap, ao, bp, bo, tile, 0, NR, 0f);
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
     * The 12×(2 vectors) register kernel: C[0..12, 0..NR) = Σ_p Ap[p, r] · Bp[p, :] + beta · C (alpha is folded into Ap)
     * (C is not read when beta = 0). 24 accumulators; per k step 2 vector loads of B, 12 broadcasts of A,
     * 24 FMAs.
     */
    private static void kernel(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc, float beta) {
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
            int bi = bo + p * NR;
            int ai = ao + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x = FloatVector.broadcast(S, ap[ai + 0]);
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
            x = FloatVector.broadcast(S, ap[ai + 8]);
            c8_0 = x.fma(b0, c8_0);
            c8_1 = x.fma(b1, c8_1);
            x = FloatVector.broadcast(S, ap[ai + 9]);
            c9_0 = x.fma(b0, c9_0);
            c9_1 = x.fma(b1, c9_1);
            x = FloatVector.broadcast(S, ap[ai + 10]);
            c10_0 = x.fma(b0, c10_0);
            c10_1 = x.fma(b1, c10_1);
            x = FloatVector.broadcast(S, ap[ai + 11]);
            c11_0 = x.fma(b0, c11_0);
            c11_1 = x.fma(b1, c11_1);
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
