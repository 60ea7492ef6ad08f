package dev.kiln.backend.cpu;

import dev.kiln.backend.ConvGeometry;
import dev.kiln.backend.Workspace;

/**
 * Winograd's minimal filtering F(2×2, 3×3) for 3×3 convolutions with stride 1 and no dilation
 * (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks", 2016): each 2×2 block of output
 * ("tile") comes from the 4×4 block of input around it with 16 multiplications per input channel instead
 * of 36, 2.25× fewer:
 * <pre>
 *   Y = Aᵀ [ Σ_c (G g_{o,c} Gᵀ) ⊙ (Bᵀ d_{c} B) ] A
 *   G  = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]
 *   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]
 *   Aᵀ = [1 1 1 0; 0 1 −1 −1]
 * </pre>
 * The sum over channels is 16 GEMMs, one per position e of the 4×4 transformed tile:
 * {@code M_e (C_out, T) = U_e (C_out, C) · V_e (C, T)} over the T tiles of a chunk of samples
 * (about {@link #CHUNK_TILES}, so that V and M stay in cache; chunks spread over threads, or, when there
 * is one chunk (batch 1), the input transform by channel, the 16 GEMMs and the output transform by
 * output channel). The kernels are transformed once per call, on all threads. The input gradient of
 * such a convolution is the same algorithm on the output gradient with the kernel flipped and its
 * channel axes swapped, padding 2 − p, whose transform is the forward one permuted ({@link #FLIPPED});
 * the weight gradient runs the 16 GEMMs over the tiles ({@link #backwardWeight}). The transforms
 * themselves are in {@link WinogradTransforms}.
 *
 * <p>Rounding: the transforms only add, subtract and halve, so the result is within a few float32 ulps
 * of the direct sum of the same terms (checked against the float64 reference in {@code CpuBackendTest}).
 */
final class Winograd {
    /** Tiles a chunk aims at. */
    static final int CHUNK_TILES = 512;
    /** Fewest channels on either side for which the transforms pay. */
    static final int MIN_CHANNELS = 16;
    /**
     * Floats between the end of one of the 16 planes of V (or M) and the start of the next: the transforms
     * write (or read) one element, or one vector, of each plane in turn, and with planes a multiple of 4 KiB
     * apart the 16 streams would share one L1 set (4K aliasing; measured 3–4× slower scalar transforms
     * without it).
     */
    private static final int PLANE_PAD = 16;
    /** Fewest tiles of one chunk for which the 16 narrow GEMMs still run near the GEMM rate. */
    static final int MIN_TILES = 64;

    private Winograd() {
    }

    /**
     * Whether a convolution with this geometry runs here: 3×3, stride 1, no dilation, one group, enough
     * channels and tiles. Batch 1 included since the transforms split over threads (2 threads, wall ms,
     * Winograd against im2col: 64→64 at 32×32 0.53 against 0.97, 128→128 at 16×16 0.75 against 0.92; the
     * 16 and 4 tiles of 8×8 and 4×4 planes stay below {@link #MIN_TILES}, where im2col is 1.5–5× faster).
     */
    static boolean suits(ConvGeometry g, int batch, int co, int groups) {
        return threeByThree(g, groups) && g.channels() >= MIN_CHANNELS && co >= MIN_CHANNELS
                && (long) batch * tiles(g.oh()) * tiles(g.ow()) >= MIN_TILES;
    }

    /**
     * Whether the weight gradient of such a convolution runs here: one that {@link #suits}, on planes of at
     * most 8×8 outputs. Measured per layer (batch 32, 1 thread, CPU ms, Winograd against im2col + GEMM):
     * 256→256 at 8×8 16.5 against 22.7, 512→512 at 4×4 14.2 against 22.3, but 64→64 at 32×32 and 128→128 at
     * 16×16 even (34–41 against 32–41): there the 16 narrow GEMMs gather their transposed V operand.
     */
    static boolean suitsBackwardWeight(ConvGeometry g, int batch, int co, int groups) {
        return suits(g, batch, co, groups) && g.oh() * g.ow() <= 64;
    }

    private static boolean threeByThree(ConvGeometry g, int groups) {
        return groups == 1 && g.kh() == 3 && g.kw() == 3 && g.sh() == 1 && g.sw() == 1 && g.dh() == 1 && g.dw() == 1;
    }

    /**
     * Whether the input gradient of such a convolution runs here: the flipped convolution of the output
     * gradient needs a padding 2 − p ≥ 0.
     */
    static boolean suitsBackwardInput(ConvGeometry g, int batch, int co, int groups) {
        return threeByThree(g, groups) && g.ph() <= 2 && g.pw() <= 2 && suits(flipped(g, co), batch, g.channels(), groups);
    }

    private static int tiles(int size) {
        return WinogradTransforms.tiles(size);
    }

