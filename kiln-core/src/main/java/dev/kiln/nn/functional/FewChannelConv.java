package dev.kiln.nn.functional;

import dev.kiln.autograd.Node;
import dev.kiln.autograd.SavedTensor;
import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.LibraryNode;
import dev.kiln.backend.Backend;
import dev.kiln.backend.ConvGeometry;
import dev.kiln.backend.cpu.Gemm;
import dev.kiln.backend.cpu.Im2Col;
import dev.kiln.backend.cpu.LaneConv;
import dev.kiln.backend.cpu.Parallel;
import dev.kiln.backend.cpu.ScratchPool;
import dev.kiln.backend.cpu.SmallGemm;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.function.Supplier;

/**
 * The float32 2-D convolution (groups = 1) for layers with few output channels (≤ {@value #MAX_CHANNELS}),
 * one sample at a time while its data is in cache, in one of three forms:
 * <ul>
 *   <li><b>lanes</b> (stride 1, no dilation, C_out filling at least three quarters of its vectors, e.g.
 *       16 channels): the direct kernels of {@link LaneConv} with the output channels in vector lanes,
 *       on the sample's zero-padded planes (an unpadded input is read and saved in place). Backward per
 *       chunk of samples: dW with the taps' accumulators in registers across groups of samples (one
 *       partial dW per chunk, added in a fixed order), dx in the band form of
 *       {@link LaneConv#inputGradSample}.</li>
 *   <li><b>wide plane</b> (stride 1, no dilation, fewer channels): the implicit GEMM
 *       {@code y_wide = b + W·B} ({@link SmallGemm#fewRowsShifted}) whose rows of B are the tap-shifted
 *       slices of the padded input; dW by row dots or {@link SmallGemm#batchedOuterRows}, dx in the band
 *       form.</li>
 *   <li><b>im2col</b> (strided or dilated): the sample's im2col matrix col_n (K × P, K = C_in·kh·kw)
 *       multiplied at once, {@code y_n = b + W·col_n} ({@link SmallGemm#fewRowsSerial}); backward
 *       {@code dW += dy_n·col_nᵀ}, {@code dx_n = col2im(Wᵀ·dy_n)}.</li>
 * </ul>
 * In every form {@code db = Σ_{n,p} dy}. The padded inputs or col_n are kept in pooled buffers (returned
 * when the graph is freed) when the weight needs a gradient; outputs and input gradients are computed in
 * pooled buffers and copied into fresh arrays.
 */
final class FewChannelConv {
    /** Output channels up to which this path is taken. */
    static final int MAX_CHANNELS = 32;

    private FewChannelConv() {
    }

    static boolean applies(Tensor x, Tensor w, Tensor b, int groups) {
        return groups == 1 && x.dtype() == DType.FLOAT32 && w.dtype() == DType.FLOAT32
                && (b == null || b.dtype() == DType.FLOAT32) && w.size(0) <= MAX_CHANNELS;
    }

    /** y = conv2d(x, w, b) for the geometry {@code g} (already checked); records the backward. */
    static Tensor forward(Tensor x, Tensor w, Tensor b, ConvGeometry g) {
        int n = x.size(0);
        int co = w.size(0);
        int k = g.colRows();
        int p = g.outPlane();
        int inSize = g.channels() * g.inPlane();
        Tensor xc = x.detach().contiguous();
        float[] xd = TensorInternals.floats(xc);
        int xo = xc.offset();
        float[] wp = w.detach().contiguous().toFloatArray();
        float[] bias = b == null ? null : b.detach().contiguous().toFloatArray();
        if (lanesForm(g, co)) {
            return forwardLanes(x, w, b, g, xc, wp, bias);
        }
        // every output element is written: computed in a pooled buffer, copied out by fresh()
        float[] y = ScratchPool.floats(n * co * p);
        if (shiftable(g, co)) {
            return forwardShifted(x, w, b, g, xd, xo, wp, bias, y);
        }
        // the weight gradient needs every col_n again: keep them (pooled, returned when the graph is freed)
        boolean keep = Engine.needsGrad(w);
        float[] cols = keep ? ScratchPool.floats(n * k * p) : null;
        int chunks = chunks(n, (long) co * k * p);
        Parallel.forChunks(n, chunks, (lo, hi) -> {
            float[] col = keep ? cols : new float[k * p];
            for (int s = lo; s < hi; s++) {
                int c0 = keep ? s * k * p : 0;
                Im2Col.im2colOne(xd, xo + s * inSize, g, col, c0);
                SmallGemm.fewRowsSerial(co, p, k, wp, col, c0, p, y, s * co * p, p, bias);
            }
        });
        return output(y, n, co, g, x, w, b, cols, () -> new Backward(x, w, b, cols, wp, g));
    }

