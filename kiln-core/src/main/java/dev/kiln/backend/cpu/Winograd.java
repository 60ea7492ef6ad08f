package dev.kiln.backend.cpu;

import dev.kiln.backend.ConvGeometry;

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
 * (about {@link #CHUNK_TILES}, so that V and M stay in cache; chunks spread over threads, or the 16
 * GEMMs when there is one chunk). The input gradient of such a convolution is the same algorithm on
 * the output gradient with the kernel flipped and its channel axes swapped, padding 2 − p.
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
     * write one element to each plane per tile, and with planes a multiple of 4 KiB apart the 16 streams
     * would share one L1 set (4K aliasing; measured 3–4× slower transforms without it).
     */
    private static final int PLANE_PAD = 16;
    /** Fewest tiles of one chunk for which the 16 narrow GEMMs still run near the GEMM rate. */
    static final int MIN_TILES = 64;

    private Winograd() {
    }

    /**
     * Whether a convolution with this geometry runs here: 3×3, stride 1, no dilation, one group, enough
     * channels and tiles, more than one sample.
     */
    static boolean suits(ConvGeometry g, int batch, int co, int groups) {
        // batch 1 stays with the im2col path: its transforms would run on one thread (W9 batch 1, 2 threads:
        // 26.3 ms with Winograd against 25.5 without)
        return threeByThree(g, groups) && g.channels() >= MIN_CHANNELS && co >= MIN_CHANNELS && batch > 1
                && (long) batch * tiles(g.oh()) * tiles(g.ow()) >= MIN_TILES;
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
        return (size + 1) / 2;
    }

    /** The geometry of the input gradient as a convolution of the output gradient (C_out → C channels). */
    private static ConvGeometry flipped(ConvGeometry g, int co) {
        return new ConvGeometry(co, g.oh(), g.ow(), 3, 3, 1, 1, 2 - g.ph(), 2 - g.pw(), 1, 1, g.h(), g.w());
    }

    /** y (N, C_out, oh, ow), written from 0 = conv(x, w) + bias, for a geometry that {@link #suits}. */
    static void forward(ConvGeometry g, int batch, int co, float[] x, int xo, float[] w, int wo, float[] bias, int bo,
            float[] y) {
        float[] u = ScratchPool.floats(16 * (co * g.channels() + PLANE_PAD));
        transformWeights(co, g.channels(), w, wo, 9 * g.channels(), 9, u);
        run(g, batch, co, x, xo, u, bias, bo, y);
        ScratchPool.recycle(u);
    }

    /**
     * dx (N, C, H, W), written from 0 = the input gradient of the convolution {@code g} with C_out = co,
     * for a geometry that {@link #suitsBackwardInput}: conv(dy, w') with w'[c, o, i, j] = w[o, c, 2 − i, 2 − j].
     */
    static void backwardInput(ConvGeometry g, int batch, int co, float[] dy, int dyo, float[] w, int wo, float[] dx) {
        int c = g.channels();
        float[] u = ScratchPool.floats(16 * (co * c + PLANE_PAD));
        // w' (C, C_out, 3, 3): element (c, o, i, j) is w[o, c, 2 − i, 2 − j], i.e. w at wo + o·9C + c·9 + 8 − (3i + j)
        transformFlipped(c, co, w, wo, u);
        run(flipped(g, co), batch, c, dy, dyo, u, null, 0, dx);
        ScratchPool.recycle(u);
    }

    /**
     * U_e[o, c] for e &lt; 16: the 4×4 transform G·g·Gᵀ of each 3×3 kernel g = w[wo + o·oStride + c·cStride + (0..8)],
     * written at {@code u[e·(co·ci + PLANE_PAD) + o·ci + c]}.
     */
    private static void transformWeights(int co, int ci, float[] w, int wo, int oStride, int cStride, float[] u) {
        float[] k = new float[9];
        for (int o = 0; o < co; o++) {
            for (int c = 0; c < ci; c++) {
                System.arraycopy(w, wo + o * oStride + c * cStride, k, 0, 9);
                transformKernel(k, u, o * ci + c, co * ci + PLANE_PAD);
            }
        }
    }

    /** {@link #transformWeights} of the flipped, channel-swapped kernel of {@link #backwardInput}. */
    private static void transformFlipped(int c, int co, float[] w, int wo, float[] u) {
        float[] k = new float[9];
        for (int ci = 0; ci < c; ci++) {
            for (int o = 0; o < co; o++) {
                int src = wo + (o * c + ci) * 9;
                for (int t = 0; t < 9; t++) {
                    k[t] = w[src + 8 - t];
                }
                // in the flipped convolution ci is the output channel and o the input channel
                transformKernel(k, u, ci * co + o, c * co + PLANE_PAD);
            }
        }
    }

    /** Writes G·k·Gᵀ of the row-major 3×3 kernel k to {@code u[at + e·stride]}, e = 4·row + column. */
    private static void transformKernel(float[] k, float[] u, int at, int stride) {
        float[] t = new float[12]; // G·k, 4×3
        for (int j = 0; j < 3; j++) {
            float g0 = k[j], g1 = k[3 + j], g2 = k[6 + j];
            t[j] = g0;
            t[3 + j] = 0.5f * (g0 + g1 + g2);
            t[6 + j] = 0.5f * (g0 - g1 + g2);
            t[9 + j] = g2;
        }
        for (int r = 0; r < 4; r++) {
            float g0 = t[3 * r], g1 = t[3 * r + 1], g2 = t[3 * r + 2];
            u[at + (4 * r) * stride] = g0;
            u[at + (4 * r + 1) * stride] = 0.5f * (g0 + g1 + g2);
            u[at + (4 * r + 2) * stride] = 0.5f * (g0 - g1 + g2);
            u[at + (4 * r + 3) * stride] = g2;
        }
    }

    /** The convolution with the transformed weights u (16 planes (co, C), each PLANE_PAD floats longer), chunk by chunk. */
    private static void run(ConvGeometry g, int batch, int co, float[] x, int xo, float[] u, float[] bias, int bo, float[] y) {
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
                    chunk(g, co, x, xo, u, bias, bo, y, ch * samples, Math.min(batch, (ch + 1) * samples), false);
                }
            });
        } else {
            for (int ch = 0; ch < chunks; ch++) {
                chunk(g, co, x, xo, u, bias, bo, y, ch * samples, Math.min(batch, (ch + 1) * samples), true);
            }
        }
    }

    /** Samples [n0, n1): transform the input tiles, 16 GEMMs, transform back into y. */
    private static void chunk(ConvGeometry g, int co, float[] x, int xo, float[] u, float[] bias, int bo, float[] y,
            int n0, int n1, boolean threadedProducts) {
        int c = g.channels();
        int tw = tiles(g.ow()), perSample = tiles(g.oh()) * tw;
        int nt = (n1 - n0) * perSample;
        int us = co * c + PLANE_PAD, vs = c * nt + PLANE_PAD, ms = co * nt + PLANE_PAD;
        float[] v = ScratchPool.floats(16 * vs);
        float[] m = ScratchPool.floats(16 * ms);
        inputTransform(g, x, xo, n0, n1, v, nt, vs);
        if (threadedProducts) {
            Parallel.forChunks(16, Math.min(16, Parallel.threads()), (lo, hi) -> {
                for (int e = lo; e < hi; e++) {
                    Gemm.sgemmSerial(co, nt, c, 1f, u, e * us, c, 1, v, e * vs, nt, 1, 0f, m, e * ms, nt);
                }
            });
        } else {
            for (int e = 0; e < 16; e++) {
                Gemm.sgemmSerial(co, nt, c, 1f, u, e * us, c, 1, v, e * vs, nt, 1, 0f, m, e * ms, nt);
            }
        }
        ScratchPool.recycle(v);
        outputTransform(g, co, m, nt, ms, bias, bo, y, n0, n1);
        ScratchPool.recycle(m);
    }

    /** V_e[c, t] = (Bᵀ d B)[e] for the 4×4 input block d of tile t, at {@code v[e·stride + c·nt + t]}. */
    private static void inputTransform(ConvGeometry g, float[] x, int xo, int n0, int n1, float[] v, int nt, int stride) {
        int c = g.channels(), h = g.h(), w = g.w();
        int th = tiles(g.oh()), tw = tiles(g.ow());
        float[] d = new float[16];
        for (int n = n0; n < n1; n++) {
            for (int ch = 0; ch < c; ch++) {
                int plane = xo + (n * c + ch) * h * w;
                int row = ch * nt + (n - n0) * th * tw;
                for (int ty = 0; ty < th; ty++) {
                    int iy0 = 2 * ty - g.ph();
                    for (int tx = 0; tx < tw; tx++) {
                        int ix0 = 2 * tx - g.pw();
                        int at = row + ty * tw + tx;
                        if (iy0 >= 0 && iy0 + 4 <= h && ix0 >= 0 && ix0 + 4 <= w) {
                            transformTile(x, plane + iy0 * w + ix0, w, v, at, stride);
                        } else {
                            for (int r = 0; r < 4; r++) {
                                int iy = iy0 + r;
                                for (int q = 0; q < 4; q++) {
                                    int ix = ix0 + q;
                                    d[4 * r + q] = iy >= 0 && iy < h && ix >= 0 && ix < w ? x[plane + iy * w + ix] : 0f;
                                }
                            }
                            transformTile(d, 0, 4, v, at, stride);
                        }
                    }
                }
            }
        }
    }

    /**
     * Writes Bᵀ·d·B of the 4×4 block d (rows {@code ld} apart from {@code x[at0]}) to {@code v[at + e·stride]},
     * e = 4·row + column.
     */
    private static void transformTile(float[] x, int at0, int ld, float[] v, int at, int stride) {
        int r1 = at0 + ld, r2 = r1 + ld, r3 = r2 + ld;
        // Bᵀ·d, column by column: rows d0 − d2, d1 + d2, d2 − d1, d1 − d3
        float d00 = x[at0], d10 = x[r1], d20 = x[r2], d30 = x[r3];
        float c00 = d00 - d20, c10 = d10 + d20, c20 = d20 - d10, c30 = d10 - d30;
        float d01 = x[at0 + 1], d11 = x[r1 + 1], d21 = x[r2 + 1], d31 = x[r3 + 1];
        float c01 = d01 - d21, c11 = d11 + d21, c21 = d21 - d11, c31 = d11 - d31;
        float d02 = x[at0 + 2], d12 = x[r1 + 2], d22 = x[r2 + 2], d32 = x[r3 + 2];
        float c02 = d02 - d22, c12 = d12 + d22, c22 = d22 - d12, c32 = d12 - d32;
        float d03 = x[at0 + 3], d13 = x[r1 + 3], d23 = x[r2 + 3], d33 = x[r3 + 3];
        float c03 = d03 - d23, c13 = d13 + d23, c23 = d23 - d13, c33 = d13 - d33;
        // (Bᵀ·d)·B, row by row, the same combinations of the columns
        storeRow(v, at, stride, c00, c01, c02, c03);
        storeRow(v, at + 4 * stride, stride, c10, c11, c12, c13);
        storeRow(v, at + 8 * stride, stride, c20, c21, c22, c23);
        storeRow(v, at + 12 * stride, stride, c30, c31, c32, c33);
    }

    /** One row of (Bᵀ·d)·B from the row (c0, c1, c2, c3) of Bᵀ·d, four planes apart by {@code stride}. */
    private static void storeRow(float[] v, int at, int stride, float c0, float c1, float c2, float c3) {
        v[at] = c0 - c2;
        v[at + stride] = c1 + c2;
        v[at + 2 * stride] = c2 - c1;
        v[at + 3 * stride] = c1 - c3;
    }

    /** y[n, o, 2ty + a, 2tx + b] = bias[o] + (Aᵀ M A)[a, b] of tile t, for the positions inside the output. */
    private static void outputTransform(ConvGeometry g, int co, float[] m, int nt, int stride, float[] bias, int bo, float[] y,
            int n0, int n1) {
        int oh = g.oh(), ow = g.ow();
        int th = tiles(oh), tw = tiles(ow);
        for (int n = n0; n < n1; n++) {
            for (int o = 0; o < co; o++) {
                float b = bias == null ? 0f : bias[bo + o];
                int plane = (n * co + o) * oh * ow;
                int row = o * nt + (n - n0) * th * tw;
                for (int ty = 0; ty < th; ty++) {
                    for (int tx = 0; tx < tw; tx++) {
                        int at = row + ty * tw + tx;
                        // Aᵀ·M, column by column: rows m0 + m1 + m2, m1 − m2 − m3
                        float m00 = m[at], m10 = m[at + 4 * stride], m20 = m[at + 8 * stride], m30 = m[at + 12 * stride];
                        float t00 = m00 + m10 + m20, t10 = m10 - m20 - m30;
                        float m01 = m[at + 1 * stride], m11 = m[at + 5 * stride], m21 = m[at + 9 * stride], m31 = m[at + 13 * stride];
                        float t01 = m01 + m11 + m21, t11 = m11 - m21 - m31;
                        float m02 = m[at + 2 * stride], m12 = m[at + 6 * stride], m22 = m[at + 10 * stride], m32 = m[at + 14 * stride];
                        float t02 = m02 + m12 + m22, t12 = m12 - m22 - m32;
                        float m03 = m[at + 3 * stride], m13 = m[at + 7 * stride], m23 = m[at + 11 * stride], m33 = m[at + 15 * stride];
                        float t03 = m03 + m13 + m23, t13 = m13 - m23 - m33;
                        // (Aᵀ·M)·A, row by row
                        float y00 = b + t00 + t01 + t02, y01 = b + t01 - t02 - t03;
                        float y10 = b + t10 + t11 + t12, y11 = b + t11 - t12 - t13;
                        int oy = 2 * ty, ox = 2 * tx;
                        int dst = plane + oy * ow + ox;
                        if (oy + 1 < oh && ox + 1 < ow) {
                            y[dst] = y00;
                            y[dst + 1] = y01;
                            y[dst + ow] = y10;
                            y[dst + ow + 1] = y11;
                        } else {
                            y[dst] = y00;
                            if (ox + 1 < ow) {
                                y[dst + 1] = y01;
                            }
                            if (oy + 1 < oh) {
                                y[dst + ow] = y10;
                                if (ox + 1 < ow) {
                                    y[dst + ow + 1] = y11;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
