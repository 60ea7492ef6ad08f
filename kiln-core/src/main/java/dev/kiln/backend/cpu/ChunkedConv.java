package dev.kiln.backend.cpu;

import dev.kiln.backend.ConvGeometry;
import dev.kiln.backend.Workspace;
import java.util.Arrays;

/**
 * Float32 convolution forward, backward-input and backward-weight as im2col + GEMM over <i>column
 * chunks</i>: the batch's N·oh·ow output positions are cut into chunks of whole samples of about
 * {@link #CHUNK_COLUMNS} columns, and each chunk is unfolded ({@link Im2Col}), multiplied and folded back
 * on its own. A chunk's column matrix (C·kh·kw × columns, 1–10 MB) is still in cache when the GEMM packs
 * it, where one batch-wide column matrix (75 MB for 64 channels at 32×32, batch 32) went to memory and
 * back; and the chunks are the unit of threading, so every thread is busy at the 8×8 and 4×4 stages too
 * (one chunk per thread at least; below that, one chunk at a time with a multi-threaded GEMM, as for
 * batch 1).
 *
 * <p>With W (C_out, K) for K = C/groups·kh·kw per group and the chunk's columns col (K, cols):
 * <pre>
 *   forward          Y_chunk  = W · col                (+ bias)
 *   backward-input   dX_chunk = col2im(Wᵀ · dY_chunk)
 *   backward-weight  dW      += dY_chunk · colᵀ        (one partial dW per thread, summed at the end)
 * </pre>
 * per group. A 1×1 convolution with stride 1 and no padding skips the unfold for single-sample chunks:
 * the image (C, P) is its own column matrix. The weight gradient of a stride-1 convolution never unfolds:
 * the GEMM packs its colᵀ panels straight from the images ({@link ImplicitColumns}). When the batch gives
 * fewer chunks than threads (batch 1), the one chunk's unfold and fold are split over the threads by plane.
 */
final class ChunkedConv {
    /** Output positions one chunk aims at (whole samples; fewer when that leaves a thread idle). */
    static final int CHUNK_COLUMNS = 512;
    /**
     * Floats added to the row stride of the copies the weight gradient reads across rows (its GEMM packs
     * both operands with gathers down the columns): with rows a multiple of 4 KiB apart (1024 positions) the
     * gathered rows would share one L1 set.
     */
    private static final int ROW_PAD = 16;
    /** Column-matrix floats per thread below which the unfold of a lone chunk stays on one thread. */
    private static final int UNFOLD_GRAIN = 1 << 14;

    private ChunkedConv() {
    }

    /** How the batch is cut: {@code per} samples a chunk, {@code chunks} chunks, {@code parallel}: one thread a chunk. */
    private record Plan(int per, int chunks, boolean parallel, int threads) {
        static Plan of(int batch, int plane) {
            return of(batch, plane, ceil(CHUNK_COLUMNS, plane));
        }

        /**
         * The forward pass's cut: one sample a chunk where a sample has at least half of {@link #CHUNK_COLUMNS}
         * positions, so that the GEMM writes y[n] in place, with no (C_out, cols) copy to scatter (1 thread, 3×3
         * 64→128 stride 2 at 32×32, batch 32: the GEMMs alone 6.6 ms as 32 of 128×256×576 against 7.5 as 16 of
         * 128×512×576, B then in L2); smaller planes keep the wider chunks (N = 64 measured 20% slower).
         */
        static Plan forward(int batch, int plane) {
            return of(batch, plane, 2 * plane >= CHUNK_COLUMNS ? 1 : ceil(CHUNK_COLUMNS, plane));
        }

        private static Plan of(int batch, int plane, int samples) {
            int t = Parallel.threads();
            int per = Math.max(1, Math.min(batch, samples));
            if (t > 1 && ceil(batch, per) < t && batch >= t) {
                per = ceil(batch, t);
            }
            int chunks = ceil(batch, per);
            return new Plan(per, chunks, t > 1 && chunks >= t, t);
        }

        /** Runs {@code body} over the chunk indices, spread over the threads when each gets one. */
        void forEach(Parallel.RangeBody body) {
            if (parallel) {
                Parallel.forChunks(chunks, Math.min(threads, chunks), body);
            } else {
                body.run(0, chunks);
            }
        }
    }

    /** (sample, channel) planes a thread unfolds or folds at least: about UNFOLD_GRAIN column-matrix floats. */
    private static int planeGrain(ConvGeometry g) {
        return Math.max(1, UNFOLD_GRAIN / (g.kh() * g.kw() * g.outPlane()));
    }

