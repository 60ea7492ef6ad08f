package dev.kiln.backend.cpu;

import dev.kiln.backend.ConvGeometry;
import dev.kiln.backend.Workspace;
import java.util.Arrays;

/**
 * The float32 2-D convolution (groups = 1) with few output channels (≤ {@value #MAX_CHANNELS}: LeNet, the
 * first layers of VGG and ResNet stems), one sample at a time while its data is in cache, in one of three
 * forms chosen by the geometry:
 * <ul>
 *   <li><b>lanes</b> (stride 1, no dilation, C_out filling at least three quarters of its vectors, e.g.
 *       16 channels): the direct kernels of {@link LaneConv} with the output channels in vector lanes, on
 *       the sample's zero-padded planes ({@link PaddedPlanes}; an unpadded input is read in place). The
 *       weight gradient gathers groups of {@link LaneConv#GROUP} transposed output gradients and keeps the
 *       taps' accumulators in registers across them.</li>
 *   <li><b>wide plane</b> (stride 1, no dilation, fewer channels): the implicit GEMM
 *       {@code y_wide = b + W·B} ({@link SmallGemm#fewRowsShifted}) whose rows of B are the tap-shifted
 *       slices of the padded input; dW by row dots or {@link SmallGemm#batchedOuterRows}.</li>
 *   <li><b>im2col</b> (strided or dilated): the sample's im2col matrix col_n (K × P, K = C_in·kh·kw)
 *       multiplied at once, {@code y_n = b + W·col_n} ({@link SmallGemm#fewRowsSerial}); backward
 *       {@code dW = Σ_n dy_n·col_nᵀ}, {@code dx_n = col2im(Wᵀ·dy_n)}.</li>
 * </ul>
 * The input gradient of both stride-1 forms is the band form of {@link LaneConv#inputGradSample} on a
 * padded plane, cropped. The three entry points are {@link CpuBackend}'s convolution primitives for these
 * shapes (same arguments and contracts as {@link dev.kiln.backend.Backend#conv2dForward} and its two
 * gradients); each writes its output whole. The weight gradient pads (or unfolds) the input again rather
 * than keeping the forward's copies: a copy of the input costs little next to the products.
 *
 * <p>Work is split over samples into {@link #chunks} pieces; the weight gradient adds one partial result
 * per piece, in piece order.
 */
final class FewChannelConv {
    /** Output channels up to which this path is taken. */
    static final int MAX_CHANNELS = 32;

    private FewChannelConv() {
    }

    /**
     * {@return whether the convolution runs here: one group and at most {@value #MAX_CHANNELS} output channels}
     *
     * @param outChannels the output channels C_out
     * @param groups the number of groups
     */
    static boolean suits(int outChannels, int groups) {
        return groups == 1 && outChannels <= MAX_CHANNELS;
    }

    /** Whether the stride-1 forms (lanes or wide plane, and the band-form input gradient) apply. */
    private static boolean shiftable(ConvGeometry g) {
        return g.sh() == 1 && g.sw() == 1 && g.dh() == 1 && g.dw() == 1;
    }

    /** Whether the lanes form applies: stride 1, no dilation, C_out filling at least three quarters of its vectors. */
    private static boolean lanesForm(ConvGeometry g, int co) {
        return shiftable(g) && 4 * co >= 3 * LaneConv.ld(co);
    }

    /** The number of pieces to split {@code n} samples into: at most one per thread, about 64 K of work each. */
    private static int chunks(int n, long workPerSample) {
        return (int) Math.max(1, Math.min(Math.min(Parallel.threads(), n), workPerSample * n / (1 << 16)));
    }

    /** The work on one piece of the samples. */
    @FunctionalInterface
    private interface Piece {
        void run(int piece, int lo, int hi);
    }

