package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.Gemm.KC;
import static dev.kiln.backend.cpu.Gemm.MG;
import static dev.kiln.backend.cpu.Gemm.MR;
import static dev.kiln.backend.cpu.Gemm.NB;
import static dev.kiln.backend.cpu.Gemm.NR;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The blocked, packed float32 GEMM of {@link Gemm} (the BLIS design), its blocking and its threading. A is
 * packed once, alpha folded in, into {@link Gemm#MR}-row slivers grouped in {@link Gemm#KC}-deep slices (a
 * region of at most {@link Gemm#MG} rows and a bounded depth; it stays in the large shared L3 and is shared
 * by all threads). C is then cut into tasks of at most {@link Gemm#NB} columns (and, when the columns are
 * few, groups of rows); a task packs its block of B slice by slice into {@link Gemm#NR}-wide slivers (its
 * KC×NB block stays in L2) and, for each MR-row sliver of A (kept in L1), runs the register kernel
 * {@link GemmMicroKernel} over the B slivers. With several threads, both the packing of A and the tasks are
 * handed out through atomic counters, so that every thread packs a disjoint part of A and a thread that the
 * OS slows down simply takes fewer tasks. beta is folded into the first k slice (C is written, not read,
 * when beta = 0). Packing is {@link GemmPacking}; a B packed once ({@link PackedB.Prepacked}) is read in place.
 * Scratch ({@link Scratch}, from the bound workspace): the packed region of A is the caller's, each task's block
 * of B and edge tile its thread's own.
 */
final class BlockedGemm {
    /** Most floats of one packed region of A (bounds the depth of a region; 32 MiB). */
    private static final int REGION = 8 << 20;
    /** MR-row slivers of A per packing chunk handed to a thread. */
    private static final int PACK_SLIVERS = 8;
    /** Tasks per thread the row blocks aim at, so that a slowed thread does not hold up the product. */
    private static final int TASKS_PER_THREAD = 4;

    private BlockedGemm() {
    }

    /**
     * C = alpha·A·B + beta·C for a product too large for the small paths, on up to {@code threads} threads
     * (the caller being one of them); same conventions as
     * {@link Gemm#sgemm(int, int, int, float, float[], int, int, int, float[], int, int, int, float, float[], int, int)}.
     */
    static void run(int threads, Scratch scratch, int m, int n, int k, float alpha,
                    float[] a, int aOff, int aRs, int aCs,
                    float[] b, int bOff, int bRs, int bCs,
                    float beta, float[] c, int cOff, int ldc) {
        run(threads, scratch, m, n, k, alpha, a, aOff, aRs, aCs, PackedB.strided(b, bOff, bRs, bCs), beta, c, cOff, ldc);
    }

    /**
     * The same product with B given by the packer {@code b} (an implicit operand, such as an image read as
     * its column matrix): {@code C = alpha·A·B + beta·C}. The caller's packing goes to {@code scratch}, or to one
     * borrowed from the bound workspace when it is null.
     */
    static void run(int threads, Scratch scratch, int m, int n, int k, float alpha,
                    float[] a, int aOff, int aRs, int aCs, PackedB b,
                    float beta, float[] c, int cOff, int ldc) {
        // the packed region of A goes to the caller's scratch, which also serves the chunks the caller's thread
        // runs (one after another); a chunk on a worker borrows its own (the workers see the caller's workspace)
        Scratch lead = scratch != null ? scratch : Scratch.borrow();
        Thread caller = Thread.currentThread();
        int mgMax = Math.min(MG, (m + MR - 1) / MR * MR);
        int depth = Math.max(KC, REGION / mgMax / KC * KC);
        for (int ig = 0; ig < m; ig += MG) {
            int mg = Math.min(MG, m - ig);
            int mgPad = (mg + MR - 1) / MR * MR;
            for (int pg = 0; pg < k; pg += depth) {
                int kg = Math.min(depth, k - pg);
                Region region = new Region(threads, mg, n, kg, alpha, pg == 0 ? beta : 1f,
                        a, aOff + ig * aRs + pg * aCs, aRs, aCs, b, pg, lead.packedA(mgPad * kg), c, cOff + ig * ldc, ldc);
                if (threads <= 1) {
                    region.run(lead);
                } else {
                    Parallel.forChunks(threads, threads, (lo, hi) -> {
                        Scratch own = Thread.currentThread() == caller ? lead : Scratch.borrow();
                        region.run(own);
                        if (own != lead) {
                            own.release();
                        }
                    });
                }
            }
        }
        if (lead != scratch) {
            lead.release();
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
        final PackedB b;
        /** The first row of B this region multiplies. */
        final int bRow;
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
               float[] a, int aOff, int aRs, int aCs, PackedB b, int bRow,
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
            this.bRow = bRow;
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

        /** Packs chunks of A while any is left, waits until all are packed, then runs tasks with {@code scratch}'s B block. */
        void run(Scratch scratch) {
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
                task(t / rowTasks, t % rowTasks, scratch);
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
            GemmPacking.packA(rows, kc, alpha, a, aOff + i0 * aRs + pc * aCs, aRs, aCs, ap, pc * mPad + i0 * kc);
        }

        /** Multiplies column block g of B with row group r of the packed region into C. */
        private void task(int g, int r, Scratch scratch) {
            int j0 = g * colsPerTask;
            int cols = Math.min(colsPerTask, n - j0);
            int colsPad = (cols + NR - 1) / NR * NR;
            int i0 = r * rowsPerTask;
            int rows = Math.min(rowsPerTask, m - i0);
            PackedB.Prepacked prepacked = b instanceof PackedB.Prepacked p ? p : null;
            float[] bp = prepacked != null ? prepacked.data() : scratch.packedB(colsPad * KC);
            float[] tile = scratch.tile(MR * NR);
            for (int pc = 0; pc < kg; pc += KC) {
                int kc = Math.min(KC, kg - pc);
                int bo = 0;
                if (prepacked != null) {
                    bo = prepacked.offset(bRow + pc, j0); // read in place: the region's depth is a multiple of KC
                } else {
                    b.pack(bRow + pc, kc, j0, cols, bp, 0, scratch);
                }
                macroKernel(rows, cols, kc, pc == 0 ? beta : 1f, ap, pc * mPad + i0 * kc, bp, bo,
                        c, cOff + i0 * ldc + j0, ldc, tile);
            }
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
                    GemmMicroKernel.kernel(kc, ap, ao, bp, bo, NR, c, co, ldc, beta);
                } else {
                    GemmMicroKernel.kernel(kc, ap, ao, bp, bo, NR, tile, 0, NR, 0f);
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
}
