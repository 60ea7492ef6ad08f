package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.Gemm.NR;

import dev.kiln.backend.ConvGeometry;
import dev.kiln.backend.Workspace;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The transposed im2col matrix of a run of samples for the weight gradient, packed from a channels-last copy
 * of the images. The weight gradient {@code dW = dY · colᵀ} sums over the output positions, which are the
 * contiguous axis of both dY (C_out, P) and of the image rows that make up col; packing colᵀ from (C, H, W)
 * planes therefore gathers down columns ({@link ImplicitColumns}: 60–80 GFLOP/s for 64 channels at 32×32
 * where the same GEMM with a row-major B runs at 130). Here the chunk's samples are first copied, once, into
 * a zero-bordered (n, H + 2·ph, W + 2·pw, C) array, and the columns of colᵀ are taken in the order
 * {@code q = (i·kw + j)·C + c}: then NR consecutive columns are NR consecutive channels of one tap, one
 * contiguous run of the copy, and every sliver of B is packed with two vector copies per position, for any
 * stride (the windows of a stride-2 convolution are as contiguous as those of stride 1). The product is
 * {@code dW'[o, q]}, in this column order; {@link #toKernelOrder} permutes it into (C_out, C, kh, kw).
 *
 * <p>{@code B[p, q] = x[n, c, oy·sh − ph + i·dh, ox·sw − pw + j·dw]} (0 in the padding) for the position
 * {@code p = (n − n0)·oh·ow + oy·ow + ox} and the column {@code q = (i·kw + j)·C + c}.
 */
final class ChannelsLastColumns implements PackedB {
    private static final VectorSpecies<Float> S = FloatVectors.S;
    private static final int L = S.length();

    private final ConvGeometry g;
    /** The channels-last copy (pooled). */
    private final float[] xt;
    /** Columns of the bordered copy: W + 2·pw. */
    private final int wp;
    /** Floats of one bordered sample: (H + 2·ph)·(W + 2·pw)·C. */
    private final int image;

    private ChannelsLastColumns(ConvGeometry g, float[] xt, int wp, int image) {
        this.g = g;
        this.xt = xt;
        this.wp = wp;
        this.image = image;
    }

    /**
     * Whether a weight gradient with this geometry runs here: one group, more than one tap, and channels a
     * multiple of NR (every sliver of B one tap's run of channels) and of the vector length (the transposition's
     * tiles). A 1×1 kernel stays with the column buffer (stride 2, batch 32, 1 thread: 64→128 at 32×32 2.2 ms
     * there against 3.2 here, where the copy transposes the whole image and the GEMM reads a quarter of it).
     */
    static boolean suits(ConvGeometry g, int groups) {
        return groups == 1 && g.kh() * g.kw() > 1 && g.channels() % NR == 0 && g.inPlane() % L == 0;
    }

    /** The channels-last, zero-bordered copy of the samples [n0, n1) of the images (N, C, H, W) at {@code x[xo]}. */
    static ChannelsLastColumns of(ConvGeometry g, float[] x, int xo, int n0, int n1) {
        int c = g.channels(), h = g.h(), w = g.w(), plane = g.inPlane();
        int hp = h + 2 * g.ph(), wp = w + 2 * g.pw();
        int image = hp * wp * c;
        float[] xt = Workspace.floats((n1 - n0) * image);
        Scratch scratch = Scratch.borrow();
        float[] tile = scratch.tile(L * L); // the L×L block of the transposition (channels × positions)
        for (int n = n0; n < n1; n++) {
            int dst = (n - n0) * image;
            // the border: whole rows above and below, pw columns left and right of every image row
            Arrays.fill(xt, dst, dst + g.ph() * wp * c, 0f);
            Arrays.fill(xt, dst + (g.ph() + h) * wp * c, dst + image, 0f);
            for (int y = 0; y < h; y++) {
                int row = dst + (g.ph() + y) * wp * c;
                Arrays.fill(xt, row, row + g.pw() * c, 0f);
                Arrays.fill(xt, row + (g.pw() + w) * c, row + wp * c, 0f);
            }
            int src = xo + n * c * plane;
            // L channels × L positions at a time: L row loads into the tile (in L1), read back down its columns
            // (scalar: as fast as L-lane gathers from the tile, 19.0 against 19.1 ms for the 64→64 weight gradient)
            for (int c0 = 0; c0 < c; c0 += L) {
                for (int p0 = 0; p0 < plane; p0 += L) {
                    for (int l = 0; l < L; l++) {
                        FloatVector.fromArray(S, x, src + (c0 + l) * plane + p0).intoArray(tile, l * L);
                    }
                    int y = p0 / w, xx = p0 - y * w;
                    for (int l = 0; l < L; l++) {
                        int at = dst + ((g.ph() + y) * wp + g.pw() + xx) * c + c0;
                        for (int q = 0; q < L; q++) {
                            xt[at + q] = tile[q * L + l];
                        }
                        if (++xx == w) {
                            xx = 0;
                            y++;
                        }
                    }
                }
            }
        }
        scratch.release();
        return new ChannelsLastColumns(g, xt, wp, image);
    }

    @Override
    public void pack(int p0, int kc, int j0, int nc, float[] bp, int d, Scratch scratch) {
        int c = g.channels(), ow = g.ow(), plane = g.outPlane();
        int[] base = scratch.offsets(kc);
        // the copy's offset of window (oy, ox)'s top-left tap, position by position
        int n = p0 / plane, oy = (p0 - n * plane) / ow, ox = p0 - n * plane - oy * ow;
        int colStep = g.sw() * c, rowStep = g.sh() * wp * c;
        int at = n * image + oy * rowStep + ox * colStep;
        for (int p = 0; p < kc; p++) {
            base[p] = at;
            at += colStep;
            if (++ox == ow) {
                ox = 0;
                at += rowStep - ow * colStep;
                if (++oy == g.oh()) {
                    oy = 0;
                    n++;
                    at = n * image;
                }
            }
        }
        for (int s = 0; s < nc; s += NR) {
            int q = j0 + s;
            int tap = q / c, ch = q - tap * c;
            int i = tap / g.kw(), j = tap - i * g.kw();
            int off = (i * g.dh() * wp + j * g.dw()) * c + ch;
            int ds = d + s * kc;
            for (int p = 0; p < kc; p++) {
                int src = base[p] + off;
                FloatVector.fromArray(S, xt, src).intoArray(bp, ds);
                FloatVector.fromArray(S, xt, src + L).intoArray(bp, ds + L);
                ds += NR;
            }
        }
    }

    /** Hands the copy back to the bound workspace. */
    void release() {
        Workspace.recycle(xt);
    }

    /**
     * {@code dw[o, c, i, j] = acc[o, (i·kw + j)·C + c]}: the weight gradient in the order of the weights, from the
     * product's column order; rows [o0, o1) only.
     */
    static void toKernelOrder(ConvGeometry g, float[] acc, float[] dw, int o0, int o1) {
        int c = g.channels(), taps = g.kh() * g.kw(), k = c * taps;
        for (int o = o0; o < o1; o++) {
            int row = o * k;
            for (int tap = 0; tap < taps; tap++) {
                int src = row + tap * c;
                for (int ch = 0; ch < c; ch++) {
                    dw[row + ch * taps + tap] = acc[src + ch];
                }
            }
        }
    }
}
