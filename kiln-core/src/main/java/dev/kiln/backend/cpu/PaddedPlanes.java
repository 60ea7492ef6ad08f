package dev.kiln.backend.cpu;

import dev.kiln.backend.ConvGeometry;
import java.util.Arrays;

/**
 * The zero-padded layout of one sample's input for a stride-1, undilated convolution (the implicit GEMM
 * of {@link FewChannelConv}): each channel becomes an Hp × Wp plane with {@code Hp = OH + kh − 1},
 * {@code Wp = OW + kw − 1} (padding before and after may differ), so that the tap (c, ky, kx) of the output
 * pixel (oy, ox) reads {@code c·Hp·Wp + ky·Wp + kx + q} at the "wide" position {@code q = oy·Wp + ox}: a
 * fixed shift {@link #rowOff}[t] per tap. A wide row holds OW real outputs followed by kw − 1 columns
 * that are dropped.
 */
final class PaddedPlanes {
    private final ConvGeometry g;
    /** The padded plane height Hp. */
    final int hp;
    /** The padded plane width Wp. */
    final int wp;
    /** The floats of one padded sample, C·Hp·Wp. */
    final int size;
    /** The length of one wide output plane, (OH − 1)·Wp + OW. */
    final int wide;
    /** The shift of each tap (c, ky, kx), in im2col row order: c·Hp·Wp + ky·Wp + kx. */
    final int[] rowOff;

    PaddedPlanes(ConvGeometry g) {
        this.g = g;
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

    /** {@return whether the convolution has no padding: then a sample is its own padded plane, read in place} */
    boolean unpadded() {
        return hp == g.h() && wp == g.w();
    }

    /**
     * One sample (C, H, W) at {@code src[so ..]} written zero-padded into {@code dst[off ..]} (C, Hp, Wp).
     *
     * @param src the input buffer
     * @param so the offset of the sample in {@code src}
     * @param dst the padded buffer
     * @param off the offset of the padded sample in {@code dst}
     */
    void pad(float[] src, int so, float[] dst, int off) {
        Arrays.fill(dst, off, off + size, 0f);
        for (int c = 0; c < g.channels(); c++) {
            for (int yy = 0; yy < g.h(); yy++) {
                System.arraycopy(src, so + (c * g.h() + yy) * g.w(), dst, off + (c * hp + yy + g.ph()) * wp + g.pw(), g.w());
            }
        }
    }

    /**
     * The inverse of {@link #pad}: the image part of a padded sample at {@code src[0 ..]} (C, Hp, Wp) copied
     * into {@code dst[off ..]} (C, H, W).
     *
     * @param src the padded buffer, the sample from 0
     * @param dst the output buffer
     * @param off the offset of the sample in {@code dst}
     */
    void crop(float[] src, float[] dst, int off) {
        int plane = hp * wp;
        for (int c = 0; c < g.channels(); c++) {
            for (int iy = 0; iy < g.h(); iy++) {
                System.arraycopy(src, c * plane + (iy + g.ph()) * wp + g.pw(), dst, off + (c * g.h() + iy) * g.w(), g.w());
            }
        }
    }

    /**
     * dy of one sample (co × OH·OW at {@code src[so ..]}) written as wide rows (co × {@link #wide}, zero in
     * the dropped columns) into {@code dst} from 0.
     *
     * @param co the output channels
     * @param src the output gradient buffer
     * @param so the offset of the sample in {@code src}
     * @param dst the wide rows, written from 0
     */
    void wideRows(int co, float[] src, int so, float[] dst) {
        for (int c = 0; c < co; c++) {
            int d = c * wide;
            int sc = so + c * g.oh() * g.ow();
            for (int oy = 0; oy < g.oh(); oy++) {
                System.arraycopy(src, sc + oy * g.ow(), dst, d + oy * wp, g.ow());
                if (oy + 1 < g.oh()) {
                    Arrays.fill(dst, d + oy * wp + g.ow(), d + (oy + 1) * wp, 0f);
                }
            }
        }
    }

    /**
     * dy of one sample (co × OH·OW at {@code src[so ..]}) written as the wide transposed dyᵀ
     * ({@link #wide} × ld, zero in the dropped columns and for channels ≥ co) at {@code dst[off ..]}.
     *
     * @param co the output channels
     * @param src the output gradient buffer
     * @param so the offset of the sample in {@code src}
     * @param dst the transposed buffer
     * @param off the offset of the sample's block in {@code dst}
     * @param ld the row stride of the transposed block (≥ co)
     */
    void transposeWide(int co, float[] src, int so, float[] dst, int off, int ld) {
        Arrays.fill(dst, off, off + wide * ld, 0f);
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