    /**
     * Whether the stride-1 forms (lanes or wide plane, and the band-form input gradient) apply: stride 1
     * and no dilation.
     */
    static boolean shiftable(ConvGeometry g, int co) {
        return g.sh() == 1 && g.sw() == 1 && g.dh() == 1 && g.dw() == 1;
    }

    /**
     * The output (N, C_out, OH, OW) from the fully written pooled buffer {@code y}; with the backward
     * recorded when a gradient is needed (it keeps {@code saved}, col_n or the padded inputs), else
     * {@code saved} (pooled, or null) goes back to the pool.
     */
    private static Tensor output(float[] y, int n, int co, ConvGeometry g, Tensor x, Tensor w, Tensor b, float[] saved,
            Supplier<Backward> backward) {
        Tensor out = TensorInternals.markFreshOutput(TensorInternals.wrap(Storage.wrap(fresh(y)), n, co, g.oh(), g.ow()));
        if (Engine.needsGrad(x, w, b)) {
            Engine.record(out, backward.get());
        } else {
            ScratchPool.recycle(saved);
        }
        return out;
    }

    /**
     * A fresh copy of a fully written pooled buffer, which goes back to the pool: the output stays in cache
     * while it is written (scattered), and a copy right after the allocation skips the zeroing of the fresh
     * array.
     */
    private static float[] fresh(float[] pooled) {
        float[] a = java.util.Arrays.copyOf(pooled, pooled.length);
        ScratchPool.recycle(pooled);
        return a;
    }

    /**
     * Whether the stride-1 direct kernels of {@link LaneConv} with the output channels in vector lanes
     * apply: stride 1, no dilation, and output channels that fill at least three quarters of the vectors.
     */
    static boolean lanesForm(ConvGeometry g, int co) {
        return shiftable(g, co) && 4 * co >= 3 * LaneConv.ld(co);
    }