    /** The geometry of the input gradient as a convolution of the output gradient (C_out → C channels). */
    private static ConvGeometry flipped(ConvGeometry g, int co) {
        return new ConvGeometry(co, g.oh(), g.ow(), 3, 3, 1, 1, 2 - g.ph(), 2 - g.pw(), 1, 1, g.h(), g.w());
    }

    /** y (N, C_out, oh, ow), written from 0 = conv(x, w) + bias, for a geometry that {@link #suits}. */
    static void forward(ConvGeometry g, int batch, int co, float[] x, int xo, float[] w, int wo, float[] bias, int bo,
            float[] y) {
        int ci = g.channels();
        float[] u = transformWeights(co * ci, w, wo);
        run(g, batch, co, x, xo, new Kernels(u, co * ci + PLANE_PAD, ci, 1, false), bias, bo, y);
        Workspace.recycle(u);
    }

    /**
     * dx (N, C, H, W), written from 0 = the input gradient of the convolution {@code g} with C_out = co,
     * for a geometry that {@link #suitsBackwardInput}: conv(dy, w') with w'[c, o, i, j] = w[o, c, 2 − i, 2 − j].
     * Its transformed kernels are those of the forward pass, read transposed and permuted ({@link #FLIPPED}).
     */
    static void backwardInput(ConvGeometry g, int batch, int co, float[] dy, int dyo, float[] w, int wo, float[] dx) {
        int c = g.channels();
        float[] u = transformWeights(co * c, w, wo);
        run(flipped(g, co), batch, c, dy, dyo, new Kernels(u, co * c + PLANE_PAD, 1, c, true), null, 0, dx);
        Workspace.recycle(u);
    }

    /**
     * dw (C_out, C, 3, 3), written from 0 = the weight gradient Σ_n Σ_(oy,ox) dy[n, o, oy, ox]·x[n, c, oy + i − p, ox + j − p]
     * of a convolution that {@link #suitsBackwardWeight}: with Y = Aᵀ[U ⊙ V]A per tile, dU_e[o, c] = Σ_t (A·dY_t·Aᵀ)[e]·V_e[c, t]
     * (16 GEMMs over the tiles, accumulated chunk by chunk) and dw = Gᵀ·dU·G.
     */
    static void backwardWeight(ConvGeometry g, int batch, int co, float[] x, int xo, float[] dy, int dyo, float[] dw) {
        int c = g.channels(), pairs = co * c, us = pairs + PLANE_PAD;
        int perSample = tiles(g.oh()) * tiles(g.ow());
        int per = Math.max(1, Math.min(batch, (CHUNK_TILES + perSample - 1) / perSample));
        int t = Parallel.threads();
        float[] du = Workspace.floats(16 * us);
        for (int n0 = 0; n0 < batch; n0 += per) {
            int first = n0, n1 = Math.min(batch, n0 + per), nt = (n1 - n0) * perSample;
            int vs = c * nt + PLANE_PAD, ws = co * nt + PLANE_PAD;
            float[] v = Workspace.floats(16 * vs);
            float[] w = Workspace.floats(16 * ws);
            // both transforms in one parallel region: items [0, c) are input channels, [c, c + co) output channels
            Parallel.forChunks(c + co, Math.min(t, c + co), (lo, hi) -> {
                if (lo < c) {
                    WinogradTransforms.inputs(g, x, xo, first, n1, lo, Math.min(hi, c), v, nt, vs);
                }
                if (hi > c) {
                    WinogradTransforms.outputGradients(g, co, dy, dyo, first, Math.max(lo, c) - c, hi - c, w, nt, ws);
                }
            });
            float beta = n0 == 0 ? 0f : 1f;
            Parallel.forChunks(16, Math.min(16, t), (lo, hi) -> {
                Scratch scratch = Scratch.borrow();
                for (int e = lo; e < hi; e++) {
                    Gemm.sgemmSerial(scratch, co, c, nt, 1f, w, e * ws, nt, 1, v, e * vs, 1, nt, beta, du, e * us, c);
                }
                scratch.release();
            });
            Workspace.recycle(v);
            Workspace.recycle(w);
        }
        Parallel.forRange(pairs, KERNEL_GRAIN, (lo, hi) -> WinogradTransforms.kernelGradients(du, us, lo, hi, dw, 0));
        Workspace.recycle(du);
    }

    /**
     * The plane of U that holds element e of the transformed flipped kernel: G·flip(g)·Gᵀ = P·(G·g·Gᵀ)·P
     * with P the 4×4 exchange of rows 0 and 3 (G's first and last rows swap when g's rows are reversed,
     * its middle rows are symmetric), so element (r, s) is element (p(r), p(s)) of the forward transform,
     * p = (3, 1, 2, 0).
     */
    static final int[] FLIPPED = flippedPlanes();

    private static int[] flippedPlanes() {
        int[] p = {3, 1, 2, 0};
        int[] e = new int[16];
        for (int r = 0; r < 4; r++) {
            for (int s = 0; s < 4; s++) {
                e[4 * r + s] = 4 * p[r] + p[s];
            }
        }
        return e;
    }

