package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct float32 kernels for one stride-1, undilated 2-D convolution with C input channels, kernel
 * kh × kw and few output channels, on a zero-padded input plane hp × wp per channel (so that no tap
 * reads outside it; {@code wp = ow + kw − 1}, {@code hp = oh + kh − 1}). A tap t = (c, ky, kx) reads
 * the padded input at the shift {@code tapOff[t] = c·hp·wp + ky·wp + kx} from the output pixel's own
 * offset {@code oy·wp + ox}.
 *
 * <ul>
 *   <li>{@link #forwardSample}: {@code y[o, p] = b[o] + Σ_t W[o, t]·x[tapOff[t] + pix(p)]} with the
 *       output channels in vector lanes (no lane wasted when C_out fills whole vectors: 16 channels are
 *       one AVX-512 vector). A tile is two runs of R contiguous output pixels (R in 4..8, fitted to the
 *       row width among the sizes {@link LaneConvKernels#hasForwardTile} has); each step loads the
 *       weights of one tap, or of a whole kernel row for kernel widths 3 and 5, and adds them times
 *       broadcast inputs at constant distances to the tile's accumulators (for a kernel row, each
 *       broadcast input feeds up to kw taps). The accumulators are scattered into (C_out, P).</li>
 *   <li>{@link #weightGradAccumulate}: {@code dW[o, t] += Σ_{s,p} dY_s[o, p]·x_s[tapOff[t] + pix(p)]},
 *       also with the output channels in lanes (dY gathered to (P, ld) by {@link #transpose}): two
 *       samples at a time, the accumulators of two kernel rows (widths 3 and 5) or of eight taps in
 *       registers across a group of samples.</li>
 *   <li>{@link #inputGradSample}: the adjoint of the forward for one sample,
 *       {@code dxp[c, ky·wp + u] += Σ_{o,kx} W[o, c, ky, kx]·dY[o, u − kx]} (u along the flattened
 *       "wide" output rows of length wp), with pixels in lanes: a band of vectors of dxp for six or three
 *       input channels stays in registers while the output channels and kx run.</li>
 * </ul>
 * The fixed-size kernels (one per tile shape, their accumulators in named locals so that they live in
 * registers) are generated into {@link LaneConvKernels}; this class holds the drivers that cut the work
 * into their tiles.
 *
 * Weights are packed by {@link #packWeights} as {@code wt[t·ld + o]} with ld a multiple of
 * {@link #lanes()} and zeros for o ≥ C_out.
 */
public final class LaneConv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Output pixels per forward tile. */
    public static final int PIXELS = 8;
    /** Samples whose transposed output gradients are gathered before the weight-gradient pass. */
    public static final int GROUP = 8;

    private LaneConv() {
    }

    /** The vector length in floats. */
    public static int lanes() {
        return L;
    }

    /** C_out rounded up to whole vectors. */
    public static int ld(int co) {
        return (co + L - 1) / L * L;
    }

    /** W (co × k, row-major at {@code w[o·k + t]}) packed as {@code wt[t·ld + o]}, zero for o ≥ co. */
    public static float[] packWeights(int co, int k, float[] w) {
        int ld = ld(co);
        float[] wt = new float[k * ld];
        for (int o = 0; o < co; o++) {
            for (int t = 0; t < k; t++) {
                wt[t * ld + o] = w[o * k + t];
            }
        }
        return wt;
    }

    /** The tap shifts {@code c·hp·wp + ky·wp + kx} in (c, ky, kx) order. */
    public static int[] tapOffsets(int c, int kh, int kw, int hp, int wp) {
        int[] off = new int[c * kh * kw];
        int r = 0;
        for (int ci = 0; ci < c; ci++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    off[r++] = ci * hp * wp + ky * wp + kx;
                }
            }
        }
        return off;
    }

    /**
     * The offsets {@code oy·wp + ox} of the output pixels in row-major order, padded to a whole number of
     * {@link #PIXELS}-tiles by repeating the last one.
     */
    public static int[] pixelOffsets(int oh, int ow, int wp) {
        int np = oh * ow;
        int[] off = new int[(np + PIXELS - 1) / PIXELS * PIXELS];
        for (int p = 0; p < off.length; p++) {
            int q = Math.min(p, np - 1);
            off[p] = q / ow * wp + q % ow;
        }
        return off;
    }

    /**
     * One sample of the forward: {@code y[yOff + o·np + p] = bias[o] + Σ_t wt[t·ld + o]·x[xOff + tapOff[t] + pixOff[p]]}
     * for o &lt; co, p &lt; np = oh·ow, pixOff from {@link #pixelOffsets}(oh, ow, wp). {@code bias} (length ≥ ld,
     * zero past co) may be null; {@code rowOff} is {@link #kernelRows}(tapOff); {@code tmp} is scratch of
     * {@link #SCRATCH} floats. The accumulators (one vector of channels per pixel) are stored with
     * scatters at the channel stride np. Each output
     * row is covered by runs of R contiguous pixels (the last run of a row may overlap the one before), two
     * runs per tile, so that the eight to sixteen broadcast inputs of a tap sit at constant distances.
     */
    public static void forwardSample(int co, int k, float[] wt, float[] bias, int[] tapOff, int[] rowOff, int[] pixOff, int oh,
            int ow, int wp, float[] x, int xOff, float[] y, int yOff, float[] tmp) {
        int ld = ld(co);
        int np = oh * ow;
        // kernel widths 3 and 5: whole kernel rows per step, each broadcast input used for up to kw taps;
        // other widths: one tap per step (the taps as kernel rows of width 1)
        int kw = rowOff == null ? 1 : k / rowOff.length;
        int[] rows = rowOff == null ? tapOff : rowOff;
        int r = runLength(ow, kw);
        int perRow = r == 0 ? 0 : (ow + r - 1) / r;
        int runs = oh * perRow;
        int[] idx = new int[L];
        for (int v = 0; v < ld; v += L) {
            VectorMask<Float> m = co - v >= L ? null : S.indexInRange(v, co);
            // lanes past C_out are masked off but must still index inside y
            for (int l = 0; l < L; l++) {
                idx[l] = v + l < co ? l * np : 0;
            }
            int yv = yOff + v * np;
            if (r == 0) {
                for (int p = 0; p < pixOff.length; p += PIXELS) {
                    LaneConvKernels.forward8(k, wt, v, ld, tapOff, x, xOff, pixOff, p, bias, y, yv, np, idx, m);
                }
                continue;
            }
            for (int i = 0; i < runs; i += 2) {
                int j = Math.min(i + 1, runs - 1);
                int oyA = i / perRow, oxA = Math.min(i % perRow * r, ow - r);
                int oyB = j / perRow, oxB = Math.min(j % perRow * r, ow - r);
                int xa = xOff + oyA * wp + oxA, xb = xOff + oyB * wp + oxB;
                int ya = yv + oyA * ow + oxA, yb = yv + oyB * ow + oxB;
                LaneConvKernels.forwardTile(kw, r, rows.length, wt, v, ld, rows, x, xa, xb, bias, tmp);
                // the accumulators of both runs, stored apart from the kernels (keeps their inlining small)
                for (int q = 0; q < r; q++) {
                    scatter(FloatVector.fromArray(S, tmp, q * L), y, ya + q, idx, m);
                    scatter(FloatVector.fromArray(S, tmp, (r + q) * L), y, yb + q, idx, m);
                }
            }
        }
    }

    /** Scratch floats {@link #forwardSample} needs. */
    public static final int SCRATCH = 16 * L;

    /**
     * The shifts of the kernel rows (every kw-th tap shift) when the kernel width read off the tap shifts
     * is 3 or 5 (the widths with whole-row kernels), else null.
     */
    public static int[] kernelRows(int[] tapOff) {
        int kw = kernelWidth(tapOff);
        if (kw != 3 && kw != 5) {
            return null;
        }
        int[] rowOff = new int[tapOff.length / kw];
        for (int i = 0; i < rowOff.length; i++) {
            rowOff[i] = tapOff[i * kw];
        }
        return rowOff;
    }

    /**
     * The kernel width kw read off the tap shifts (taps in (c, ky, kx) order, kx innermost, shifts
     * consecutive along kx), or 0 when they do not have that form.
     */
    static int kernelWidth(int[] tapOff) {
        int k = tapOff.length;
        int kw = 1;
        while (kw < k && tapOff[kw] == tapOff[0] + kw) {
            kw++;
        }
        if (k % kw != 0) {
            return 0;
        }
        for (int r = kw; r < k; r += kw) {
            for (int j = 1; j < kw; j++) {
                if (tapOff[r + j] != tapOff[r] + j) {
                    return 0;
                }
            }
        }
        return kw;
    }

    /**
     * The run length R ≤ min(ow, 8) with a forward tile for kernel width kw that covers an output row of width
     * ow with the fewest recomputed pixels (ties: the longer run), or 0 when there is none (ow below the
     * shortest run: tiles of {@link #PIXELS} pixels from the offset table instead).
     */
    static int runLength(int ow, int kw) {
        int best = 0;
        for (int r = Math.min(ow, PIXELS); r >= 1; r--) {
            if (LaneConvKernels.hasForwardTile(kw, r) && (best == 0 || cover(ow, r) < cover(ow, best))) {
                best = r;
            }
        }
        return best;
    }

    /** Pixels computed for an output row of width ow by runs of r: {@code ceil(ow / r)·r}. */
    private static int cover(int ow, int r) {
        return (ow + r - 1) / r * r;
    }

    /** The lanes of {@code a} stored at {@code y[off + idx[l]]} (lanes off in {@code m} skipped; m null: all). */
    static void scatter(FloatVector a, float[] y, int off, int[] idx, VectorMask<Float> m) {
        if (m == null) {
            a.intoArray(y, off, idx, 0);
        } else {
            a.intoArray(y, off, idx, 0, m);
        }
    }

    /**
     * dY of one sample (co × np at {@code dy[dyOff ..]}) written transposed into {@code dyT[tOff + p·ld + o]}
     * (np × ld, zero for o ≥ co).
     */
    public static void transpose(int co, int np, float[] dy, int dyOff, float[] dyT, int tOff) {
        int ld = ld(co);
        int[] idx = new int[L];
        for (int v = 0; v < ld; v += L) {
            // one gather per pixel and vector of channels; lanes past C_out are masked off (read as zero)
            // but must still index inside dy
            for (int l = 0; l < L; l++) {
                idx[l] = v + l < co ? l * np : 0;
            }
            int src = dyOff + v * np;
            if (co - v >= L) {
                for (int p = 0; p < np; p++) {
                    FloatVector.fromArray(S, dy, src + p, idx, 0).intoArray(dyT, tOff + p * ld + v);
                }
            } else {
                VectorMask<Float> m = S.indexInRange(v, co);
                for (int p = 0; p < np; p++) {
                    FloatVector.fromArray(S, dy, src + p, idx, 0, m).intoArray(dyT, tOff + p * ld + v);
                }
            }
        }
    }

    /**
     * {@code acc[t·ld + o] += Σ_{s<batch} Σ_{oy<oh, ox<ow} dyT[s·oh·ow·ld + (oy·ow + ox)·ld + o]·x[xOff + s·xBs + tapOff[t] + oy·wp + ox]}
     * for all taps t &lt; tapOff.length and o &lt; ld: the weight gradient of a group of samples (dyT from
     * {@link #transpose}, samples one after another), accumulated; {@code rowOff} is {@link #kernelRows}(tapOff).
     * Two samples at a time, two kernel rows (widths 3 and 5) or eight taps each: up to twenty independent
     * accumulator chains.
     */
    public static void weightGradAccumulate(int ld, int[] tapOff, int[] rowOff, int oh, int ow, int wp, int batch, float[] x,
            int xOff, int xBs, float[] dyT, float[] acc) {
        int k = tapOff.length;
        // kernel widths 3 and 5: two whole kernel rows per call (the broadcast inputs of a row sit at constant
        // distances); other widths: eight taps per call (the taps as kernel rows of width 1)
        int kw = rowOff == null ? 1 : k / rowOff.length;
        int[] rows = rowOff == null ? tapOff : rowOff;
        int step = kw == 1 ? 8 : 2;
        for (int v = 0; v < ld; v += L) {
            int s = 0;
            for (; s + 2 <= batch; s += 2) {
                int r = 0;
                for (; r + step <= rows.length; r += step) {
                    LaneConvKernels.weightGrad(kw, step, 2, r, v, ld, rows, oh, ow, wp, s, x, xOff, xBs, dyT, acc);
                }
                for (; r < rows.length; r++) {
                    LaneConvKernels.weightGrad(kw, 1, 2, r, v, ld, rows, oh, ow, wp, s, x, xOff, xBs, dyT, acc);
                }
            }
            if (s < batch) {
                // the last sample of an odd group: eight taps, then one, per call
                int t = 0;
                for (; t + 8 <= k; t += 8) {
                    LaneConvKernels.weightGrad1x8x1(t, v, ld, tapOff, oh, ow, wp, s, x, xOff, xBs, dyT, acc);
                }
                for (; t < k; t++) {
                    LaneConvKernels.weightGrad1x1x1(t, v, ld, tapOff, oh, ow, wp, s, x, xOff, xBs, dyT, acc);
                }
            }
        }
    }

    /** Length of one output-gradient row of {@link #inputGradSample}'s band layout. */
    public static int bandRow(int oh, int kw, int wp) {
        return bandVectors(oh, wp) * L + kw - 1;
    }

    /** Vectors per band: {@code ceil(oh·wp / L)}. */
    public static int bandVectors(int oh, int wp) {
        return (oh * wp + L - 1) / L;
    }

    /**
     * dY of one sample (co × oh × ow at {@code dy[dyOff ..]}) written in the band layout of
     * {@link #inputGradSample}: {@code dyz[o·lz + kw − 1 + oy·wp + ox]}, zero everywhere else
     * ({@code lz = bandRow(oh, kw, wp)}).
     */
    public static void bandRows(int co, int oh, int ow, int kw, int wp, float[] dy, int dyOff, float[] dyz) {
        int lz = bandRow(oh, kw, wp);
        java.util.Arrays.fill(dyz, 0, co * lz, 0f);
        for (int o = 0; o < co; o++) {
            for (int oy = 0; oy < oh; oy++) {
                System.arraycopy(dy, dyOff + (o * oh + oy) * ow, dyz, o * lz + kw - 1 + oy * wp, ow);
            }
        }
    }

    /**
     * The input gradient of one sample on the padded plane: {@code dxp[c·hp·wp + ky·wp + u] += Σ_{o,kx} W[o, c, ky, kx]·dY_w[o, u − kx]}
     * for u &lt; bandVectors·L, with dY_w the output gradient in the band layout of {@link #bandRows} and W
     * packed by {@link #packWeights} (taps in (c, ky, kx) order). {@code dxp} must hold at least
     * {@code (c − 1)·hp·wp + (kh − 1)·wp + bandVectors·L} floats; the positions past the band receive zeros.
     */
    public static void inputGradSample(int c, int kh, int kw, int co, int oh, int hp, int wp, float[] wt, float[] dyz,
            float[] dxp) {
        int ld = ld(co);
        int lz = bandRow(oh, kw, wp);
        int vt = bandVectors(oh, wp);
        int plane = hp * wp;
        int ci = 0;
        if (kw == 5) {
            for (; ci + 6 <= c; ci += 6) {
                for (int ky = 0; ky < kh; ky++) {
                    int v = 0;
                    for (; v + 3 <= vt; v += 3) {
                        LaneConvKernels.band6x3k5(ci, ky, v * L, kh, co, ld, lz, plane, wp, wt, dyz, dxp);
                    }
                    for (; v < vt; v++) {
                        LaneConvKernels.band3x1k5(ci, ky, v * L, kh, co, ld, lz, plane, wp, wt, dyz, dxp);
                        LaneConvKernels.band3x1k5(ci + 3, ky, v * L, kh, co, ld, lz, plane, wp, wt, dyz, dxp);
                    }
                }
            }
        }
        for (; ci + 3 <= c; ci += 3) {
            for (int ky = 0; ky < kh; ky++) {
                int v = 0;
                if (kw == 5) {
                    for (; v + 4 <= vt; v += 4) {
                        LaneConvKernels.band3x4k5(ci, ky, v * L, kh, co, ld, lz, plane, wp, wt, dyz, dxp);
                    }
                    for (; v < vt; v++) {
                        LaneConvKernels.band3x1k5(ci, ky, v * L, kh, co, ld, lz, plane, wp, wt, dyz, dxp);
                    }
                }
                for (; v + 4 <= vt; v += 4) {
                    LaneConvKernels.band3x4(ci, ky, v * L, kh, kw, co, ld, lz, plane, wp, wt, dyz, dxp);
                }
                for (; v < vt; v++) {
                    LaneConvKernels.band3x1(ci, ky, v * L, kh, kw, co, ld, lz, plane, wp, wt, dyz, dxp);
                }
            }
        }
        for (; ci < c; ci++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int v = 0; v < vt; v++) {
                    LaneConvKernels.band1x1(ci, ky, v * L, kh, kw, co, ld, lz, plane, wp, wt, dyz, dxp);
                }
            }
        }
    }
}