    /**
     * The stride-1 forward with the output channels in vector lanes ({@link LaneConv#forwardSample}) on
     * each zero-padded sample; the padded inputs are kept for the weight gradient.
     */
    private static Tensor forwardLanes(Tensor x, Tensor w, Tensor b, ConvGeometry g, Tensor xc, float[] wflat, float[] bias) {
        float[] xd = TensorInternals.floats(xc);
        int xo = xc.offset();
        int n = x.size(0);
        int co = w.size(0);
        int k = g.colRows();
        int p = g.outPlane();
        int inSize = g.channels() * g.inPlane();
        int ld = LaneConv.ld(co);
        Shift sh = new Shift(g);
        float[] wt = LaneConv.packWeights(co, k, wflat);
        float[] bp = null;
        if (bias != null) {
            bp = new float[ld];
            System.arraycopy(bias, 0, bp, 0, co);
        }
        float[] biasLanes = bp;
        int[] pix = LaneConv.pixelOffsets(g.oh(), g.ow(), sh.wp);
        int[] rows = LaneConv.kernelRows(sh.rowOff);
        // without padding the input is its own padded plane: read in place and saved as it is
        boolean direct = sh.hp == g.h() && sh.wp == g.w();
        boolean keep = Engine.needsGrad(w) && !direct;
        float[] xp = keep ? ScratchPool.floats(n * sh.size) : null;
        float[] ys = ScratchPool.floats(n * co * p);
        int chunks = chunks(n, (long) co * k * p);
        Parallel.forChunks(n, chunks, (lo, hi) -> {
            float[] pad = keep ? xp : direct ? null : new float[sh.size];
            float[] tmp = new float[LaneConv.SCRATCH];
            for (int s = lo; s < hi; s++) {
                float[] src = xd;
                int so = xo + s * inSize;
                if (!direct) {
                    src = pad;
                    so = keep ? s * sh.size : 0;
                    sh.pad(xd, xo + s * inSize, pad, so);
                }
                LaneConv.forwardSample(co, k, wt, biasLanes, sh.rowOff, rows, pix, g.oh(), g.ow(), sh.wp, src, so, ys, s * co * p, tmp);
            }
        });
        return output(ys, n, co, g, x, w, b, xp,
                () -> new Backward(x, w, b, xp, wflat, g, direct && Engine.needsGrad(w) ? xc : null));
    }

    /**
     * The stride-1 forward without im2col: each sample is zero-padded into a (C, Hp, Wp) block; an output
     * pixel (oy, ox) of the "wide" plane q = oy·Wp + ox reads the tap (c, ky, kx) at
     * {@code c·Hp·Wp + ky·Wp + kx + q}, a fixed shift per tap, so {@code y_wide = b + W·B} with B's rows
     * the shifted slices of the padded input ({@link SmallGemm#fewRowsShifted}); the columns ox ≥ OW of
     * y_wide are dropped. The padded inputs are kept for the weight gradient.
     */
    private static Tensor forwardShifted(Tensor x, Tensor w, Tensor b, ConvGeometry g, float[] xd, int xo, float[] wp,
            float[] bias, float[] y) {
        int n = x.size(0);
        int co = w.size(0);
        int k = g.colRows();
        int p = g.outPlane();
        int inSize = g.channels() * g.inPlane();
        Shift sh = new Shift(g);
        boolean keep = Engine.needsGrad(w);
        float[] xp = keep ? ScratchPool.floats(n * sh.size) : null;
        int chunks = chunks(n, (long) co * k * p);
        Parallel.forChunks(n, chunks, (lo, hi) -> {
            float[] pad = keep ? xp : new float[sh.size];
            float[] wide = new float[co * sh.wide];
            for (int s = lo; s < hi; s++) {
                int po = keep ? s * sh.size : 0;
                sh.pad(xd, xo + s * inSize, pad, po);
                SmallGemm.fewRowsShifted(co, sh.wide, k, wp, pad, po, sh.rowOff, wide, 0, bias);
                for (int c = 0; c < co; c++) {
                    for (int oy = 0; oy < g.oh(); oy++) {
                        System.arraycopy(wide, c * sh.wide + oy * sh.wp, y, (s * co + c) * p + oy * g.ow(), g.ow());
                    }
                }
            }
        });
        return output(y, n, co, g, x, w, b, xp, () -> new Backward(x, w, b, xp, wp, g));
    }

    /** The padded-input layout of the implicit GEMM: plane Hp × Wp, wide output length, tap shifts. */
    private static final class Shift {
        final ConvGeometry g;
        final int hp;
        final int wp;
        final int size;
        final int wide;
        final int[] rowOff;

        Shift(ConvGeometry g) {
            this.g = g;
            // stride 1, dilation 1: the padded extent is out + k − 1 (padding before and after may differ)
            hp = g.oh() + g.kh() - 1;
            wp = g.ow() + g.kw() - 1;
            size = g.channels() * hp * wp;
            wide = (g.oh() - 1) * wp + g.ow();
            rowOff = new int[g.colRows()];
            int r = 0;
            for (int c = 0; c < g.channels(); c++) {
                for (int ky = 0; ky < g.kh(); ky++) {
                    for (int kx = 0; kx < g.kw(); kx++) {
                        rowOff[r++] = c * hp * wp + ky * wp + kx;
                    }
                }
            }
        }