    /**
     * The transformed kernels of one call: U_e (rows, cols) at {@code u[plane(e)·stride + i·rowStride + j·colStride]}
     * (the forward pass's (C_out, C) planes, or their transposes in flipped order for the input gradient).
     */
    private record Kernels(float[] u, int stride, int rowStride, int colStride, boolean flipped) {
        int offset(int e) {
            return (flipped ? FLIPPED[e] : e) * stride;
        }
    }

    /**
     * The 16 planes U_e (C_out, C) of the kernels of a (C_out, C, 3, 3) weight tensor at w[wo], each
     * PLANE_PAD floats longer than C_out·C, transformed on all threads.
     */
    static float[] transformWeights(int pairs, float[] w, int wo) {
        int stride = pairs + PLANE_PAD;
        float[] u = Workspace.floats(16 * stride);
        Parallel.forRange(pairs, KERNEL_GRAIN, (lo, hi) -> WinogradTransforms.kernels(w, wo, lo, hi, u, stride));
        return u;
    }

    /** Kernels one thread transforms at least. */
    private static final int KERNEL_GRAIN = 1024;

    /** The convolution with the transformed kernels, chunk by chunk. */
    private static void run(ConvGeometry g, int batch, int co, float[] x, int xo, Kernels k, float[] bias, int bo, float[] y) {
        int perSample = tiles(g.oh()) * tiles(g.ow());
        int t = Parallel.threads();
        int per = Math.max(1, Math.min(batch, (CHUNK_TILES + perSample - 1) / perSample));
        if (t > 1 && (batch + per - 1) / per < t && batch >= t && (long) perSample * (batch / t) >= MIN_TILES) {
            per = (batch + t - 1) / t;
        }
        int samples = per;
        int chunks = (batch + per - 1) / per;
        if (t > 1 && chunks >= t) {
            Parallel.forChunks(chunks, Math.min(t, chunks), (lo, hi) -> {
                for (int ch = lo; ch < hi; ch++) {
                    chunk(g, co, x, xo, k, bias, bo, y, ch * samples, Math.min(batch, (ch + 1) * samples), false);
                }
            });
        } else {
            for (int ch = 0; ch < chunks; ch++) {
                chunk(g, co, x, xo, k, bias, bo, y, ch * samples, Math.min(batch, (ch + 1) * samples), true);
            }
        }
    }

    /**
     * Samples [n0, n1): transform the input tiles, 16 GEMMs, transform back into y; with {@code threaded}, each of
     * the three steps split over the threads (by input channel, plane, output channel).
     */
    private static void chunk(ConvGeometry g, int co, float[] x, int xo, Kernels k, float[] bias, int bo, float[] y,
            int n0, int n1, boolean threaded) {
        int c = g.channels();
        int nt = (n1 - n0) * tiles(g.oh()) * tiles(g.ow());
        int vs = c * nt + PLANE_PAD, ms = co * nt + PLANE_PAD;
        float[] v = Workspace.floats(16 * vs);
        float[] m = Workspace.floats(16 * ms);
        if (threaded) {
            int t = Parallel.threads();
            Parallel.forChunks(c, Math.min(t, c), (lo, hi) -> WinogradTransforms.inputs(g, x, xo, n0, n1, lo, hi, v, nt, vs));
            Parallel.forChunks(16, Math.min(16, t), (lo, hi) -> {
                Scratch scratch = Scratch.borrow();
                for (int e = lo; e < hi; e++) {
                    product(scratch, co, nt, c, k, v, vs, m, ms, e);
                }
                scratch.release();
            });
            Parallel.forChunks(co, Math.min(t, co),
                    (lo, hi) -> WinogradTransforms.outputs(g, co, m, nt, ms, bias, bo, y, n0, lo, hi));
        } else {
            WinogradTransforms.inputs(g, x, xo, n0, n1, 0, c, v, nt, vs);
            Scratch scratch = Scratch.borrow();
            for (int e = 0; e < 16; e++) {
                product(scratch, co, nt, c, k, v, vs, m, ms, e);
            }
            scratch.release();
            WinogradTransforms.outputs(g, co, m, nt, ms, bias, bo, y, n0, 0, co);
        }
        Workspace.recycle(v);
        Workspace.recycle(m);
    }

    /** M_e (C_out, T) = U_e (C_out, C) · V_e (C, T), plane e of {@code m}, on this thread, packing into {@code scratch}. */
    private static void product(Scratch scratch, int co, int nt, int c, Kernels k, float[] v, int vs, float[] m, int ms, int e) {
        Gemm.sgemmSerial(scratch, co, nt, c, 1f, k.u(), k.offset(e), k.rowStride(), k.colStride(), v, e * vs, nt, 1, 0f, m,
                e * ms, nt);
    }
}