    /**
     * Runs {@code body} on the pieces {@code [n·c/pieces, n·(c+1)/pieces)} of the samples, c &lt; pieces, over the
     * threads: the weight gradient keeps one partial sum per piece, so the pieces (not the threads) fix
     * the order of its additions.
     */
    private static void forPieces(int n, int pieces, Piece body) {
        Parallel.forChunks(pieces, pieces, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                body.run(c, (int) ((long) n * c / pieces), (int) ((long) n * (c + 1) / pieces));
            }
        });
    }

    // ------------------------------------------------------------------ forward

    /**
     * y = conv2d(x, w) + bias, written whole (see {@link dev.kiln.backend.Backend#conv2dForward}).
     *
     * @param g the geometry
     * @param n the batch size N
     * @param co the output channels C_out
     * @param x the input (N, C, H, W) from xo
     * @param xo the offset of the input
     * @param w the weight (C_out, C, kh, kw) from wo
     * @param wo the offset of the weight
     * @param bias the bias (C_out) from bo, or null
     * @param bo the offset of the bias
     * @param y the output (N, C_out, OH, OW) from 0
     */
    static void forward(ConvGeometry g, int n, int co, float[] x, int xo, float[] w, int wo, float[] bias, int bo, float[] y) {
        int k = g.colRows();
        int p = g.outPlane();
        int inSize = g.channels() * g.inPlane();
        float[] wm = Arrays.copyOfRange(w, wo, wo + co * k);
        float[] b = bias == null ? null : Arrays.copyOfRange(bias, bo, bo + co);
        int chunks = chunks(n, (long) co * k * p);
        if (lanesForm(g, co)) {
            forwardLanes(g, n, co, x, xo, wm, b, y, chunks);
        } else if (shiftable(g)) {
            forwardWide(g, n, co, x, xo, wm, b, y, chunks);
        } else {
            Parallel.forChunks(n, chunks, (lo, hi) -> {
                float[] col = new float[k * p];
                for (int s = lo; s < hi; s++) {
                    Im2Col.im2colOne(x, xo + s * inSize, g, col, 0);
                    SmallGemm.fewRowsSerial(co, p, k, wm, col, 0, p, y, s * co * p, p, b);
                }
            });
        }
    }

    /** The lanes form ({@link LaneConv#forwardSample}) on each zero-padded sample. */
    private static void forwardLanes(ConvGeometry g, int n, int co, float[] x, int xo, float[] wm, float[] b, float[] y,
            int chunks) {
        int k = g.colRows();
        int p = g.outPlane();
        int inSize = g.channels() * g.inPlane();
        PaddedPlanes planes = new PaddedPlanes(g);
        float[] wt = LaneConv.packWeights(co, k, wm);
        float[] biasLanes = null;
        if (b != null) {
            biasLanes = new float[LaneConv.ld(co)];
            System.arraycopy(b, 0, biasLanes, 0, co);
        }
        float[] bl = biasLanes;
        int[] pix = LaneConv.pixelOffsets(g.oh(), g.ow(), planes.wp);
        int[] rows = LaneConv.kernelRows(planes.rowOff);
        boolean inPlace = planes.unpadded();
        Parallel.forChunks(n, chunks, (lo, hi) -> {
            float[] pad = inPlace ? null : new float[planes.size];
            float[] tmp = new float[LaneConv.SCRATCH];
            for (int s = lo; s < hi; s++) {
                float[] src = x;
                int so = xo + s * inSize;
                if (!inPlace) {
                    planes.pad(x, so, pad, 0);
                    src = pad;
                    so = 0;
                }
                LaneConv.forwardSample(co, k, wt, bl, planes.rowOff, rows, pix, g.oh(), g.ow(), planes.wp, src, so, y, s * co * p,
                        tmp);
            }
        });
    }

    /**
     * The wide-plane form: y_wide = b + W·B with B's rows the tap-shifted slices of the padded sample
     * ({@link SmallGemm#fewRowsShifted}); the dropped columns of y_wide are not copied out.
     */
    private static void forwardWide(ConvGeometry g, int n, int co, float[] x, int xo, float[] wm, float[] b, float[] y,
            int chunks) {
        int k = g.colRows();
        int p = g.outPlane();
        int inSize = g.channels() * g.inPlane();
        PaddedPlanes planes = new PaddedPlanes(g);
        Parallel.forChunks(n, chunks, (lo, hi) -> {
            float[] pad = new float[planes.size];
            float[] wide = new float[co * planes.wide];
            for (int s = lo; s < hi; s++) {
                planes.pad(x, xo + s * inSize, pad, 0);
                SmallGemm.fewRowsShifted(co, planes.wide, k, wm, pad, 0, planes.rowOff, wide, 0, b);
                for (int c = 0; c < co; c++) {
                    for (int oy = 0; oy < g.oh(); oy++) {
                        System.arraycopy(wide, c * planes.wide + oy * planes.wp, y, (s * co + c) * p + oy * g.ow(), g.ow());
                    }
                }
            }
        });
    }

    // ------------------------------------------------------------------ input gradient

    /**
     * dx of the convolution, written whole (see {@link dev.kiln.backend.Backend#conv2dBackwardInput}): the
     * band form on a padded plane per sample for stride 1, {@code col2im(Wᵀ·dy_n)} otherwise.
     *
     * @param g the geometry of the forward convolution
     * @param n the batch size N
     * @param co the output channels C_out
     * @param dy the output gradient (N, C_out, OH, OW) from dyo
     * @param dyo the offset of the output gradient
     * @param w the weight (C_out, C, kh, kw) from wo
     * @param wo the offset of the weight
     * @param dx the input gradient (N, C, H, W) from 0
     */
    static void backwardInput(ConvGeometry g, int n, int co, float[] dy, int dyo, float[] w, int wo, float[] dx) {
        int k = g.colRows();
        int p = g.outPlane();
        int inSize = g.channels() * g.inPlane();
        float[] wm = Arrays.copyOfRange(w, wo, wo + co * k);
        int chunks = chunks(n, (long) co * k * p);
        if (shiftable(g)) {
            PaddedPlanes planes = new PaddedPlanes(g);
            float[] wt = LaneConv.packWeights(co, k, wm);
            Parallel.forChunks(n, chunks, (lo, hi) -> {
                float[] dyz = new float[co * LaneConv.bandRow(g.oh(), g.kw(), planes.wp)];
                float[] dxp = new float[planes.size + LaneConv.lanes()];
                for (int s = lo; s < hi; s++) {
                    LaneConv.bandRows(co, g.oh(), g.ow(), g.kw(), planes.wp, dy, dyo + s * co * p, dyz);
                    Arrays.fill(dxp, 0f);
                    LaneConv.inputGradSample(g.channels(), g.kh(), g.kw(), co, g.oh(), planes.hp, planes.wp, wt, dyz, dxp);
                    planes.crop(dxp, dx, s * inSize);
                }
            });
        } else {
            Parallel.forChunks(n, chunks, (lo, hi) -> {
                float[] col = new float[k * p];
                for (int s = lo; s < hi; s++) {
                    // dcol_n = Wᵀ·dy_n (K × P), folded back onto the zeroed dx_n
                    Gemm.sgemm(k, p, co, 1f, wm, 0, 1, k, dy, dyo + s * co * p, p, 1, 0f, col, 0, p);
                    Arrays.fill(dx, s * inSize, (s + 1) * inSize, 0f);
                    Im2Col.col2imOne(col, 0, g, dx, s * inSize);
                }
            });
        }
    }

    // ------------------------------------------------------------------ weight gradient

    /**
     * dW of the convolution, written whole (see {@link dev.kiln.backend.Backend#conv2dBackwardWeight}).
     *
     * @param g the geometry of the forward convolution
     * @param n the batch size N
     * @param co the output channels C_out
     * @param x the input (N, C, H, W) from xo
     * @param xo the offset of the input
     * @param dy the output gradient (N, C_out, OH, OW) from dyo
     * @param dyo the offset of the output gradient
     * @param dw the weight gradient (C_out, C, kh, kw) from 0
     */
    static void backwardWeight(ConvGeometry g, int n, int co, float[] x, int xo, float[] dy, int dyo, float[] dw) {
        int k = g.colRows();
        int ld = (co + SmallGemm.lanes() - 1) / SmallGemm.lanes() * SmallGemm.lanes();
        if (lanesForm(g, co)) {
            lanesWeightGrad(g, n, co, x, xo, dy, dyo, dw);
        } else if (2 * co >= ld) {
            outerWeightGrad(g, n, co, ld, x, xo, dy, dyo, dw);
        } else {
            float[][] partial = dotWeightGrad(g, n, co, x, xo, dy, dyo);
            Arrays.fill(dw, 0, co * k, 0f);
            for (float[] part : partial) {
                for (int i = 0; i < co * k; i++) {
                    dw[i] += part[i];
                }
            }
        }
    }

    /**
     * The lanes form: per piece of samples, groups of {@link LaneConv#GROUP} output gradients transposed to
     * (P, ld) and their padded inputs, the weight gradient accumulated with the taps' accumulators in
     * registers ({@link LaneConv#weightGradAccumulate}); one partial dWᵀ per piece, added in order.
     */
    private static void lanesWeightGrad(ConvGeometry g, int n, int co, float[] x, int xo, float[] dy, int dyo, float[] dw) {
        int k = g.colRows();
        int p = g.outPlane();
        int inSize = g.channels() * g.inPlane();
        int ld = LaneConv.ld(co);
        PaddedPlanes planes = new PaddedPlanes(g);
        int[] rows = LaneConv.kernelRows(planes.rowOff);
        boolean inPlace = planes.unpadded();
        float[][] partial = new float[chunks(n, 2L * co * k * p)][];
        forPieces(n, partial.length, (c, lo, hi) -> {
            float[] acc = new float[k * ld];
            float[] dyT = new float[LaneConv.GROUP * p * ld];
            float[] pad = inPlace ? null : new float[LaneConv.GROUP * planes.size];
            for (int s0 = lo; s0 < hi; s0 += LaneConv.GROUP) {
                int s1 = Math.min(hi, s0 + LaneConv.GROUP);
                for (int s = s0; s < s1; s++) {
                    LaneConv.transpose(co, p, dy, dyo + s * co * p, dyT, (s - s0) * p * ld);
                    if (!inPlace) {
                        planes.pad(x, xo + s * inSize, pad, (s - s0) * planes.size);
                    }
                }
                LaneConv.weightGradAccumulate(ld, planes.rowOff, rows, g.oh(), g.ow(), planes.wp, s1 - s0,
                        inPlace ? x : pad, inPlace ? xo + s0 * inSize : 0, planes.size, dyT, acc);
            }
            partial[c] = acc;
        });
        Arrays.fill(dw, 0, co * k, 0f);
        for (float[] part : partial) {
            for (int r = 0; r < k; r++) {
                for (int o = 0; o < co; o++) {
                    dw[o * k + r] += part[r * ld + o];
                }
            }
        }
    }

    /**
     * dWᵀ = Σ_n B_n·dy_nᵀ with vectors over the output channels (padded to ld, a whole vector) when that
     * wastes little: B_n the padded input (stride 1, tap-shifted rows) or col_n of every sample, dy_nᵀ
     * transposed beside it, the accumulators in registers over the whole batch
     * ({@link SmallGemm#batchedOuterRows}); blocks of eight taps split over the threads.
     */
    private static void outerWeightGrad(ConvGeometry g, int n, int co, int ld, float[] x, int xo, float[] dy, int dyo,
            float[] dw) {
        int k = g.colRows();
        int p = g.outPlane();
        int inSize = g.channels() * g.inPlane();
        boolean shifted = shiftable(g);
        PaddedPlanes planes = shifted ? new PaddedPlanes(g) : null;
        int per = shifted ? planes.size : k * p;
        int dyLen = shifted ? planes.wide : p;
        float[] xs = Workspace.floats(n * per);
        float[] dyT = Workspace.floats(n * dyLen * ld);
        Parallel.forChunks(n, chunks(n, (long) co * k * p), (lo, hi) -> {
            for (int s = lo; s < hi; s++) {
                if (shifted) {
                    planes.pad(x, xo + s * inSize, xs, s * per);
                    planes.transposeWide(co, dy, dyo + s * co * p, dyT, s * dyLen * ld, ld);
                } else {
                    Im2Col.im2colOne(x, xo + s * inSize, g, xs, s * per);
                    SmallGemm.transposeBatch(s, s + 1, co, p, dy, dyo, dyT, ld);
                }
            }
        });
        float[] acc = new float[k * ld];
        int blocks = (k + 7) / 8;
        int chunks = Math.min(blocks, chunks(n, 2L * co * k * p));
        if (shifted) {
            Parallel.forChunks(blocks, chunks, (b0, b1) -> SmallGemm.batchedOuterRows(b0 * 8, Math.min(k, b1 * 8), n, dyLen, xs,
                    per, planes.rowOff, dyT, ld, acc));
        } else {
            Parallel.forChunks(blocks, chunks, (b0, b1) -> SmallGemm.batchedOuterRows(b0 * 8, Math.min(k, b1 * 8), n, p, xs, per,
                    dyT, ld, acc));
        }
        Workspace.recycle(xs);
        Workspace.recycle(dyT);
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < co; c++) {
                dw[c * k + r] = acc[r * ld + c];
            }
        }
    }

    /**
     * Very few channels (less than half a vector): dW[c_o, t] = Σ_n Σ_q dy_n[c_o, q]·B_n[t, q] as row dots,
     * one partial dW per piece of samples. For stride 1 the taps of one kernel row are rows of the padded
     * input one element apart (one {@link SmallGemm#rowDotsAccumulate} per kernel row, against dy in wide
     * rows); otherwise B_n is col_n.
     */
    private static float[][] dotWeightGrad(ConvGeometry g, int n, int co, float[] x, int xo, float[] dy, int dyo) {
        int k = g.colRows();
        int p = g.outPlane();
        int inSize = g.channels() * g.inPlane();
        boolean shifted = shiftable(g);
        PaddedPlanes planes = shifted ? new PaddedPlanes(g) : null;
        float[][] partial = new float[chunks(n, 2L * co * k * p)][];
        forPieces(n, partial.length, (c, lo, hi) -> {
            float[] acc = new float[co * k];
            float[] b = new float[shifted ? planes.size : k * p];
            float[] dyw = shifted ? new float[co * planes.wide] : null;
            float[] tap = shifted ? new float[co * g.kw()] : null;
            for (int s = lo; s < hi; s++) {
                int gs = dyo + s * co * p;
                if (!shifted) {
                    Im2Col.im2colOne(x, xo + s * inSize, g, b, 0);
                    SmallGemm.rowDotsAccumulate(co, k, p, dy, gs, p, b, 0, p, acc);
                    continue;
                }
                planes.pad(x, xo + s * inSize, b, 0);
                planes.wideRows(co, dy, gs, dyw);
                int plane = planes.hp * planes.wp;
                for (int ci = 0; ci < g.channels(); ci++) {
                    for (int ky = 0; ky < g.kh(); ky++) {
                        Arrays.fill(tap, 0f);
                        SmallGemm.rowDotsAccumulate(co, g.kw(), planes.wide, dyw, 0, planes.wide, b, ci * plane + ky * planes.wp, 1,
                                tap);
                        int r0 = (ci * g.kh() + ky) * g.kw();
                        for (int i = 0; i < co; i++) {
                            for (int kx = 0; kx < g.kw(); kx++) {
                                acc[i * k + r0 + kx] += tap[i * g.kw() + kx];
                            }
                        }
                    }
                }
            }
            partial[c] = acc;
        });
        return partial;
    }
}