        /** One sample (C, H, W) at src written zero-padded into dst[off ..] (C, Hp, Wp). */
        void pad(float[] src, int so, float[] dst, int off) {
            java.util.Arrays.fill(dst, off, off + size, 0f);
            for (int c = 0; c < g.channels(); c++) {
                for (int yy = 0; yy < g.h(); yy++) {
                    System.arraycopy(src, so + (c * g.h() + yy) * g.w(), dst, off + (c * hp + yy + g.ph()) * wp + g.pw(), g.w());
                }
            }
        }

        /** dy_s (co × OH·OW at src) written as wide rows (co × wide, zeros off the image) into dst. */
        void wideRows(int co, float[] src, int so, float[] dst) {
            for (int c = 0; c < co; c++) {
                int d = c * wide;
                int sc = so + c * g.oh() * g.ow();
                for (int oy = 0; oy < g.oh(); oy++) {
                    System.arraycopy(src, sc + oy * g.ow(), dst, d + oy * wp, g.ow());
                    if (oy + 1 < g.oh()) {
                        java.util.Arrays.fill(dst, d + oy * wp + g.ow(), d + (oy + 1) * wp, 0f);
                    }
                }
            }
        }

        /** dy_s (co × OH·OW at src) written as the wide transposed dyᵀ (wide × ld, zeros off the image) at dst. */
        void transposeWide(int co, float[] src, int so, float[] dst, int off, int ld) {
            java.util.Arrays.fill(dst, off, off + wide * ld, 0f);
            for (int c = 0; c < co; c++) {
                int sc = so + c * g.oh() * g.ow();
                for (int oy = 0; oy < g.oh(); oy++) {
                    int d = off + oy * wp * ld + c;
                    int si = sc + oy * g.ow();
                    for (int ox = 0; ox < g.ow(); ox++) {
                        dst[d + ox * ld] = src[si + ox];
                    }
                }
            }
        }
    }

    private static int chunks(int n, long workPerSample) {
        return (int) Math.max(1, Math.min(Math.min(Parallel.threads(), n), workPerSample * n / (1 << 16)));
    }

    private static final class Backward extends LibraryNode {
        private final SavedTensor direct;
        private float[] cols;
        private final float[] wp;
        private final ConvGeometry g;
        private final int[] weightShape;

        Backward(Tensor input, Tensor w, Tensor b, float[] cols, float[] wp, ConvGeometry g) {
            this(input, w, b, cols, wp, g, null);
        }

        /** {@code direct}: the contiguous unpadded input, saved in place of padded copies (lanes form only). */
        Backward(Tensor input, Tensor w, Tensor b, float[] cols, float[] wp, ConvGeometry g, Tensor direct) {
            super(input, w, b);
            this.direct = direct == null ? null : save(direct);
            this.cols = cols;
            this.wp = wp;
            this.g = g;
            this.weightShape = w.shape();
        }

        @Override
        protected void onRelease() {
            ScratchPool.recycle(cols);
            cols = null;
        }

        @Override
        public String name() {
            return "ConvolutionBackward";
        }