    private static int ceil(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Whether the image is its own column matrix: 1×1 kernel, stride 1, no padding. */
    private static boolean pointwise(ConvGeometry g) {
        return g.kh() == 1 && g.kw() == 1 && g.sh() == 1 && g.sw() == 1 && g.ph() == 0 && g.pw() == 0
                && g.oh() == g.h() && g.ow() == g.w();
    }

    /**
     * C = A·B + beta·C on this thread only, packing into the chunk's {@code scratch}, or, when that is null (the one
     * chunk), on every thread the GEMM wants.
     */
    private static void gemm(Scratch scratch, int m, int n, int k, float[] a, int aOff, int aRs, int aCs,
            float[] b, int bOff, int bRs, int bCs, float beta, float[] c, int cOff, int ldc) {
        if (scratch != null) {
            Gemm.sgemmSerial(scratch, m, n, k, 1f, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, ldc);
        } else {
            Gemm.sgemm(m, n, k, 1f, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, ldc);
        }
    }

    /**
     * The chunk's column matrix: the image itself (a pointwise single-sample chunk; {@code pooled} null)
     * or an unfolded copy in a pooled array. {@code ld} is its row stride.
     */
    private record Columns(float[] data, int off, int ld, float[] pooled) {
        /** The columns of samples [n0, n1), rows {@code pad} floats longer than the columns when copied. */
        static Columns of(boolean serial, ConvGeometry g, float[] x, int xo, int n0, int n1, int pad) {
            int p = g.outPlane();
            int channels = g.channels();
            int image = channels * g.inPlane();
            if (n1 - n0 == 1 && pointwise(g) && pad == 0) {
                return new Columns(x, xo + n0 * image, p, null);
            }
            int ld = (n1 - n0) * p + pad;
            float[] col = Workspace.floats(g.colRows() * ld);
            if (serial) {
                for (int n = n0; n < n1; n++) {
                    Im2Col.im2colSample(x, xo + n * image, g, col, (n - n0) * p, ld);
                }
            } else {
                // the only chunk (fewer samples than threads, e.g. batch 1): the threads split its (sample, channel) planes
                Parallel.forRange((n1 - n0) * channels, planeGrain(g), (lo, hi) -> {
                    for (int q = lo; q < hi; q++) {
                        int n = n0 + q / channels, c = q % channels;
                        Im2Col.im2colChannels(x, xo + n * image, g, c, c + 1, col, (n - n0) * p, ld);
                    }
                });
            }
            return new Columns(col, 0, ld, col);
        }

        void release() {
            Workspace.recycle(pooled);
        }
    }

    /**
     * The chunk's output gradient as a (C_out, cols) matrix: dY[n0] in place for one sample, else
     * copied channel-major into a pooled array.
     */
    private record Rows(float[] data, int off, int ld, float[] pooled) {
        /** The rows of samples [n0, n1), {@code pad} floats longer than the columns when copied. */
        static Rows of(float[] dy, int dyo, int co, int p, int n0, int n1, int pad) {
            if (n1 - n0 == 1 && pad == 0) {
                return new Rows(dy, dyo + n0 * co * p, p, null);
            }
            int ld = (n1 - n0) * p + pad;
            float[] m = Workspace.floats(co * ld);
            for (int n = n0; n < n1; n++) {
                for (int r = 0; r < co; r++) {
                    System.arraycopy(dy, dyo + (n * co + r) * p, m, r * ld + (n - n0) * p, p);
                }
            }
            return new Rows(m, 0, ld, m);
        }

        void release() {
            Workspace.recycle(pooled);
        }
    }

    // ---------------------------------------------------------------- forward

    /** y (N, C_out, oh, ow), written from 0 = conv(x, w) + bias; see {@link dev.kiln.backend.Backend#conv2dForward}. */
    static void forward(ConvGeometry g, int batch, int co, int groups, float[] x, int xo, float[] w, int wo,
            float[] bias, int bo, float[] y) {
        Plan plan = Plan.forward(batch, g.outPlane());
        plan.forEach((lo, hi) -> {
            for (int ch = lo; ch < hi; ch++) {
                int n0 = ch * plan.per(), n1 = Math.min(batch, n0 + plan.per());
                forwardChunk(plan.parallel(), g, co, groups, x, xo, w, wo, bias, bo, y, n0, n1);
            }
        });
    }

    private static void forwardChunk(boolean serial, ConvGeometry g, int co, int groups, float[] x, int xo, float[] w,
            int wo, float[] bias, int bo, float[] y, int n0, int n1) {
        int p = g.outPlane(), cols = (n1 - n0) * p;
        int cog = co / groups, kg = g.colRows() / groups;
        Columns col = Columns.of(serial, g, x, xo, n0, n1, 0);
        boolean single = n1 - n0 == 1;
        float[] out = single ? y : Workspace.floats(co * cols);
        int outOff = single ? n0 * co * p : 0;
        Scratch scratch = serial ? Scratch.borrow() : null;
        for (int gi = 0; gi < groups; gi++) {
            gemm(scratch, cog, cols, kg, w, wo + gi * cog * kg, kg, 1, col.data(), col.off() + gi * kg * col.ld(), col.ld(), 1,
                    0f, out, outOff + gi * cog * cols, cols);
        }
        release(scratch);
        col.release();
        // (C_out, cols) → the chunk's samples (n, C_out, P), adding the bias
        for (int n = n0; n < n1; n++) {
            for (int r = 0; r < co; r++) {
                int src = outOff + r * cols + (n - n0) * p;
                int dst = (n * co + r) * p;
                float b = bias == null ? 0f : bias[bo + r];
                if (single) {
                    if (bias != null) {
                        for (int q = 0; q < p; q++) {
                            y[dst + q] += b;
                        }
                    }
                } else {
                    for (int q = 0; q < p; q++) {
                        y[dst + q] = out[src + q] + b;
                    }
                }
            }
        }
        if (!single) {
            Workspace.recycle(out);
        }
    }

    // ---------------------------------------------------------------- backward-input

    /** dx (N, C, H, W), written from 0 = the input gradient; see {@link dev.kiln.backend.Backend#conv2dBackwardInput}. */
    static void backwardInput(ConvGeometry g, int batch, int co, int groups, float[] dy, int dyo, float[] w, int wo,
            float[] dx) {
        Plan plan = Plan.of(batch, g.outPlane());
        plan.forEach((lo, hi) -> {
            for (int ch = lo; ch < hi; ch++) {
                int n0 = ch * plan.per(), n1 = Math.min(batch, n0 + plan.per());
                backwardInputChunk(plan.parallel(), g, co, groups, dy, dyo, w, wo, dx, n0, n1);
            }
        });
    }

    private static void backwardInputChunk(boolean serial, ConvGeometry g, int co, int groups, float[] dy, int dyo,
            float[] w, int wo, float[] dx, int n0, int n1) {
        int p = g.outPlane(), cols = (n1 - n0) * p;
        int image = g.channels() * g.inPlane();
        int cog = co / groups, kg = g.colRows() / groups, cig = g.channels() / groups;
        Rows d = Rows.of(dy, dyo, co, p, n0, n1, 0);
        Scratch scratch = serial ? Scratch.borrow() : null;
        if (n1 - n0 == 1 && pointwise(g)) {
            // dX[n] (C, P) = Wᵀ · dY[n] per group, written in place
            for (int gi = 0; gi < groups; gi++) {
                gemm(scratch, cig, p, cog, w, wo + gi * cog * kg, 1, kg, d.data(), d.off() + gi * cog * d.ld(), d.ld(), 1,
                        0f, dx, n0 * image + gi * cig * p, p);
            }
            release(scratch);
            return;
        }
        float[] gcol = Workspace.floats(g.colRows() * cols);
        for (int gi = 0; gi < groups; gi++) {
            gemm(scratch, kg, cols, cog, w, wo + gi * cog * kg, 1, kg, d.data(), d.off() + gi * cog * d.ld(), d.ld(), 1,
                    0f, gcol, gi * kg * cols, cols);
        }
        release(scratch);
        d.release();
        if (serial) {
            Arrays.fill(dx, n0 * image, n1 * image, 0f);
            for (int n = n0; n < n1; n++) {
                Im2Col.col2imSample(gcol, (n - n0) * p, cols, g, dx, n * image);
            }
        } else {
            // the only chunk: the threads split its (sample, channel) planes, each written by one thread
            int channels = g.channels(), plane = g.inPlane();
            Parallel.forRange((n1 - n0) * channels, planeGrain(g), (lo, hi) -> {
                for (int q = lo; q < hi; q++) {
                    int n = n0 + q / channels, c = q % channels;
                    int at = n * image + c * plane;
                    Arrays.fill(dx, at, at + plane, 0f);
                    Im2Col.col2imChannels(gcol, (n - n0) * p, cols, g, c, c + 1, dx, n * image);
                }
            });
        }
        Workspace.recycle(gcol);
    }

    // ---------------------------------------------------------------- backward-weight

    /** dw (C_out, C/groups, kh, kw), written from 0 = the weight gradient; see {@link dev.kiln.backend.Backend#conv2dBackwardWeight}. */
    static void backwardWeight(ConvGeometry g, int batch, int co, int groups, float[] x, int xo, float[] dy, int dyo,
            float[] dw) {
        int size = co * (g.colRows() / groups);
        if (batch == 0) {
            Arrays.fill(dw, 0, size, 0f);
            return;
        }
        // with a channels-last copy the product comes out in the copy's column order, permuted into dw at the end
        boolean channelsLast = ChannelsLastColumns.suits(g, groups);
        float[] out = channelsLast ? Workspace.floats(size) : dw;
        Plan plan = Plan.of(batch, g.outPlane());
        if (!plan.parallel()) {
            for (int ch = 0; ch < plan.chunks(); ch++) {
                int n0 = ch * plan.per(), n1 = Math.min(batch, n0 + plan.per());
                backwardWeightChunk(false, channelsLast, g, co, groups, x, xo, dy, dyo, out, ch == 0 ? 0f : 1f, n0, n1);
            }
        } else {
            // one partial sum per piece of chunks (piece 0 into out itself), then out += the others
            int pieces = Math.min(plan.threads(), plan.chunks());
            float[][] partial = new float[pieces][];
            partial[0] = out;
            for (int q = 1; q < pieces; q++) {
                partial[q] = Workspace.floats(size);
            }
            Parallel.forChunks(pieces, pieces, (lo, hi) -> {
                for (int q = lo; q < hi; q++) {
                    int c0 = (int) ((long) plan.chunks() * q / pieces), c1 = (int) ((long) plan.chunks() * (q + 1) / pieces);
                    for (int ch = c0; ch < c1; ch++) {
                        int n0 = ch * plan.per(), n1 = Math.min(batch, n0 + plan.per());
                        backwardWeightChunk(true, channelsLast, g, co, groups, x, xo, dy, dyo, partial[q], ch == c0 ? 0f : 1f,
                                n0, n1);
                    }
                }
            });
            for (int q = 1; q < pieces; q++) {
                float[] part = partial[q];
                Parallel.forRange(size, Parallel.ELEMENTWISE_GRAIN, (lo, hi) -> {
                    for (int i = lo; i < hi; i++) {
                        out[i] += part[i];
                    }
                });
                Workspace.recycle(part);
            }
        }
        if (channelsLast) {
            Parallel.forRange(co, Math.max(1, Parallel.ELEMENTWISE_GRAIN / g.colRows()),
                    (lo, hi) -> ChannelsLastColumns.toKernelOrder(g, out, dw, lo, hi));
            Workspace.recycle(out);
        }
    }

    private static void backwardWeightChunk(boolean serial, boolean channelsLast, ConvGeometry g, int co, int groups,
            float[] x, int xo, float[] dy, int dyo, float[] acc, float beta, int n0, int n1) {
        int p = g.outPlane(), cols = (n1 - n0) * p;
        int cog = co / groups, kg = g.colRows() / groups;
        Rows d = Rows.of(dy, dyo, co, p, n0, n1, ROW_PAD);
        Scratch scratch = serial ? Scratch.borrow() : null;
        if (channelsLast) {
            // dW' (co, K) += dY (co, cols) · colᵀ (cols, K), colᵀ packed from a channels-last copy of the chunk
            ChannelsLastColumns col = ChannelsLastColumns.of(g, x, xo, n0, n1);
            Gemm.sgemmPacked(scratch, co, kg, cols, 1f, d.data(), d.off(), d.ld(), 1, col, beta, acc, 0, kg);
            col.release();
        } else if (g.sh() == 1 && g.sw() == 1) {
            ImplicitColumns col = new ImplicitColumns(g, x, xo + n0 * g.channels() * g.inPlane());
            for (int gi = 0; gi < groups; gi++) {
                // dW_g (cog, kg) += dY_g (cog, cols) · col_g (kg, cols)ᵀ, col_g packed straight from the images
                Gemm.sgemmPacked(scratch, cog, kg, cols, 1f, d.data(), d.off() + gi * cog * d.ld(), d.ld(), 1,
                        col.transposed(gi * kg), beta, acc, gi * cog * kg, kg);
            }
        } else {
            // strided windows: the unfolded copy measured faster than packing them straight from the images
            Columns col = Columns.of(serial, g, x, xo, n0, n1, ROW_PAD);
            for (int gi = 0; gi < groups; gi++) {
                gemm(scratch, cog, kg, cols, d.data(), d.off() + gi * cog * d.ld(), d.ld(), 1,
                        col.data(), col.off() + gi * kg * col.ld(), 1, col.ld(), beta, acc, gi * cog * kg, kg);
            }
            col.release();
        }
        release(scratch);
        d.release();
    }

    /** Hands a chunk's scratch back (none: nothing). */
    private static void release(Scratch scratch) {
        if (scratch != null) {
            scratch.release();
        }
    }
}