        @Override
        protected Tensor[] backward(Tensor grad) {
            Tensor gc = grad.contiguous();
            if (gc.dtype() != DType.FLOAT32) {
                gc = gc.to(DType.FLOAT32).contiguous();
            }
            float[] gd = TensorInternals.floats(gc);
            int go = gc.offset();
            int n = gc.size(0);
            int co = gc.size(1);
            int p = g.outPlane();
            boolean needX = needsGrad(0);
            boolean needW = needsGrad(1);
            boolean shifted = shiftable(g, co);
            Tensor[] gxw = shifted && lanesForm(g, co) ? lanesBackward(gd, go, n, co, needX, needW)
                    : generalBackward(gd, go, n, co, needX, needW, shifted);
            Tensor gxT = gxw[0];
            Tensor gwT = gxw[1];
            Tensor gbT = null;
            if (needsGrad(2)) {
                double[] sum = new double[co];
                Backend backend = gc.device().backend();
                for (int s = 0; s < n; s++) {
                    for (int c = 0; c < co; c++) {
                        sum[c] += backend.sum(gd, go + (s * co + c) * p, p);
                    }
                }
                float[] db = new float[co];
                for (int c = 0; c < co; c++) {
                    db[c] = (float) sum[c];
                }
                gbT = TensorInternals.markExclusiveGrad(TensorInternals.wrap(Storage.wrap(db), co));
            }
            Tensor[] out = {gxT, gwT, gbT};
            if (grad.dtype() != DType.FLOAT32) {
                for (int i = 0; i < out.length; i++) {
                    out[i] = out[i] == null ? null : out[i].to(grad.dtype());
                }
            }
            return out;
        }

        /** dx and dW of the im2col and wide-plane forms. */
        private Tensor[] generalBackward(float[] gd, int go, int n, int co, boolean needX, boolean needW, boolean shifted) {
            int k = g.colRows();
            int p = g.outPlane();
            int inSize = g.channels() * g.inPlane();
            float[] cs = cols;
            float[] gx = needX ? new float[n * inSize] : null;
            // dWᵀ = Σ_n col_n·dy_nᵀ with vectors over the output channels (padded to a whole vector)
            // when that wastes little: accumulators stay in registers over the batch (no short dots)
            int lanes = SmallGemm.lanes();
            int ld = (co + lanes - 1) / lanes * lanes;
            Shift sh = shifted ? new Shift(g) : null;
            int dyLen = shifted ? sh.wide : p;
            boolean outerW = needW && 2 * co >= ld;
            float[] dyT = outerW ? ScratchPool.floats(n * dyLen * ld) : null;
            int chunks = chunks(n, 2L * co * k * p);
            float[][] partialW = new float[chunks][];
            Parallel.forChunks(chunks, chunks, (c0, c1) -> {
                for (int c = c0; c < c1; c++) {
                    int lo = (int) ((long) n * c / chunks);
                    int hi = (int) ((long) n * (c + 1) / chunks);
                    float[] col = needX && !shifted ? new float[k * p] : null;
                    float[] dyz = needX && shifted ? new float[co * LaneConv.bandRow(g.oh(), g.kw(), sh.wp)] : null;
                    float[] dxp = needX && shifted ? new float[sh.size + LaneConv.lanes()] : null;
                    float[] wt = needX && shifted ? LaneConv.packWeights(co, k, wp) : null;
                    float[] acc = needW && !outerW ? new float[co * k] : null;
                    float[] dyw = needW && !outerW && shifted ? new float[co * sh.wide] : null;
                    float[] tap = needW && !outerW && shifted ? new float[co * g.kw()] : null;
                    for (int s = lo; s < hi; s++) {
                        int gs = go + s * co * p;
                        if (outerW && shifted) {
                            sh.transposeWide(co, gd, gs, dyT, s * dyLen * ld, ld);
                        } else if (outerW) {
                            SmallGemm.transposeBatch(s, s + 1, co, p, gd, go, dyT, ld);
                        } else if (needW && shifted) {
                            // few channels: dW[c_o, (c, ky, kx)] += Σ_q dy_wide[c_o, q]·xpad[c, ky, kx + q], one
                            // row dot per tap; the taps of one kernel row are rows of xpad one element apart
                            sh.wideRows(co, gd, gs, dyw);
                            int plane = sh.hp * sh.wp;
                            for (int ci = 0; ci < g.channels(); ci++) {
                                for (int ky = 0; ky < g.kh(); ky++) {
                                    java.util.Arrays.fill(tap, 0f);
                                    SmallGemm.rowDotsAccumulate(co, g.kw(), sh.wide, dyw, 0, sh.wide, cs,
                                            s * sh.size + ci * plane + ky * sh.wp, 1, tap);
                                    int r0 = (ci * g.kh() + ky) * g.kw();
                                    for (int i = 0; i < co; i++) {
                                        for (int kx = 0; kx < g.kw(); kx++) {
                                            acc[i * k + r0 + kx] += tap[i * g.kw() + kx];
                                        }
                                    }
                                }
                            }
                        } else if (needW) {
                            SmallGemm.rowDotsAccumulate(co, k, p, gd, gs, p, cs, s * k * p, p, acc);
                        }
                        if (needX && shifted) {
                            inputGradShifted(sh, wt, co, gd, gs, dyz, dxp, gx, s * inSize);
                        } else if (needX) {
                            // dcol_n = Wᵀ·dy_n (K × P), folded back into dx_n
                            Gemm.sgemm(k, p, co, 1f, wp, 0, 1, k, gd, gs, p, 1, 0f, col, 0, p);
                            Im2Col.col2imOne(col, 0, g, gx, s * inSize);
                        }
                    }
                    partialW[c] = acc;
                }
            });
            Tensor gxT = needX ? TensorInternals.markExclusiveGrad(TensorInternals.wrap(Storage.wrap(gx), n, g.channels(), g.h(), g.w())) : null;
            Tensor gwT = null;
            if (outerW) {
                float[] acc = new float[k * ld];
                int blocks = (k + 7) / 8;
                int wChunks = Math.min(blocks, chunks);
                if (shifted) {
                    Parallel.forChunks(blocks, wChunks, (b0, b1) -> SmallGemm.batchedOuterRows(b0 * 8, Math.min(k, b1 * 8), n,
                            dyLen, cs, sh.size, sh.rowOff, dyT, ld, acc));
                } else {
                    Parallel.forChunks(blocks, wChunks, (b0, b1) -> SmallGemm.batchedOuterRows(b0 * 8, Math.min(k, b1 * 8), n, p,
                            cs, k * p, dyT, ld, acc));
                }
                ScratchPool.recycle(dyT);
                float[] dw = new float[co * k];
                for (int r = 0; r < k; r++) {
                    for (int c = 0; c < co; c++) {
                        dw[c * k + r] = acc[r * ld + c];
                    }
                }
                gwT = TensorInternals.markExclusiveGrad(TensorInternals.wrap(Storage.wrap(dw), weightShape));
            } else if (needW) {
                float[] dw = new float[co * k];
                for (float[] part : partialW) {
                    for (int i = 0; i < dw.length; i++) {
                        dw[i] += part[i];
                    }
                }
                gwT = TensorInternals.markExclusiveGrad(TensorInternals.wrap(Storage.wrap(dw), weightShape));
            }
            return new Tensor[] {gxT, gwT};
        }

        /**
         * dx and dW of the lanes form ({@link LaneConv}): per chunk of samples, groups of {@link LaneConv#GROUP}
         * output gradients are transposed to (P, ld) and their weight gradient accumulated with the taps'
         * accumulators in registers (one partial dW per chunk, added in a fixed order); each sample's input
         * gradient is the band form on its padded plane, cropped into dx.
         */
        private Tensor[] lanesBackward(float[] gd, int go, int n, int co, boolean needX, boolean needW) {
            int k = g.colRows();
            int p = g.outPlane();
            int inSize = g.channels() * g.inPlane();
            int ld = LaneConv.ld(co);
            Shift sh = new Shift(g);
            float[] wt = LaneConv.packWeights(co, k, wp);
            int[] rows = LaneConv.kernelRows(sh.rowOff);
            Tensor xc = needW && direct != null ? direct.get(this) : null;
            float[] xs = xc != null ? TensorInternals.floats(xc) : cols;
            int xBase = xc != null ? xc.offset() : 0;
            // every element of dx is written (cropped from the padded planes): computed in a pooled buffer
            float[] gx = needX ? ScratchPool.floats(n * inSize) : null;
            int chunks = chunks(n, 2L * co * k * p);
            float[][] partialW = new float[chunks][];
            Parallel.forChunks(chunks, chunks, (c0, c1) -> {
                for (int c = c0; c < c1; c++) {
                    int lo = (int) ((long) n * c / chunks);
                    int hi = (int) ((long) n * (c + 1) / chunks);
                    float[] acc = needW ? new float[k * ld] : null;
                    float[] dyT = needW ? new float[LaneConv.GROUP * p * ld] : null;
                    float[] dyz = needX ? new float[co * LaneConv.bandRow(g.oh(), g.kw(), sh.wp)] : null;
                    float[] dxp = needX ? new float[sh.size + LaneConv.lanes()] : null;
                    for (int s0 = lo; s0 < hi; s0 += LaneConv.GROUP) {
                        int s1 = Math.min(hi, s0 + LaneConv.GROUP);
                        for (int s = s0; s < s1; s++) {
                            int gs = go + s * co * p;
                            if (needW) {
                                LaneConv.transpose(co, p, gd, gs, dyT, (s - s0) * p * ld);
                            }
                            if (needX) {
                                inputGradShifted(sh, wt, co, gd, gs, dyz, dxp, gx, s * inSize);
                            }
                        }
                        if (needW) {
                            LaneConv.weightGradAccumulate(ld, sh.rowOff, rows, g.oh(), g.ow(), sh.wp, s1 - s0, xs, xBase + s0 * sh.size,
                                    sh.size, dyT, acc);
                        }
                    }
                    partialW[c] = acc;
                }
            });
            Tensor gxT = null;
            if (needX) {
                // copied into a fresh array right after allocating it (no zeroing), the buffer handed back
                gxT = TensorInternals.markExclusiveGrad(TensorInternals.wrap(Storage.wrap(java.util.Arrays.copyOf(gx, gx.length)), n, g.channels(), g.h(), g.w()));
                ScratchPool.recycle(gx);
            }
            Tensor gwT = null;
            if (needW) {
                float[] dw = new float[co * k];
                for (float[] part : partialW) {
                    for (int r = 0; r < k; r++) {
                        for (int o = 0; o < co; o++) {
                            dw[o * k + r] += part[r * ld + o];
                        }
                    }
                }
                gwT = TensorInternals.markExclusiveGrad(TensorInternals.wrap(Storage.wrap(dw), weightShape));
            }
            return new Tensor[] {gxT, gwT};
        }

        /**
         * dx of one sample of a stride-1 convolution: the band form ({@link LaneConv#inputGradSample}) on a
         * zeroed padded plane, cropped into {@code gx} at {@code xOff}.
         */
        private void inputGradShifted(Shift sh, float[] wt, int co, float[] gd, int gs, float[] dyz, float[] dxp, float[] gx,
                int xOff) {
            LaneConv.bandRows(co, g.oh(), g.ow(), g.kw(), sh.wp, gd, gs, dyz);
            java.util.Arrays.fill(dxp, 0f);
            LaneConv.inputGradSample(g.channels(), g.kh(), g.kw(), co, g.oh(), sh.hp, sh.wp, wt, dyz, dxp);
            int plane = sh.hp * sh.wp;
            for (int c = 0; c < g.channels(); c++) {
                for (int iy = 0; iy < g.h(); iy++) {
                    System.arraycopy(dxp, c * plane + (iy + g.ph()) * sh.wp + g.pw(), gx, xOff + (c * g.h() + iy) * g.w(), g.w());
                }
            }
        }
    }
}
