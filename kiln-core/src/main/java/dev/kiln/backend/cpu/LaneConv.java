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
 *       row width); each step loads the weights of one tap, or of a whole kernel row for kernel widths 3
 *       and 5, and adds them times broadcast inputs at constant distances to the tile's accumulators
 *       (for a kernel row, each broadcast input feeds up to kw taps). The accumulators are scattered into
 *       (C_out, P).</li>
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
 * registers) are written out in full below the drivers.
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
        int r = runLength(ow);
        int perRow = r == 0 ? 0 : (ow + r - 1) / r;
        int runs = oh * perRow;
        int[] idx = new int[L];
        // kernel widths 3 and 5: whole kernel rows per step, each broadcast input used for up to kw taps
        int kw = rowOff == null ? 0 : k / rowOff.length;
        if (r == 0) {
            rowOff = null;
        }
        for (int v = 0; v < ld; v += L) {
            VectorMask<Float> m = co - v >= L ? null : S.indexInRange(v, co);
            // lanes past C_out are masked off but must still index inside y
            for (int l = 0; l < L; l++) {
                idx[l] = v + l < co ? l * np : 0;
            }
            int yv = yOff + v * np;
            if (r == 0) {
                for (int p = 0; p < pixOff.length; p += PIXELS) {
                    forward8(k, wt, v, ld, tapOff, x, xOff, pixOff, p, bias, y, yv, np, idx, m);
                }
                continue;
            }
            for (int i = 0; i < runs; i += 2) {
                int j = Math.min(i + 1, runs - 1);
                int oyA = i / perRow, oxA = Math.min(i % perRow * r, ow - r);
                int oyB = j / perRow, oxB = Math.min(j % perRow * r, ow - r);
                int xa = xOff + oyA * wp + oxA, xb = xOff + oyB * wp + oxB;
                int ya = yv + oyA * ow + oxA, yb = yv + oyB * ow + oxB;
                if (rowOff != null) {
                    rowsKernel(kw, r, rowOff, wt, v, ld, x, xa, xb, bias, tmp);
                } else {
                    switch (r) {
                        case 4 -> runs4(k, wt, v, ld, tapOff, x, xa, xb, bias, tmp);
                        case 5 -> runs5(k, wt, v, ld, tapOff, x, xa, xb, bias, tmp);
                        case 6 -> runs6(k, wt, v, ld, tapOff, x, xa, xb, bias, tmp);
                        case 7 -> runs7(k, wt, v, ld, tapOff, x, xa, xb, bias, tmp);
                        default -> runs8(k, wt, v, ld, tapOff, x, xa, xb, bias, tmp);
                    }
                }
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

    private static void rowsKernel(int kw, int r, int[] rowOff, float[] wt, int v, int ld, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        int rows = rowOff.length;
        if (kw == 3) {
            switch (r) {
                case 4 -> rows3x4(rows, wt, v, ld, rowOff, x, xa, xb, bias, tmp);
                case 5 -> rows3x5(rows, wt, v, ld, rowOff, x, xa, xb, bias, tmp);
                case 6 -> rows3x6(rows, wt, v, ld, rowOff, x, xa, xb, bias, tmp);
                case 7 -> rows3x7(rows, wt, v, ld, rowOff, x, xa, xb, bias, tmp);
                default -> rows3x8(rows, wt, v, ld, rowOff, x, xa, xb, bias, tmp);
            }
        } else {
            switch (r) {
                case 4 -> rows5x4(rows, wt, v, ld, rowOff, x, xa, xb, bias, tmp);
                case 5 -> rows5x5(rows, wt, v, ld, rowOff, x, xa, xb, bias, tmp);
                case 6 -> rows5x6(rows, wt, v, ld, rowOff, x, xa, xb, bias, tmp);
                case 7 -> rows5x7(rows, wt, v, ld, rowOff, x, xa, xb, bias, tmp);
                default -> rows5x8(rows, wt, v, ld, rowOff, x, xa, xb, bias, tmp);
            }
        }
    }

    /**
     * The run length R in 4..8 that covers an output row of width ow with the fewest recomputed pixels
     * (ties: the longer run), or 0 when ow &lt; 4 (tiles of eight pixels from the offset table instead).
     */
    static int runLength(int ow) {
        if (ow < 4) {
            return 0;
        }
        int best = 8;
        for (int r = 8; r >= 4; r--) {
            if ((ow + r - 1) / r * r < (ow + best - 1) / best * best) {
                best = r;
            }
        }
        return best;
    }

    private static void rows3x4(int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        int rl = 4 * L;
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z;
        for (int r = 0; r < rows; r++) {
            int wo = r * 3 * ld + v;
            FloatVector w0 = FloatVector.fromArray(S, wt, wo);
            FloatVector w1 = FloatVector.fromArray(S, wt, wo + ld);
            FloatVector w2 = FloatVector.fromArray(S, wt, wo + 2 * ld);
            int ia = xa + rowOff[r];
            int ib = xb + rowOff[r];
            FloatVector e;
            e = FloatVector.broadcast(S, x[ia]);
            a0 = w0.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 1]);
            a1 = w0.fma(e, a1);
            a0 = w1.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 2]);
            a2 = w0.fma(e, a2);
            a1 = w1.fma(e, a1);
            a0 = w2.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 3]);
            a3 = w0.fma(e, a3);
            a2 = w1.fma(e, a2);
            a1 = w2.fma(e, a1);
            e = FloatVector.broadcast(S, x[ia + 4]);
            a3 = w1.fma(e, a3);
            a2 = w2.fma(e, a2);
            e = FloatVector.broadcast(S, x[ia + 5]);
            a3 = w2.fma(e, a3);
            e = FloatVector.broadcast(S, x[ib]);
            b0 = w0.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 1]);
            b1 = w0.fma(e, b1);
            b0 = w1.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 2]);
            b2 = w0.fma(e, b2);
            b1 = w1.fma(e, b1);
            b0 = w2.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 3]);
            b3 = w0.fma(e, b3);
            b2 = w1.fma(e, b2);
            b1 = w2.fma(e, b1);
            e = FloatVector.broadcast(S, x[ib + 4]);
            b3 = w1.fma(e, b3);
            b2 = w2.fma(e, b2);
            e = FloatVector.broadcast(S, x[ib + 5]);
            b3 = w2.fma(e, b3);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        b0.intoArray(tmp, rl);
        b1.intoArray(tmp, rl + 1 * L);
        b2.intoArray(tmp, rl + 2 * L);
        b3.intoArray(tmp, rl + 3 * L);
    }

    private static void rows3x5(int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        int rl = 5 * L;
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z;
        for (int r = 0; r < rows; r++) {
            int wo = r * 3 * ld + v;
            FloatVector w0 = FloatVector.fromArray(S, wt, wo);
            FloatVector w1 = FloatVector.fromArray(S, wt, wo + ld);
            FloatVector w2 = FloatVector.fromArray(S, wt, wo + 2 * ld);
            int ia = xa + rowOff[r];
            int ib = xb + rowOff[r];
            FloatVector e;
            e = FloatVector.broadcast(S, x[ia]);
            a0 = w0.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 1]);
            a1 = w0.fma(e, a1);
            a0 = w1.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 2]);
            a2 = w0.fma(e, a2);
            a1 = w1.fma(e, a1);
            a0 = w2.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 3]);
            a3 = w0.fma(e, a3);
            a2 = w1.fma(e, a2);
            a1 = w2.fma(e, a1);
            e = FloatVector.broadcast(S, x[ia + 4]);
            a4 = w0.fma(e, a4);
            a3 = w1.fma(e, a3);
            a2 = w2.fma(e, a2);
            e = FloatVector.broadcast(S, x[ia + 5]);
            a4 = w1.fma(e, a4);
            a3 = w2.fma(e, a3);
            e = FloatVector.broadcast(S, x[ia + 6]);
            a4 = w2.fma(e, a4);
            e = FloatVector.broadcast(S, x[ib]);
            b0 = w0.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 1]);
            b1 = w0.fma(e, b1);
            b0 = w1.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 2]);
            b2 = w0.fma(e, b2);
            b1 = w1.fma(e, b1);
            b0 = w2.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 3]);
            b3 = w0.fma(e, b3);
            b2 = w1.fma(e, b2);
            b1 = w2.fma(e, b1);
            e = FloatVector.broadcast(S, x[ib + 4]);
            b4 = w0.fma(e, b4);
            b3 = w1.fma(e, b3);
            b2 = w2.fma(e, b2);
            e = FloatVector.broadcast(S, x[ib + 5]);
            b4 = w1.fma(e, b4);
            b3 = w2.fma(e, b3);
            e = FloatVector.broadcast(S, x[ib + 6]);
            b4 = w2.fma(e, b4);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        a4.intoArray(tmp, 4 * L);
        b0.intoArray(tmp, rl);
        b1.intoArray(tmp, rl + 1 * L);
        b2.intoArray(tmp, rl + 2 * L);
        b3.intoArray(tmp, rl + 3 * L);
        b4.intoArray(tmp, rl + 4 * L);
    }

    private static void rows3x6(int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        int rl = 6 * L;
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z;
        for (int r = 0; r < rows; r++) {
            int wo = r * 3 * ld + v;
            FloatVector w0 = FloatVector.fromArray(S, wt, wo);
            FloatVector w1 = FloatVector.fromArray(S, wt, wo + ld);
            FloatVector w2 = FloatVector.fromArray(S, wt, wo + 2 * ld);
            int ia = xa + rowOff[r];
            int ib = xb + rowOff[r];
            FloatVector e;
            e = FloatVector.broadcast(S, x[ia]);
            a0 = w0.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 1]);
            a1 = w0.fma(e, a1);
            a0 = w1.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 2]);
            a2 = w0.fma(e, a2);
            a1 = w1.fma(e, a1);
            a0 = w2.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 3]);
            a3 = w0.fma(e, a3);
            a2 = w1.fma(e, a2);
            a1 = w2.fma(e, a1);
            e = FloatVector.broadcast(S, x[ia + 4]);
            a4 = w0.fma(e, a4);
            a3 = w1.fma(e, a3);
            a2 = w2.fma(e, a2);
            e = FloatVector.broadcast(S, x[ia + 5]);
            a5 = w0.fma(e, a5);
            a4 = w1.fma(e, a4);
            a3 = w2.fma(e, a3);
            e = FloatVector.broadcast(S, x[ia + 6]);
            a5 = w1.fma(e, a5);
            a4 = w2.fma(e, a4);
            e = FloatVector.broadcast(S, x[ia + 7]);
            a5 = w2.fma(e, a5);
            e = FloatVector.broadcast(S, x[ib]);
            b0 = w0.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 1]);
            b1 = w0.fma(e, b1);
            b0 = w1.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 2]);
            b2 = w0.fma(e, b2);
            b1 = w1.fma(e, b1);
            b0 = w2.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 3]);
            b3 = w0.fma(e, b3);
            b2 = w1.fma(e, b2);
            b1 = w2.fma(e, b1);
            e = FloatVector.broadcast(S, x[ib + 4]);
            b4 = w0.fma(e, b4);
            b3 = w1.fma(e, b3);
            b2 = w2.fma(e, b2);
            e = FloatVector.broadcast(S, x[ib + 5]);
            b5 = w0.fma(e, b5);
            b4 = w1.fma(e, b4);
            b3 = w2.fma(e, b3);
            e = FloatVector.broadcast(S, x[ib + 6]);
            b5 = w1.fma(e, b5);
            b4 = w2.fma(e, b4);
            e = FloatVector.broadcast(S, x[ib + 7]);
            b5 = w2.fma(e, b5);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        a4.intoArray(tmp, 4 * L);
        a5.intoArray(tmp, 5 * L);
        b0.intoArray(tmp, rl);
        b1.intoArray(tmp, rl + 1 * L);
        b2.intoArray(tmp, rl + 2 * L);
        b3.intoArray(tmp, rl + 3 * L);
        b4.intoArray(tmp, rl + 4 * L);
        b5.intoArray(tmp, rl + 5 * L);
    }

    private static void rows3x7(int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        int rl = 7 * L;
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z, b6 = z;
        for (int r = 0; r < rows; r++) {
            int wo = r * 3 * ld + v;
            FloatVector w0 = FloatVector.fromArray(S, wt, wo);
            FloatVector w1 = FloatVector.fromArray(S, wt, wo + ld);
            FloatVector w2 = FloatVector.fromArray(S, wt, wo + 2 * ld);
            int ia = xa + rowOff[r];
            int ib = xb + rowOff[r];
            FloatVector e;
            e = FloatVector.broadcast(S, x[ia]);
            a0 = w0.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 1]);
            a1 = w0.fma(e, a1);
            a0 = w1.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 2]);
            a2 = w0.fma(e, a2);
            a1 = w1.fma(e, a1);
            a0 = w2.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 3]);
            a3 = w0.fma(e, a3);
            a2 = w1.fma(e, a2);
            a1 = w2.fma(e, a1);
            e = FloatVector.broadcast(S, x[ia + 4]);
            a4 = w0.fma(e, a4);
            a3 = w1.fma(e, a3);
            a2 = w2.fma(e, a2);
            e = FloatVector.broadcast(S, x[ia + 5]);
            a5 = w0.fma(e, a5);
            a4 = w1.fma(e, a4);
            a3 = w2.fma(e, a3);
            e = FloatVector.broadcast(S, x[ia + 6]);
            a6 = w0.fma(e, a6);
            a5 = w1.fma(e, a5);
            a4 = w2.fma(e, a4);
            e = FloatVector.broadcast(S, x[ia + 7]);
            a6 = w1.fma(e, a6);
            a5 = w2.fma(e, a5);
            e = FloatVector.broadcast(S, x[ia + 8]);
            a6 = w2.fma(e, a6);
            e = FloatVector.broadcast(S, x[ib]);
            b0 = w0.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 1]);
            b1 = w0.fma(e, b1);
            b0 = w1.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 2]);
            b2 = w0.fma(e, b2);
            b1 = w1.fma(e, b1);
            b0 = w2.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 3]);
            b3 = w0.fma(e, b3);
            b2 = w1.fma(e, b2);
            b1 = w2.fma(e, b1);
            e = FloatVector.broadcast(S, x[ib + 4]);
            b4 = w0.fma(e, b4);
            b3 = w1.fma(e, b3);
            b2 = w2.fma(e, b2);
            e = FloatVector.broadcast(S, x[ib + 5]);
            b5 = w0.fma(e, b5);
            b4 = w1.fma(e, b4);
            b3 = w2.fma(e, b3);
            e = FloatVector.broadcast(S, x[ib + 6]);
            b6 = w0.fma(e, b6);
            b5 = w1.fma(e, b5);
            b4 = w2.fma(e, b4);
            e = FloatVector.broadcast(S, x[ib + 7]);
            b6 = w1.fma(e, b6);
            b5 = w2.fma(e, b5);
            e = FloatVector.broadcast(S, x[ib + 8]);
            b6 = w2.fma(e, b6);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        a4.intoArray(tmp, 4 * L);
        a5.intoArray(tmp, 5 * L);
        a6.intoArray(tmp, 6 * L);
        b0.intoArray(tmp, rl);
        b1.intoArray(tmp, rl + 1 * L);
        b2.intoArray(tmp, rl + 2 * L);
        b3.intoArray(tmp, rl + 3 * L);
        b4.intoArray(tmp, rl + 4 * L);
        b5.intoArray(tmp, rl + 5 * L);
        b6.intoArray(tmp, rl + 6 * L);
    }

    private static void rows3x8(int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        int rl = 8 * L;
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z, a7 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z, b6 = z, b7 = z;
        for (int r = 0; r < rows; r++) {
            int wo = r * 3 * ld + v;
            FloatVector w0 = FloatVector.fromArray(S, wt, wo);
            FloatVector w1 = FloatVector.fromArray(S, wt, wo + ld);
            FloatVector w2 = FloatVector.fromArray(S, wt, wo + 2 * ld);
            int ia = xa + rowOff[r];
            int ib = xb + rowOff[r];
            FloatVector e;
            e = FloatVector.broadcast(S, x[ia]);
            a0 = w0.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 1]);
            a1 = w0.fma(e, a1);
            a0 = w1.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 2]);
            a2 = w0.fma(e, a2);
            a1 = w1.fma(e, a1);
            a0 = w2.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 3]);
            a3 = w0.fma(e, a3);
            a2 = w1.fma(e, a2);
            a1 = w2.fma(e, a1);
            e = FloatVector.broadcast(S, x[ia + 4]);
            a4 = w0.fma(e, a4);
            a3 = w1.fma(e, a3);
            a2 = w2.fma(e, a2);
            e = FloatVector.broadcast(S, x[ia + 5]);
            a5 = w0.fma(e, a5);
            a4 = w1.fma(e, a4);
            a3 = w2.fma(e, a3);
            e = FloatVector.broadcast(S, x[ia + 6]);
            a6 = w0.fma(e, a6);
            a5 = w1.fma(e, a5);
            a4 = w2.fma(e, a4);
            e = FloatVector.broadcast(S, x[ia + 7]);
            a7 = w0.fma(e, a7);
            a6 = w1.fma(e, a6);
            a5 = w2.fma(e, a5);
            e = FloatVector.broadcast(S, x[ia + 8]);
            a7 = w1.fma(e, a7);
            a6 = w2.fma(e, a6);
            e = FloatVector.broadcast(S, x[ia + 9]);
            a7 = w2.fma(e, a7);
            e = FloatVector.broadcast(S, x[ib]);
            b0 = w0.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 1]);
            b1 = w0.fma(e, b1);
            b0 = w1.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 2]);
            b2 = w0.fma(e, b2);
            b1 = w1.fma(e, b1);
            b0 = w2.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 3]);
            b3 = w0.fma(e, b3);
            b2 = w1.fma(e, b2);
            b1 = w2.fma(e, b1);
            e = FloatVector.broadcast(S, x[ib + 4]);
            b4 = w0.fma(e, b4);
            b3 = w1.fma(e, b3);
            b2 = w2.fma(e, b2);
            e = FloatVector.broadcast(S, x[ib + 5]);
            b5 = w0.fma(e, b5);
            b4 = w1.fma(e, b4);
            b3 = w2.fma(e, b3);
            e = FloatVector.broadcast(S, x[ib + 6]);
            b6 = w0.fma(e, b6);
            b5 = w1.fma(e, b5);
            b4 = w2.fma(e, b4);
            e = FloatVector.broadcast(S, x[ib + 7]);
            b7 = w0.fma(e, b7);
            b6 = w1.fma(e, b6);
            b5 = w2.fma(e, b5);
            e = FloatVector.broadcast(S, x[ib + 8]);
            b7 = w1.fma(e, b7);
            b6 = w2.fma(e, b6);
            e = FloatVector.broadcast(S, x[ib + 9]);
            b7 = w2.fma(e, b7);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        a4.intoArray(tmp, 4 * L);
        a5.intoArray(tmp, 5 * L);
        a6.intoArray(tmp, 6 * L);
        a7.intoArray(tmp, 7 * L);
        b0.intoArray(tmp, rl);
        b1.intoArray(tmp, rl + 1 * L);
        b2.intoArray(tmp, rl + 2 * L);
        b3.intoArray(tmp, rl + 3 * L);
        b4.intoArray(tmp, rl + 4 * L);
        b5.intoArray(tmp, rl + 5 * L);
        b6.intoArray(tmp, rl + 6 * L);
        b7.intoArray(tmp, rl + 7 * L);
    }

    private static void rows5x4(int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        int rl = 4 * L;
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z;
        for (int r = 0; r < rows; r++) {
            int wo = r * 5 * ld + v;
            FloatVector w0 = FloatVector.fromArray(S, wt, wo);
            FloatVector w1 = FloatVector.fromArray(S, wt, wo + ld);
            FloatVector w2 = FloatVector.fromArray(S, wt, wo + 2 * ld);
            FloatVector w3 = FloatVector.fromArray(S, wt, wo + 3 * ld);
            FloatVector w4 = FloatVector.fromArray(S, wt, wo + 4 * ld);
            int ia = xa + rowOff[r];
            int ib = xb + rowOff[r];
            FloatVector e;
            e = FloatVector.broadcast(S, x[ia]);
            a0 = w0.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 1]);
            a1 = w0.fma(e, a1);
            a0 = w1.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 2]);
            a2 = w0.fma(e, a2);
            a1 = w1.fma(e, a1);
            a0 = w2.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 3]);
            a3 = w0.fma(e, a3);
            a2 = w1.fma(e, a2);
            a1 = w2.fma(e, a1);
            a0 = w3.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 4]);
            a3 = w1.fma(e, a3);
            a2 = w2.fma(e, a2);
            a1 = w3.fma(e, a1);
            a0 = w4.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 5]);
            a3 = w2.fma(e, a3);
            a2 = w3.fma(e, a2);
            a1 = w4.fma(e, a1);
            e = FloatVector.broadcast(S, x[ia + 6]);
            a3 = w3.fma(e, a3);
            a2 = w4.fma(e, a2);
            e = FloatVector.broadcast(S, x[ia + 7]);
            a3 = w4.fma(e, a3);
            e = FloatVector.broadcast(S, x[ib]);
            b0 = w0.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 1]);
            b1 = w0.fma(e, b1);
            b0 = w1.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 2]);
            b2 = w0.fma(e, b2);
            b1 = w1.fma(e, b1);
            b0 = w2.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 3]);
            b3 = w0.fma(e, b3);
            b2 = w1.fma(e, b2);
            b1 = w2.fma(e, b1);
            b0 = w3.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 4]);
            b3 = w1.fma(e, b3);
            b2 = w2.fma(e, b2);
            b1 = w3.fma(e, b1);
            b0 = w4.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 5]);
            b3 = w2.fma(e, b3);
            b2 = w3.fma(e, b2);
            b1 = w4.fma(e, b1);
            e = FloatVector.broadcast(S, x[ib + 6]);
            b3 = w3.fma(e, b3);
            b2 = w4.fma(e, b2);
            e = FloatVector.broadcast(S, x[ib + 7]);
            b3 = w4.fma(e, b3);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        b0.intoArray(tmp, rl);
        b1.intoArray(tmp, rl + 1 * L);
        b2.intoArray(tmp, rl + 2 * L);
        b3.intoArray(tmp, rl + 3 * L);
    }

    private static void rows5x5(int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        int rl = 5 * L;
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z;
        for (int r = 0; r < rows; r++) {
            int wo = r * 5 * ld + v;
            FloatVector w0 = FloatVector.fromArray(S, wt, wo);
            FloatVector w1 = FloatVector.fromArray(S, wt, wo + ld);
            FloatVector w2 = FloatVector.fromArray(S, wt, wo + 2 * ld);
            FloatVector w3 = FloatVector.fromArray(S, wt, wo + 3 * ld);
            FloatVector w4 = FloatVector.fromArray(S, wt, wo + 4 * ld);
            int ia = xa + rowOff[r];
            int ib = xb + rowOff[r];
            FloatVector e;
            e = FloatVector.broadcast(S, x[ia]);
            a0 = w0.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 1]);
            a1 = w0.fma(e, a1);
            a0 = w1.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 2]);
            a2 = w0.fma(e, a2);
            a1 = w1.fma(e, a1);
            a0 = w2.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 3]);
            a3 = w0.fma(e, a3);
            a2 = w1.fma(e, a2);
            a1 = w2.fma(e, a1);
            a0 = w3.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 4]);
            a4 = w0.fma(e, a4);
            a3 = w1.fma(e, a3);
            a2 = w2.fma(e, a2);
            a1 = w3.fma(e, a1);
            a0 = w4.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 5]);
            a4 = w1.fma(e, a4);
            a3 = w2.fma(e, a3);
            a2 = w3.fma(e, a2);
            a1 = w4.fma(e, a1);
            e = FloatVector.broadcast(S, x[ia + 6]);
            a4 = w2.fma(e, a4);
            a3 = w3.fma(e, a3);
            a2 = w4.fma(e, a2);
            e = FloatVector.broadcast(S, x[ia + 7]);
            a4 = w3.fma(e, a4);
            a3 = w4.fma(e, a3);
            e = FloatVector.broadcast(S, x[ia + 8]);
            a4 = w4.fma(e, a4);
            e = FloatVector.broadcast(S, x[ib]);
            b0 = w0.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 1]);
            b1 = w0.fma(e, b1);
            b0 = w1.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 2]);
            b2 = w0.fma(e, b2);
            b1 = w1.fma(e, b1);
            b0 = w2.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 3]);
            b3 = w0.fma(e, b3);
            b2 = w1.fma(e, b2);
            b1 = w2.fma(e, b1);
            b0 = w3.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 4]);
            b4 = w0.fma(e, b4);
            b3 = w1.fma(e, b3);
            b2 = w2.fma(e, b2);
            b1 = w3.fma(e, b1);
            b0 = w4.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 5]);
            b4 = w1.fma(e, b4);
            b3 = w2.fma(e, b3);
            b2 = w3.fma(e, b2);
            b1 = w4.fma(e, b1);
            e = FloatVector.broadcast(S, x[ib + 6]);
            b4 = w2.fma(e, b4);
            b3 = w3.fma(e, b3);
            b2 = w4.fma(e, b2);
            e = FloatVector.broadcast(S, x[ib + 7]);
            b4 = w3.fma(e, b4);
            b3 = w4.fma(e, b3);
            e = FloatVector.broadcast(S, x[ib + 8]);
            b4 = w4.fma(e, b4);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        a4.intoArray(tmp, 4 * L);
        b0.intoArray(tmp, rl);
        b1.intoArray(tmp, rl + 1 * L);
        b2.intoArray(tmp, rl + 2 * L);
        b3.intoArray(tmp, rl + 3 * L);
        b4.intoArray(tmp, rl + 4 * L);
    }

    private static void rows5x6(int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        int rl = 6 * L;
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z;
        for (int r = 0; r < rows; r++) {
            int wo = r * 5 * ld + v;
            FloatVector w0 = FloatVector.fromArray(S, wt, wo);
            FloatVector w1 = FloatVector.fromArray(S, wt, wo + ld);
            FloatVector w2 = FloatVector.fromArray(S, wt, wo + 2 * ld);
            FloatVector w3 = FloatVector.fromArray(S, wt, wo + 3 * ld);
            FloatVector w4 = FloatVector.fromArray(S, wt, wo + 4 * ld);
            int ia = xa + rowOff[r];
            int ib = xb + rowOff[r];
            FloatVector e;
            e = FloatVector.broadcast(S, x[ia]);
            a0 = w0.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 1]);
            a1 = w0.fma(e, a1);
            a0 = w1.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 2]);
            a2 = w0.fma(e, a2);
            a1 = w1.fma(e, a1);
            a0 = w2.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 3]);
            a3 = w0.fma(e, a3);
            a2 = w1.fma(e, a2);
            a1 = w2.fma(e, a1);
            a0 = w3.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 4]);
            a4 = w0.fma(e, a4);
            a3 = w1.fma(e, a3);
            a2 = w2.fma(e, a2);
            a1 = w3.fma(e, a1);
            a0 = w4.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 5]);
            a5 = w0.fma(e, a5);
            a4 = w1.fma(e, a4);
            a3 = w2.fma(e, a3);
            a2 = w3.fma(e, a2);
            a1 = w4.fma(e, a1);
            e = FloatVector.broadcast(S, x[ia + 6]);
            a5 = w1.fma(e, a5);
            a4 = w2.fma(e, a4);
            a3 = w3.fma(e, a3);
            a2 = w4.fma(e, a2);
            e = FloatVector.broadcast(S, x[ia + 7]);
            a5 = w2.fma(e, a5);
            a4 = w3.fma(e, a4);
            a3 = w4.fma(e, a3);
            e = FloatVector.broadcast(S, x[ia + 8]);
            a5 = w3.fma(e, a5);
            a4 = w4.fma(e, a4);
            e = FloatVector.broadcast(S, x[ia + 9]);
            a5 = w4.fma(e, a5);
            e = FloatVector.broadcast(S, x[ib]);
            b0 = w0.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 1]);
            b1 = w0.fma(e, b1);
            b0 = w1.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 2]);
            b2 = w0.fma(e, b2);
            b1 = w1.fma(e, b1);
            b0 = w2.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 3]);
            b3 = w0.fma(e, b3);
            b2 = w1.fma(e, b2);
            b1 = w2.fma(e, b1);
            b0 = w3.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 4]);
            b4 = w0.fma(e, b4);
            b3 = w1.fma(e, b3);
            b2 = w2.fma(e, b2);
            b1 = w3.fma(e, b1);
            b0 = w4.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 5]);
            b5 = w0.fma(e, b5);
            b4 = w1.fma(e, b4);
            b3 = w2.fma(e, b3);
            b2 = w3.fma(e, b2);
            b1 = w4.fma(e, b1);
            e = FloatVector.broadcast(S, x[ib + 6]);
            b5 = w1.fma(e, b5);
            b4 = w2.fma(e, b4);
            b3 = w3.fma(e, b3);
            b2 = w4.fma(e, b2);
            e = FloatVector.broadcast(S, x[ib + 7]);
            b5 = w2.fma(e, b5);
            b4 = w3.fma(e, b4);
            b3 = w4.fma(e, b3);
            e = FloatVector.broadcast(S, x[ib + 8]);
            b5 = w3.fma(e, b5);
            b4 = w4.fma(e, b4);
            e = FloatVector.broadcast(S, x[ib + 9]);
            b5 = w4.fma(e, b5);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        a4.intoArray(tmp, 4 * L);
        a5.intoArray(tmp, 5 * L);
        b0.intoArray(tmp, rl);
        b1.intoArray(tmp, rl + 1 * L);
        b2.intoArray(tmp, rl + 2 * L);
        b3.intoArray(tmp, rl + 3 * L);
        b4.intoArray(tmp, rl + 4 * L);
        b5.intoArray(tmp, rl + 5 * L);
    }

    private static void rows5x7(int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        int rl = 7 * L;
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z, b6 = z;
        for (int r = 0; r < rows; r++) {
            int wo = r * 5 * ld + v;
            FloatVector w0 = FloatVector.fromArray(S, wt, wo);
            FloatVector w1 = FloatVector.fromArray(S, wt, wo + ld);
            FloatVector w2 = FloatVector.fromArray(S, wt, wo + 2 * ld);
            FloatVector w3 = FloatVector.fromArray(S, wt, wo + 3 * ld);
            FloatVector w4 = FloatVector.fromArray(S, wt, wo + 4 * ld);
            int ia = xa + rowOff[r];
            int ib = xb + rowOff[r];
            FloatVector e;
            e = FloatVector.broadcast(S, x[ia]);
            a0 = w0.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 1]);
            a1 = w0.fma(e, a1);
            a0 = w1.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 2]);
            a2 = w0.fma(e, a2);
            a1 = w1.fma(e, a1);
            a0 = w2.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 3]);
            a3 = w0.fma(e, a3);
            a2 = w1.fma(e, a2);
            a1 = w2.fma(e, a1);
            a0 = w3.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 4]);
            a4 = w0.fma(e, a4);
            a3 = w1.fma(e, a3);
            a2 = w2.fma(e, a2);
            a1 = w3.fma(e, a1);
            a0 = w4.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 5]);
            a5 = w0.fma(e, a5);
            a4 = w1.fma(e, a4);
            a3 = w2.fma(e, a3);
            a2 = w3.fma(e, a2);
            a1 = w4.fma(e, a1);
            e = FloatVector.broadcast(S, x[ia + 6]);
            a6 = w0.fma(e, a6);
            a5 = w1.fma(e, a5);
            a4 = w2.fma(e, a4);
            a3 = w3.fma(e, a3);
            a2 = w4.fma(e, a2);
            e = FloatVector.broadcast(S, x[ia + 7]);
            a6 = w1.fma(e, a6);
            a5 = w2.fma(e, a5);
            a4 = w3.fma(e, a4);
            a3 = w4.fma(e, a3);
            e = FloatVector.broadcast(S, x[ia + 8]);
            a6 = w2.fma(e, a6);
            a5 = w3.fma(e, a5);
            a4 = w4.fma(e, a4);
            e = FloatVector.broadcast(S, x[ia + 9]);
            a6 = w3.fma(e, a6);
            a5 = w4.fma(e, a5);
            e = FloatVector.broadcast(S, x[ia + 10]);
            a6 = w4.fma(e, a6);
            e = FloatVector.broadcast(S, x[ib]);
            b0 = w0.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 1]);
            b1 = w0.fma(e, b1);
            b0 = w1.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 2]);
            b2 = w0.fma(e, b2);
            b1 = w1.fma(e, b1);
            b0 = w2.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 3]);
            b3 = w0.fma(e, b3);
            b2 = w1.fma(e, b2);
            b1 = w2.fma(e, b1);
            b0 = w3.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 4]);
            b4 = w0.fma(e, b4);
            b3 = w1.fma(e, b3);
            b2 = w2.fma(e, b2);
            b1 = w3.fma(e, b1);
            b0 = w4.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 5]);
            b5 = w0.fma(e, b5);
            b4 = w1.fma(e, b4);
            b3 = w2.fma(e, b3);
            b2 = w3.fma(e, b2);
            b1 = w4.fma(e, b1);
            e = FloatVector.broadcast(S, x[ib + 6]);
            b6 = w0.fma(e, b6);
            b5 = w1.fma(e, b5);
            b4 = w2.fma(e, b4);
            b3 = w3.fma(e, b3);
            b2 = w4.fma(e, b2);
            e = FloatVector.broadcast(S, x[ib + 7]);
            b6 = w1.fma(e, b6);
            b5 = w2.fma(e, b5);
            b4 = w3.fma(e, b4);
            b3 = w4.fma(e, b3);
            e = FloatVector.broadcast(S, x[ib + 8]);
            b6 = w2.fma(e, b6);
            b5 = w3.fma(e, b5);
            b4 = w4.fma(e, b4);
            e = FloatVector.broadcast(S, x[ib + 9]);
            b6 = w3.fma(e, b6);
            b5 = w4.fma(e, b5);
            e = FloatVector.broadcast(S, x[ib + 10]);
            b6 = w4.fma(e, b6);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        a4.intoArray(tmp, 4 * L);
        a5.intoArray(tmp, 5 * L);
        a6.intoArray(tmp, 6 * L);
        b0.intoArray(tmp, rl);
        b1.intoArray(tmp, rl + 1 * L);
        b2.intoArray(tmp, rl + 2 * L);
        b3.intoArray(tmp, rl + 3 * L);
        b4.intoArray(tmp, rl + 4 * L);
        b5.intoArray(tmp, rl + 5 * L);
        b6.intoArray(tmp, rl + 6 * L);
    }

    private static void rows5x8(int rows, float[] wt, int v, int ld, int[] rowOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        int rl = 8 * L;
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z, a7 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z, b6 = z, b7 = z;
        for (int r = 0; r < rows; r++) {
            int wo = r * 5 * ld + v;
            FloatVector w0 = FloatVector.fromArray(S, wt, wo);
            FloatVector w1 = FloatVector.fromArray(S, wt, wo + ld);
            FloatVector w2 = FloatVector.fromArray(S, wt, wo + 2 * ld);
            FloatVector w3 = FloatVector.fromArray(S, wt, wo + 3 * ld);
            FloatVector w4 = FloatVector.fromArray(S, wt, wo + 4 * ld);
            int ia = xa + rowOff[r];
            int ib = xb + rowOff[r];
            FloatVector e;
            e = FloatVector.broadcast(S, x[ia]);
            a0 = w0.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 1]);
            a1 = w0.fma(e, a1);
            a0 = w1.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 2]);
            a2 = w0.fma(e, a2);
            a1 = w1.fma(e, a1);
            a0 = w2.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 3]);
            a3 = w0.fma(e, a3);
            a2 = w1.fma(e, a2);
            a1 = w2.fma(e, a1);
            a0 = w3.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 4]);
            a4 = w0.fma(e, a4);
            a3 = w1.fma(e, a3);
            a2 = w2.fma(e, a2);
            a1 = w3.fma(e, a1);
            a0 = w4.fma(e, a0);
            e = FloatVector.broadcast(S, x[ia + 5]);
            a5 = w0.fma(e, a5);
            a4 = w1.fma(e, a4);
            a3 = w2.fma(e, a3);
            a2 = w3.fma(e, a2);
            a1 = w4.fma(e, a1);
            e = FloatVector.broadcast(S, x[ia + 6]);
            a6 = w0.fma(e, a6);
            a5 = w1.fma(e, a5);
            a4 = w2.fma(e, a4);
            a3 = w3.fma(e, a3);
            a2 = w4.fma(e, a2);
            e = FloatVector.broadcast(S, x[ia + 7]);
            a7 = w0.fma(e, a7);
            a6 = w1.fma(e, a6);
            a5 = w2.fma(e, a5);
            a4 = w3.fma(e, a4);
            a3 = w4.fma(e, a3);
            e = FloatVector.broadcast(S, x[ia + 8]);
            a7 = w1.fma(e, a7);
            a6 = w2.fma(e, a6);
            a5 = w3.fma(e, a5);
            a4 = w4.fma(e, a4);
            e = FloatVector.broadcast(S, x[ia + 9]);
            a7 = w2.fma(e, a7);
            a6 = w3.fma(e, a6);
            a5 = w4.fma(e, a5);
            e = FloatVector.broadcast(S, x[ia + 10]);
            a7 = w3.fma(e, a7);
            a6 = w4.fma(e, a6);
            e = FloatVector.broadcast(S, x[ia + 11]);
            a7 = w4.fma(e, a7);
            e = FloatVector.broadcast(S, x[ib]);
            b0 = w0.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 1]);
            b1 = w0.fma(e, b1);
            b0 = w1.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 2]);
            b2 = w0.fma(e, b2);
            b1 = w1.fma(e, b1);
            b0 = w2.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 3]);
            b3 = w0.fma(e, b3);
            b2 = w1.fma(e, b2);
            b1 = w2.fma(e, b1);
            b0 = w3.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 4]);
            b4 = w0.fma(e, b4);
            b3 = w1.fma(e, b3);
            b2 = w2.fma(e, b2);
            b1 = w3.fma(e, b1);
            b0 = w4.fma(e, b0);
            e = FloatVector.broadcast(S, x[ib + 5]);
            b5 = w0.fma(e, b5);
            b4 = w1.fma(e, b4);
            b3 = w2.fma(e, b3);
            b2 = w3.fma(e, b2);
            b1 = w4.fma(e, b1);
            e = FloatVector.broadcast(S, x[ib + 6]);
            b6 = w0.fma(e, b6);
            b5 = w1.fma(e, b5);
            b4 = w2.fma(e, b4);
            b3 = w3.fma(e, b3);
            b2 = w4.fma(e, b2);
            e = FloatVector.broadcast(S, x[ib + 7]);
            b7 = w0.fma(e, b7);
            b6 = w1.fma(e, b6);
            b5 = w2.fma(e, b5);
            b4 = w3.fma(e, b4);
            b3 = w4.fma(e, b3);
            e = FloatVector.broadcast(S, x[ib + 8]);
            b7 = w1.fma(e, b7);
            b6 = w2.fma(e, b6);
            b5 = w3.fma(e, b5);
            b4 = w4.fma(e, b4);
            e = FloatVector.broadcast(S, x[ib + 9]);
            b7 = w2.fma(e, b7);
            b6 = w3.fma(e, b6);
            b5 = w4.fma(e, b5);
            e = FloatVector.broadcast(S, x[ib + 10]);
            b7 = w3.fma(e, b7);
            b6 = w4.fma(e, b6);
            e = FloatVector.broadcast(S, x[ib + 11]);
            b7 = w4.fma(e, b7);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        a4.intoArray(tmp, 4 * L);
        a5.intoArray(tmp, 5 * L);
        a6.intoArray(tmp, 6 * L);
        a7.intoArray(tmp, 7 * L);
        b0.intoArray(tmp, rl);
        b1.intoArray(tmp, rl + 1 * L);
        b2.intoArray(tmp, rl + 2 * L);
        b3.intoArray(tmp, rl + 3 * L);
        b4.intoArray(tmp, rl + 4 * L);
        b5.intoArray(tmp, rl + 5 * L);
        b6.intoArray(tmp, rl + 6 * L);
        b7.intoArray(tmp, rl + 7 * L);
    }

    private static void runs4(int k, float[] wt, int v, int ld, int[] tapOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        int rl = 4 * L;
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z;
        for (int t = 0; t < k; t++) {
            FloatVector w = FloatVector.fromArray(S, wt, t * ld + v);
            int ia = xa + tapOff[t];
            int ib = xb + tapOff[t];
            a0 = w.fma(FloatVector.broadcast(S, x[ia]), a0);
            a1 = w.fma(FloatVector.broadcast(S, x[ia + 1]), a1);
            a2 = w.fma(FloatVector.broadcast(S, x[ia + 2]), a2);
            a3 = w.fma(FloatVector.broadcast(S, x[ia + 3]), a3);
            b0 = w.fma(FloatVector.broadcast(S, x[ib]), b0);
            b1 = w.fma(FloatVector.broadcast(S, x[ib + 1]), b1);
            b2 = w.fma(FloatVector.broadcast(S, x[ib + 2]), b2);
            b3 = w.fma(FloatVector.broadcast(S, x[ib + 3]), b3);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        b0.intoArray(tmp, rl);
        b1.intoArray(tmp, rl + 1 * L);
        b2.intoArray(tmp, rl + 2 * L);
        b3.intoArray(tmp, rl + 3 * L);
    }

    private static void runs5(int k, float[] wt, int v, int ld, int[] tapOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        int rl = 5 * L;
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z;
        for (int t = 0; t < k; t++) {
            FloatVector w = FloatVector.fromArray(S, wt, t * ld + v);
            int ia = xa + tapOff[t];
            int ib = xb + tapOff[t];
            a0 = w.fma(FloatVector.broadcast(S, x[ia]), a0);
            a1 = w.fma(FloatVector.broadcast(S, x[ia + 1]), a1);
            a2 = w.fma(FloatVector.broadcast(S, x[ia + 2]), a2);
            a3 = w.fma(FloatVector.broadcast(S, x[ia + 3]), a3);
            a4 = w.fma(FloatVector.broadcast(S, x[ia + 4]), a4);
            b0 = w.fma(FloatVector.broadcast(S, x[ib]), b0);
            b1 = w.fma(FloatVector.broadcast(S, x[ib + 1]), b1);
            b2 = w.fma(FloatVector.broadcast(S, x[ib + 2]), b2);
            b3 = w.fma(FloatVector.broadcast(S, x[ib + 3]), b3);
            b4 = w.fma(FloatVector.broadcast(S, x[ib + 4]), b4);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        a4.intoArray(tmp, 4 * L);
        b0.intoArray(tmp, rl);
        b1.intoArray(tmp, rl + 1 * L);
        b2.intoArray(tmp, rl + 2 * L);
        b3.intoArray(tmp, rl + 3 * L);
        b4.intoArray(tmp, rl + 4 * L);
    }

    private static void runs6(int k, float[] wt, int v, int ld, int[] tapOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        int rl = 6 * L;
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z;
        for (int t = 0; t < k; t++) {
            FloatVector w = FloatVector.fromArray(S, wt, t * ld + v);
            int ia = xa + tapOff[t];
            int ib = xb + tapOff[t];
            a0 = w.fma(FloatVector.broadcast(S, x[ia]), a0);
            a1 = w.fma(FloatVector.broadcast(S, x[ia + 1]), a1);
            a2 = w.fma(FloatVector.broadcast(S, x[ia + 2]), a2);
            a3 = w.fma(FloatVector.broadcast(S, x[ia + 3]), a3);
            a4 = w.fma(FloatVector.broadcast(S, x[ia + 4]), a4);
            a5 = w.fma(FloatVector.broadcast(S, x[ia + 5]), a5);
            b0 = w.fma(FloatVector.broadcast(S, x[ib]), b0);
            b1 = w.fma(FloatVector.broadcast(S, x[ib + 1]), b1);
            b2 = w.fma(FloatVector.broadcast(S, x[ib + 2]), b2);
            b3 = w.fma(FloatVector.broadcast(S, x[ib + 3]), b3);
            b4 = w.fma(FloatVector.broadcast(S, x[ib + 4]), b4);
            b5 = w.fma(FloatVector.broadcast(S, x[ib + 5]), b5);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        a4.intoArray(tmp, 4 * L);
        a5.intoArray(tmp, 5 * L);
        b0.intoArray(tmp, rl);
        b1.intoArray(tmp, rl + 1 * L);
        b2.intoArray(tmp, rl + 2 * L);
        b3.intoArray(tmp, rl + 3 * L);
        b4.intoArray(tmp, rl + 4 * L);
        b5.intoArray(tmp, rl + 5 * L);
    }

    private static void runs7(int k, float[] wt, int v, int ld, int[] tapOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        int rl = 7 * L;
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z, b6 = z;
        for (int t = 0; t < k; t++) {
            FloatVector w = FloatVector.fromArray(S, wt, t * ld + v);
            int ia = xa + tapOff[t];
            int ib = xb + tapOff[t];
            a0 = w.fma(FloatVector.broadcast(S, x[ia]), a0);
            a1 = w.fma(FloatVector.broadcast(S, x[ia + 1]), a1);
            a2 = w.fma(FloatVector.broadcast(S, x[ia + 2]), a2);
            a3 = w.fma(FloatVector.broadcast(S, x[ia + 3]), a3);
            a4 = w.fma(FloatVector.broadcast(S, x[ia + 4]), a4);
            a5 = w.fma(FloatVector.broadcast(S, x[ia + 5]), a5);
            a6 = w.fma(FloatVector.broadcast(S, x[ia + 6]), a6);
            b0 = w.fma(FloatVector.broadcast(S, x[ib]), b0);
            b1 = w.fma(FloatVector.broadcast(S, x[ib + 1]), b1);
            b2 = w.fma(FloatVector.broadcast(S, x[ib + 2]), b2);
            b3 = w.fma(FloatVector.broadcast(S, x[ib + 3]), b3);
            b4 = w.fma(FloatVector.broadcast(S, x[ib + 4]), b4);
            b5 = w.fma(FloatVector.broadcast(S, x[ib + 5]), b5);
            b6 = w.fma(FloatVector.broadcast(S, x[ib + 6]), b6);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        a4.intoArray(tmp, 4 * L);
        a5.intoArray(tmp, 5 * L);
        a6.intoArray(tmp, 6 * L);
        b0.intoArray(tmp, rl);
        b1.intoArray(tmp, rl + 1 * L);
        b2.intoArray(tmp, rl + 2 * L);
        b3.intoArray(tmp, rl + 3 * L);
        b4.intoArray(tmp, rl + 4 * L);
        b5.intoArray(tmp, rl + 5 * L);
        b6.intoArray(tmp, rl + 6 * L);
    }

    private static void runs8(int k, float[] wt, int v, int ld, int[] tapOff, float[] x, int xa, int xb, float[] bias,
            float[] tmp) {
        int rl = 8 * L;
        FloatVector z = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        FloatVector a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z, a7 = z;
        FloatVector b0 = z, b1 = z, b2 = z, b3 = z, b4 = z, b5 = z, b6 = z, b7 = z;
        for (int t = 0; t < k; t++) {
            FloatVector w = FloatVector.fromArray(S, wt, t * ld + v);
            int ia = xa + tapOff[t];
            int ib = xb + tapOff[t];
            a0 = w.fma(FloatVector.broadcast(S, x[ia]), a0);
            a1 = w.fma(FloatVector.broadcast(S, x[ia + 1]), a1);
            a2 = w.fma(FloatVector.broadcast(S, x[ia + 2]), a2);
            a3 = w.fma(FloatVector.broadcast(S, x[ia + 3]), a3);
            a4 = w.fma(FloatVector.broadcast(S, x[ia + 4]), a4);
            a5 = w.fma(FloatVector.broadcast(S, x[ia + 5]), a5);
            a6 = w.fma(FloatVector.broadcast(S, x[ia + 6]), a6);
            a7 = w.fma(FloatVector.broadcast(S, x[ia + 7]), a7);
            b0 = w.fma(FloatVector.broadcast(S, x[ib]), b0);
            b1 = w.fma(FloatVector.broadcast(S, x[ib + 1]), b1);
            b2 = w.fma(FloatVector.broadcast(S, x[ib + 2]), b2);
            b3 = w.fma(FloatVector.broadcast(S, x[ib + 3]), b3);
            b4 = w.fma(FloatVector.broadcast(S, x[ib + 4]), b4);
            b5 = w.fma(FloatVector.broadcast(S, x[ib + 5]), b5);
            b6 = w.fma(FloatVector.broadcast(S, x[ib + 6]), b6);
            b7 = w.fma(FloatVector.broadcast(S, x[ib + 7]), b7);
        }
        a0.intoArray(tmp, 0);
        a1.intoArray(tmp, 1 * L);
        a2.intoArray(tmp, 2 * L);
        a3.intoArray(tmp, 3 * L);
        a4.intoArray(tmp, 4 * L);
        a5.intoArray(tmp, 5 * L);
        a6.intoArray(tmp, 6 * L);
        a7.intoArray(tmp, 7 * L);
        b0.intoArray(tmp, rl);
        b1.intoArray(tmp, rl + 1 * L);
        b2.intoArray(tmp, rl + 2 * L);
        b3.intoArray(tmp, rl + 3 * L);
        b4.intoArray(tmp, rl + 4 * L);
        b5.intoArray(tmp, rl + 5 * L);
        b6.intoArray(tmp, rl + 6 * L);
        b7.intoArray(tmp, rl + 7 * L);
    }

    private static void forward8(int k, float[] wt, int v, int ld, int[] tapOff, float[] x, int xOff, int[] pixOff, int p,
            float[] bias, float[] y, int yv, int np, int[] idx, VectorMask<Float> m) {
        FloatVector b = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, v);
        int x0 = xOff + pixOff[p], x1 = xOff + pixOff[p + 1], x2 = xOff + pixOff[p + 2], x3 = xOff + pixOff[p + 3];
        int x4 = xOff + pixOff[p + 4], x5 = xOff + pixOff[p + 5], x6 = xOff + pixOff[p + 6], x7 = xOff + pixOff[p + 7];
        FloatVector a0 = b, a1 = b, a2 = b, a3 = b, a4 = b, a5 = b, a6 = b, a7 = b;
        for (int t = 0; t < k; t++) {
            FloatVector w = FloatVector.fromArray(S, wt, t * ld + v);
            int s = tapOff[t];
            a0 = w.fma(FloatVector.broadcast(S, x[x0 + s]), a0);
            a1 = w.fma(FloatVector.broadcast(S, x[x1 + s]), a1);
            a2 = w.fma(FloatVector.broadcast(S, x[x2 + s]), a2);
            a3 = w.fma(FloatVector.broadcast(S, x[x3 + s]), a3);
            a4 = w.fma(FloatVector.broadcast(S, x[x4 + s]), a4);
            a5 = w.fma(FloatVector.broadcast(S, x[x5 + s]), a5);
            a6 = w.fma(FloatVector.broadcast(S, x[x6 + s]), a6);
            a7 = w.fma(FloatVector.broadcast(S, x[x7 + s]), a7);
        }
        // pixels past np repeat the last one (same value, stored again)
        scatter(a0, y, yv + Math.min(p, np - 1), idx, m);
        scatter(a1, y, yv + Math.min(p + 1, np - 1), idx, m);
        scatter(a2, y, yv + Math.min(p + 2, np - 1), idx, m);
        scatter(a3, y, yv + Math.min(p + 3, np - 1), idx, m);
        scatter(a4, y, yv + Math.min(p + 4, np - 1), idx, m);
        scatter(a5, y, yv + Math.min(p + 5, np - 1), idx, m);
        scatter(a6, y, yv + Math.min(p + 6, np - 1), idx, m);
        scatter(a7, y, yv + Math.min(p + 7, np - 1), idx, m);
    }

    /** The lanes of {@code a} stored at {@code y[off + idx[l]]} (lanes off in {@code m} skipped; m null: all). */
    private static void scatter(FloatVector a, float[] y, int off, int[] idx, VectorMask<Float> m) {
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
     * Two samples at a time, eight taps each:
     * sixteen independent accumulator chains.
     */
    public static void weightGradAccumulate(int ld, int[] tapOff, int[] rowOff, int oh, int ow, int wp, int batch, float[] x,
            int xOff, int xBs, float[] dyT, float[] acc) {
        int k = tapOff.length;
        int kw = rowOff == null ? 0 : k / rowOff.length;
        for (int v = 0; v < ld; v += L) {
            int s = 0;
            if (kw == 3 || kw == 5) {
                // whole kernel rows: the broadcast inputs of a row sit at constant distances
                for (; s + 2 <= batch; s += 2) {
                    int r = 0;
                    for (; r + 2 <= rowOff.length; r += 2) {
                        if (kw == 5) {
                            weightGradRows5x2(r, v, ld, rowOff, oh, ow, wp, s, x, xOff, xBs, dyT, acc);
                        } else {
                            weightGradRows3x2(r, v, ld, rowOff, oh, ow, wp, s, x, xOff, xBs, dyT, acc);
                        }
                    }
                    if (r < rowOff.length) {
                        if (kw == 5) {
                            weightGradRows5x1(r, v, ld, rowOff, oh, ow, wp, s, x, xOff, xBs, dyT, acc);
                        } else {
                            weightGradRows3x1(r, v, ld, rowOff, oh, ow, wp, s, x, xOff, xBs, dyT, acc);
                        }
                    }
                }
            }
            for (; s + 2 <= batch; s += 2) {
                int t = 0;
                for (; t + 8 <= k; t += 8) {
                    weightGrad8x2(t, v, ld, tapOff, oh, ow, wp, s, x, xOff, xBs, dyT, acc);
                }
                for (; t + 4 <= k; t += 4) {
                    weightGrad4x2(t, v, ld, tapOff, oh, ow, wp, s, x, xOff, xBs, dyT, acc);
                }
                for (; t < k; t++) {
                    weightGrad1x2(t, v, ld, tapOff, oh, ow, wp, s, x, xOff, xBs, dyT, acc);
                }
            }
            if (s < batch) {
                int t = 0;
                for (; t + 8 <= k; t += 8) {
                    weightGrad8(t, v, ld, tapOff, oh, ow, wp, s, x, xOff, xBs, dyT, acc);
                }
                for (; t < k; t++) {
                    weightGrad1(t, v, ld, tapOff, oh, ow, wp, s, x, xOff, xBs, dyT, acc);
                }
            }
        }
    }

    private static void weightGradRows5x2(int r, int v, int ld, int[] rowOff, int oh, int ow, int wp, int s, float[] x,
            int xOff, int xBs, float[] dyT, float[] acc) {
        int o0 = r * 5 * ld + v;
        FloatVector a0 = FloatVector.fromArray(S, acc, o0);
        FloatVector a1 = FloatVector.fromArray(S, acc, o0 + ld);
        FloatVector a2 = FloatVector.fromArray(S, acc, o0 + 2 * ld);
        FloatVector a3 = FloatVector.fromArray(S, acc, o0 + 3 * ld);
        FloatVector a4 = FloatVector.fromArray(S, acc, o0 + 4 * ld);
        FloatVector a5 = FloatVector.fromArray(S, acc, o0 + 5 * ld);
        FloatVector a6 = FloatVector.fromArray(S, acc, o0 + 6 * ld);
        FloatVector a7 = FloatVector.fromArray(S, acc, o0 + 7 * ld);
        FloatVector a8 = FloatVector.fromArray(S, acc, o0 + 8 * ld);
        FloatVector a9 = FloatVector.fromArray(S, acc, o0 + 9 * ld);
        FloatVector b0 = FloatVector.zero(S), b1 = b0, b2 = b0, b3 = b0, b4 = b0, b5 = b0, b6 = b0, b7 = b0, b8 = b0, b9 = b0;
        int r0 = rowOff[r];
        int r1 = rowOff[r + 1];
        int np = oh * ow;
        int xs = xOff + s * xBs;
        int ds = s * np * ld + v;
        for (int oy = 0; oy < oh; oy++) {
            int xr = xs + oy * wp;
            int dr = ds + oy * ow * ld;
            for (int ox = 0; ox < ow; ox++) {
                FloatVector d = FloatVector.fromArray(S, dyT, dr + ox * ld);
                FloatVector e = FloatVector.fromArray(S, dyT, dr + ox * ld + np * ld);
                int i0 = xr + ox + r0;
                int i1 = xr + ox + r1;
                a0 = d.fma(FloatVector.broadcast(S, x[i0]), a0);
                a1 = d.fma(FloatVector.broadcast(S, x[i0 + 1]), a1);
                a2 = d.fma(FloatVector.broadcast(S, x[i0 + 2]), a2);
                a3 = d.fma(FloatVector.broadcast(S, x[i0 + 3]), a3);
                a4 = d.fma(FloatVector.broadcast(S, x[i0 + 4]), a4);
                a5 = d.fma(FloatVector.broadcast(S, x[i1]), a5);
                a6 = d.fma(FloatVector.broadcast(S, x[i1 + 1]), a6);
                a7 = d.fma(FloatVector.broadcast(S, x[i1 + 2]), a7);
                a8 = d.fma(FloatVector.broadcast(S, x[i1 + 3]), a8);
                a9 = d.fma(FloatVector.broadcast(S, x[i1 + 4]), a9);
                b0 = e.fma(FloatVector.broadcast(S, x[i0 + xBs]), b0);
                b1 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 1]), b1);
                b2 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 2]), b2);
                b3 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 3]), b3);
                b4 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 4]), b4);
                b5 = e.fma(FloatVector.broadcast(S, x[i1 + xBs]), b5);
                b6 = e.fma(FloatVector.broadcast(S, x[i1 + xBs + 1]), b6);
                b7 = e.fma(FloatVector.broadcast(S, x[i1 + xBs + 2]), b7);
                b8 = e.fma(FloatVector.broadcast(S, x[i1 + xBs + 3]), b8);
                b9 = e.fma(FloatVector.broadcast(S, x[i1 + xBs + 4]), b9);
            }
        }
        a0.add(b0).intoArray(acc, o0);
        a1.add(b1).intoArray(acc, o0 + ld);
        a2.add(b2).intoArray(acc, o0 + 2 * ld);
        a3.add(b3).intoArray(acc, o0 + 3 * ld);
        a4.add(b4).intoArray(acc, o0 + 4 * ld);
        a5.add(b5).intoArray(acc, o0 + 5 * ld);
        a6.add(b6).intoArray(acc, o0 + 6 * ld);
        a7.add(b7).intoArray(acc, o0 + 7 * ld);
        a8.add(b8).intoArray(acc, o0 + 8 * ld);
        a9.add(b9).intoArray(acc, o0 + 9 * ld);
    }

    private static void weightGradRows5x1(int r, int v, int ld, int[] rowOff, int oh, int ow, int wp, int s, float[] x,
            int xOff, int xBs, float[] dyT, float[] acc) {
        int o0 = r * 5 * ld + v;
        FloatVector a0 = FloatVector.fromArray(S, acc, o0);
        FloatVector a1 = FloatVector.fromArray(S, acc, o0 + ld);
        FloatVector a2 = FloatVector.fromArray(S, acc, o0 + 2 * ld);
        FloatVector a3 = FloatVector.fromArray(S, acc, o0 + 3 * ld);
        FloatVector a4 = FloatVector.fromArray(S, acc, o0 + 4 * ld);
        FloatVector b0 = FloatVector.zero(S), b1 = b0, b2 = b0, b3 = b0, b4 = b0;
        int r0 = rowOff[r];
        int np = oh * ow;
        int xs = xOff + s * xBs;
        int ds = s * np * ld + v;
        for (int oy = 0; oy < oh; oy++) {
            int xr = xs + oy * wp;
            int dr = ds + oy * ow * ld;
            for (int ox = 0; ox < ow; ox++) {
                FloatVector d = FloatVector.fromArray(S, dyT, dr + ox * ld);
                FloatVector e = FloatVector.fromArray(S, dyT, dr + ox * ld + np * ld);
                int i0 = xr + ox + r0;
                a0 = d.fma(FloatVector.broadcast(S, x[i0]), a0);
                a1 = d.fma(FloatVector.broadcast(S, x[i0 + 1]), a1);
                a2 = d.fma(FloatVector.broadcast(S, x[i0 + 2]), a2);
                a3 = d.fma(FloatVector.broadcast(S, x[i0 + 3]), a3);
                a4 = d.fma(FloatVector.broadcast(S, x[i0 + 4]), a4);
                b0 = e.fma(FloatVector.broadcast(S, x[i0 + xBs]), b0);
                b1 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 1]), b1);
                b2 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 2]), b2);
                b3 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 3]), b3);
                b4 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 4]), b4);
            }
        }
        a0.add(b0).intoArray(acc, o0);
        a1.add(b1).intoArray(acc, o0 + ld);
        a2.add(b2).intoArray(acc, o0 + 2 * ld);
        a3.add(b3).intoArray(acc, o0 + 3 * ld);
        a4.add(b4).intoArray(acc, o0 + 4 * ld);
    }

    private static void weightGradRows3x2(int r, int v, int ld, int[] rowOff, int oh, int ow, int wp, int s, float[] x,
            int xOff, int xBs, float[] dyT, float[] acc) {
        int o0 = r * 3 * ld + v;
        FloatVector a0 = FloatVector.fromArray(S, acc, o0);
        FloatVector a1 = FloatVector.fromArray(S, acc, o0 + ld);
        FloatVector a2 = FloatVector.fromArray(S, acc, o0 + 2 * ld);
        FloatVector a3 = FloatVector.fromArray(S, acc, o0 + 3 * ld);
        FloatVector a4 = FloatVector.fromArray(S, acc, o0 + 4 * ld);
        FloatVector a5 = FloatVector.fromArray(S, acc, o0 + 5 * ld);
        FloatVector b0 = FloatVector.zero(S), b1 = b0, b2 = b0, b3 = b0, b4 = b0, b5 = b0;
        int r0 = rowOff[r];
        int r1 = rowOff[r + 1];
        int np = oh * ow;
        int xs = xOff + s * xBs;
        int ds = s * np * ld + v;
        for (int oy = 0; oy < oh; oy++) {
            int xr = xs + oy * wp;
            int dr = ds + oy * ow * ld;
            for (int ox = 0; ox < ow; ox++) {
                FloatVector d = FloatVector.fromArray(S, dyT, dr + ox * ld);
                FloatVector e = FloatVector.fromArray(S, dyT, dr + ox * ld + np * ld);
                int i0 = xr + ox + r0;
                int i1 = xr + ox + r1;
                a0 = d.fma(FloatVector.broadcast(S, x[i0]), a0);
                a1 = d.fma(FloatVector.broadcast(S, x[i0 + 1]), a1);
                a2 = d.fma(FloatVector.broadcast(S, x[i0 + 2]), a2);
                a3 = d.fma(FloatVector.broadcast(S, x[i1]), a3);
                a4 = d.fma(FloatVector.broadcast(S, x[i1 + 1]), a4);
                a5 = d.fma(FloatVector.broadcast(S, x[i1 + 2]), a5);
                b0 = e.fma(FloatVector.broadcast(S, x[i0 + xBs]), b0);
                b1 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 1]), b1);
                b2 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 2]), b2);
                b3 = e.fma(FloatVector.broadcast(S, x[i1 + xBs]), b3);
                b4 = e.fma(FloatVector.broadcast(S, x[i1 + xBs + 1]), b4);
                b5 = e.fma(FloatVector.broadcast(S, x[i1 + xBs + 2]), b5);
            }
        }
        a0.add(b0).intoArray(acc, o0);
        a1.add(b1).intoArray(acc, o0 + ld);
        a2.add(b2).intoArray(acc, o0 + 2 * ld);
        a3.add(b3).intoArray(acc, o0 + 3 * ld);
        a4.add(b4).intoArray(acc, o0 + 4 * ld);
        a5.add(b5).intoArray(acc, o0 + 5 * ld);
    }

    private static void weightGradRows3x1(int r, int v, int ld, int[] rowOff, int oh, int ow, int wp, int s, float[] x,
            int xOff, int xBs, float[] dyT, float[] acc) {
        int o0 = r * 3 * ld + v;
        FloatVector a0 = FloatVector.fromArray(S, acc, o0);
        FloatVector a1 = FloatVector.fromArray(S, acc, o0 + ld);
        FloatVector a2 = FloatVector.fromArray(S, acc, o0 + 2 * ld);
        FloatVector b0 = FloatVector.zero(S), b1 = b0, b2 = b0;
        int r0 = rowOff[r];
        int np = oh * ow;
        int xs = xOff + s * xBs;
        int ds = s * np * ld + v;
        for (int oy = 0; oy < oh; oy++) {
            int xr = xs + oy * wp;
            int dr = ds + oy * ow * ld;
            for (int ox = 0; ox < ow; ox++) {
                FloatVector d = FloatVector.fromArray(S, dyT, dr + ox * ld);
                FloatVector e = FloatVector.fromArray(S, dyT, dr + ox * ld + np * ld);
                int i0 = xr + ox + r0;
                a0 = d.fma(FloatVector.broadcast(S, x[i0]), a0);
                a1 = d.fma(FloatVector.broadcast(S, x[i0 + 1]), a1);
                a2 = d.fma(FloatVector.broadcast(S, x[i0 + 2]), a2);
                b0 = e.fma(FloatVector.broadcast(S, x[i0 + xBs]), b0);
                b1 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 1]), b1);
                b2 = e.fma(FloatVector.broadcast(S, x[i0 + xBs + 2]), b2);
            }
        }
        a0.add(b0).intoArray(acc, o0);
        a1.add(b1).intoArray(acc, o0 + ld);
        a2.add(b2).intoArray(acc, o0 + 2 * ld);
    }

    private static void weightGrad8x2(int t, int v, int ld, int[] tapOff, int oh, int ow, int wp, int s, float[] x, int xOff,
            int xBs, float[] dyT, float[] acc) {
        int o0 = t * ld + v;
        FloatVector a0 = FloatVector.fromArray(S, acc, o0);
        FloatVector a1 = FloatVector.fromArray(S, acc, o0 + 1 * ld);
        FloatVector a2 = FloatVector.fromArray(S, acc, o0 + 2 * ld);
        FloatVector a3 = FloatVector.fromArray(S, acc, o0 + 3 * ld);
        FloatVector a4 = FloatVector.fromArray(S, acc, o0 + 4 * ld);
        FloatVector a5 = FloatVector.fromArray(S, acc, o0 + 5 * ld);
        FloatVector a6 = FloatVector.fromArray(S, acc, o0 + 6 * ld);
        FloatVector a7 = FloatVector.fromArray(S, acc, o0 + 7 * ld);
        FloatVector b0 = FloatVector.zero(S), b1 = b0, b2 = b0, b3 = b0, b4 = b0, b5 = b0, b6 = b0, b7 = b0;
        int s0 = tapOff[t];
        int s1 = tapOff[t + 1];
        int s2 = tapOff[t + 2];
        int s3 = tapOff[t + 3];
        int s4 = tapOff[t + 4];
        int s5 = tapOff[t + 5];
        int s6 = tapOff[t + 6];
        int s7 = tapOff[t + 7];
        int np = oh * ow;
        int xs = xOff + s * xBs;
        int ds = s * np * ld + v;
        int xs2 = xs + xBs;
        int ds2 = ds + np * ld;
        for (int oy = 0; oy < oh; oy++) {
            int xr = xs + oy * wp;
            int dr = ds + oy * ow * ld;
            int xr2 = xs2 + oy * wp;
            int dr2 = ds2 + oy * ow * ld;
            for (int ox = 0; ox < ow; ox++) {
                FloatVector d = FloatVector.fromArray(S, dyT, dr + ox * ld);
                int xi = xr + ox;
                a0 = d.fma(FloatVector.broadcast(S, x[xi + s0]), a0);
                a1 = d.fma(FloatVector.broadcast(S, x[xi + s1]), a1);
                a2 = d.fma(FloatVector.broadcast(S, x[xi + s2]), a2);
                a3 = d.fma(FloatVector.broadcast(S, x[xi + s3]), a3);
                a4 = d.fma(FloatVector.broadcast(S, x[xi + s4]), a4);
                a5 = d.fma(FloatVector.broadcast(S, x[xi + s5]), a5);
                a6 = d.fma(FloatVector.broadcast(S, x[xi + s6]), a6);
                a7 = d.fma(FloatVector.broadcast(S, x[xi + s7]), a7);
                FloatVector e = FloatVector.fromArray(S, dyT, dr2 + ox * ld);
                int xi2 = xr2 + ox;
                b0 = e.fma(FloatVector.broadcast(S, x[xi2 + s0]), b0);
                b1 = e.fma(FloatVector.broadcast(S, x[xi2 + s1]), b1);
                b2 = e.fma(FloatVector.broadcast(S, x[xi2 + s2]), b2);
                b3 = e.fma(FloatVector.broadcast(S, x[xi2 + s3]), b3);
                b4 = e.fma(FloatVector.broadcast(S, x[xi2 + s4]), b4);
                b5 = e.fma(FloatVector.broadcast(S, x[xi2 + s5]), b5);
                b6 = e.fma(FloatVector.broadcast(S, x[xi2 + s6]), b6);
                b7 = e.fma(FloatVector.broadcast(S, x[xi2 + s7]), b7);
            }
        }
        a0.add(b0).intoArray(acc, o0);
        a1.add(b1).intoArray(acc, o0 + ld);
        a2.add(b2).intoArray(acc, o0 + 2 * ld);
        a3.add(b3).intoArray(acc, o0 + 3 * ld);
        a4.add(b4).intoArray(acc, o0 + 4 * ld);
        a5.add(b5).intoArray(acc, o0 + 5 * ld);
        a6.add(b6).intoArray(acc, o0 + 6 * ld);
        a7.add(b7).intoArray(acc, o0 + 7 * ld);
    }

    private static void weightGrad4x2(int t, int v, int ld, int[] tapOff, int oh, int ow, int wp, int s, float[] x, int xOff,
            int xBs, float[] dyT, float[] acc) {
        int o0 = t * ld + v;
        FloatVector a0 = FloatVector.fromArray(S, acc, o0);
        FloatVector a1 = FloatVector.fromArray(S, acc, o0 + 1 * ld);
        FloatVector a2 = FloatVector.fromArray(S, acc, o0 + 2 * ld);
        FloatVector a3 = FloatVector.fromArray(S, acc, o0 + 3 * ld);
        FloatVector b0 = FloatVector.zero(S), b1 = b0, b2 = b0, b3 = b0;
        int s0 = tapOff[t];
        int s1 = tapOff[t + 1];
        int s2 = tapOff[t + 2];
        int s3 = tapOff[t + 3];
        int np = oh * ow;
        int xs = xOff + s * xBs;
        int ds = s * np * ld + v;
        int xs2 = xs + xBs;
        int ds2 = ds + np * ld;
        for (int oy = 0; oy < oh; oy++) {
            int xr = xs + oy * wp;
            int dr = ds + oy * ow * ld;
            int xr2 = xs2 + oy * wp;
            int dr2 = ds2 + oy * ow * ld;
            for (int ox = 0; ox < ow; ox++) {
                FloatVector d = FloatVector.fromArray(S, dyT, dr + ox * ld);
                int xi = xr + ox;
                a0 = d.fma(FloatVector.broadcast(S, x[xi + s0]), a0);
                a1 = d.fma(FloatVector.broadcast(S, x[xi + s1]), a1);
                a2 = d.fma(FloatVector.broadcast(S, x[xi + s2]), a2);
                a3 = d.fma(FloatVector.broadcast(S, x[xi + s3]), a3);
                FloatVector e = FloatVector.fromArray(S, dyT, dr2 + ox * ld);
                int xi2 = xr2 + ox;
                b0 = e.fma(FloatVector.broadcast(S, x[xi2 + s0]), b0);
                b1 = e.fma(FloatVector.broadcast(S, x[xi2 + s1]), b1);
                b2 = e.fma(FloatVector.broadcast(S, x[xi2 + s2]), b2);
                b3 = e.fma(FloatVector.broadcast(S, x[xi2 + s3]), b3);
            }
        }
        a0.add(b0).intoArray(acc, o0);
        a1.add(b1).intoArray(acc, o0 + ld);
        a2.add(b2).intoArray(acc, o0 + 2 * ld);
        a3.add(b3).intoArray(acc, o0 + 3 * ld);
    }

    private static void weightGrad1x2(int t, int v, int ld, int[] tapOff, int oh, int ow, int wp, int s, float[] x, int xOff,
            int xBs, float[] dyT, float[] acc) {
        int o0 = t * ld + v;
        FloatVector a0 = FloatVector.fromArray(S, acc, o0);
        FloatVector b0 = FloatVector.zero(S);
        int s0 = tapOff[t];
        int np = oh * ow;
        int xs = xOff + s * xBs;
        int ds = s * np * ld + v;
        int xs2 = xs + xBs;
        int ds2 = ds + np * ld;
        for (int oy = 0; oy < oh; oy++) {
            int xr = xs + oy * wp;
            int dr = ds + oy * ow * ld;
            int xr2 = xs2 + oy * wp;
            int dr2 = ds2 + oy * ow * ld;
            for (int ox = 0; ox < ow; ox++) {
                FloatVector d = FloatVector.fromArray(S, dyT, dr + ox * ld);
                int xi = xr + ox;
                a0 = d.fma(FloatVector.broadcast(S, x[xi + s0]), a0);
                FloatVector e = FloatVector.fromArray(S, dyT, dr2 + ox * ld);
                int xi2 = xr2 + ox;
                b0 = e.fma(FloatVector.broadcast(S, x[xi2 + s0]), b0);
            }
        }
        a0.add(b0).intoArray(acc, o0);
    }

    private static void weightGrad8(int t, int v, int ld, int[] tapOff, int oh, int ow, int wp, int s, float[] x, int xOff,
            int xBs, float[] dyT, float[] acc) {
        int o0 = t * ld + v;
        FloatVector a0 = FloatVector.fromArray(S, acc, o0);
        FloatVector a1 = FloatVector.fromArray(S, acc, o0 + 1 * ld);
        FloatVector a2 = FloatVector.fromArray(S, acc, o0 + 2 * ld);
        FloatVector a3 = FloatVector.fromArray(S, acc, o0 + 3 * ld);
        FloatVector a4 = FloatVector.fromArray(S, acc, o0 + 4 * ld);
        FloatVector a5 = FloatVector.fromArray(S, acc, o0 + 5 * ld);
        FloatVector a6 = FloatVector.fromArray(S, acc, o0 + 6 * ld);
        FloatVector a7 = FloatVector.fromArray(S, acc, o0 + 7 * ld);
        int s0 = tapOff[t];
        int s1 = tapOff[t + 1];
        int s2 = tapOff[t + 2];
        int s3 = tapOff[t + 3];
        int s4 = tapOff[t + 4];
        int s5 = tapOff[t + 5];
        int s6 = tapOff[t + 6];
        int s7 = tapOff[t + 7];
        int np = oh * ow;
        int xs = xOff + s * xBs;
        int ds = s * np * ld + v;
        for (int oy = 0; oy < oh; oy++) {
            int xr = xs + oy * wp;
            int dr = ds + oy * ow * ld;
            for (int ox = 0; ox < ow; ox++) {
                FloatVector d = FloatVector.fromArray(S, dyT, dr + ox * ld);
                int xi = xr + ox;
                a0 = d.fma(FloatVector.broadcast(S, x[xi + s0]), a0);
                a1 = d.fma(FloatVector.broadcast(S, x[xi + s1]), a1);
                a2 = d.fma(FloatVector.broadcast(S, x[xi + s2]), a2);
                a3 = d.fma(FloatVector.broadcast(S, x[xi + s3]), a3);
                a4 = d.fma(FloatVector.broadcast(S, x[xi + s4]), a4);
                a5 = d.fma(FloatVector.broadcast(S, x[xi + s5]), a5);
                a6 = d.fma(FloatVector.broadcast(S, x[xi + s6]), a6);
                a7 = d.fma(FloatVector.broadcast(S, x[xi + s7]), a7);
            }
        }
        a0.intoArray(acc, o0);
        a1.intoArray(acc, o0 + ld);
        a2.intoArray(acc, o0 + 2 * ld);
        a3.intoArray(acc, o0 + 3 * ld);
        a4.intoArray(acc, o0 + 4 * ld);
        a5.intoArray(acc, o0 + 5 * ld);
        a6.intoArray(acc, o0 + 6 * ld);
        a7.intoArray(acc, o0 + 7 * ld);
    }

    private static void weightGrad1(int t, int v, int ld, int[] tapOff, int oh, int ow, int wp, int s, float[] x, int xOff,
            int xBs, float[] dyT, float[] acc) {
        int o0 = t * ld + v;
        FloatVector a0 = FloatVector.fromArray(S, acc, o0);
        int s0 = tapOff[t];
        int np = oh * ow;
        int xs = xOff + s * xBs;
        int ds = s * np * ld + v;
        for (int oy = 0; oy < oh; oy++) {
            int xr = xs + oy * wp;
            int dr = ds + oy * ow * ld;
            for (int ox = 0; ox < ow; ox++) {
                FloatVector d = FloatVector.fromArray(S, dyT, dr + ox * ld);
                int xi = xr + ox;
                a0 = d.fma(FloatVector.broadcast(S, x[xi + s0]), a0);
            }
        }
        a0.intoArray(acc, o0);
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
                        band6x3k5(ci, ky, v * L, kh, co, ld, lz, plane, wp, wt, dyz, dxp);
                    }
                    for (; v < vt; v++) {
                        band3x1k5(ci, ky, v * L, kh, co, ld, lz, plane, wp, wt, dyz, dxp);
                        band3x1k5(ci + 3, ky, v * L, kh, co, ld, lz, plane, wp, wt, dyz, dxp);
                    }
                }
            }
        }
        for (; ci + 3 <= c; ci += 3) {
            for (int ky = 0; ky < kh; ky++) {
                int v = 0;
                if (kw == 5) {
                    for (; v + 4 <= vt; v += 4) {
                        band3x4k5(ci, ky, v * L, kh, co, ld, lz, plane, wp, wt, dyz, dxp);
                    }
                    for (; v < vt; v++) {
                        band3x1k5(ci, ky, v * L, kh, co, ld, lz, plane, wp, wt, dyz, dxp);
                    }
                }
                for (; v + 4 <= vt; v += 4) {
                    band3x4(ci, ky, v * L, kh, kw, co, ld, lz, plane, wp, wt, dyz, dxp);
                }
                for (; v < vt; v++) {
                    band3x1(ci, ky, v * L, kh, kw, co, ld, lz, plane, wp, wt, dyz, dxp);
                }
            }
        }
        for (; ci < c; ci++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int v = 0; v < vt; v++) {
                    band1x1(ci, ky, v * L, kh, kw, co, ld, lz, plane, wp, wt, dyz, dxp);
                }
            }
        }
    }

    private static void band6x3k5(int ci, int ky, int u, int kh, int co, int ld, int lz, int plane, int wp, float[] wt,
            float[] dyz, float[] dxp) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a10 = a00, a11 = a00, a12 = a00, a20 = a00, a21 = a00, a22 = a00, a30 = a00, a31 = a00, a32 = a00, a40 = a00, a41 = a00, a42 = a00, a50 = a00, a51 = a00, a52 = a00;
        int kk = kh * 5 * ld;
        int t0 = (ci * kh + ky) * 5 * ld;
        for (int o = 0; o < co; o++) {
            int dz = o * lz + u + 4;
            int wi = t0 + o;
            FloatVector d0 = FloatVector.fromArray(S, dyz, dz);
            FloatVector d1 = FloatVector.fromArray(S, dyz, dz + L);
            FloatVector d2 = FloatVector.fromArray(S, dyz, dz + 2 * L);
            FloatVector w0 = FloatVector.broadcast(S, wt[wi]);
            a00 = d0.fma(w0, a00);
            a01 = d1.fma(w0, a01);
            a02 = d2.fma(w0, a02);
            FloatVector w1 = FloatVector.broadcast(S, wt[wi + kk]);
            a10 = d0.fma(w1, a10);
            a11 = d1.fma(w1, a11);
            a12 = d2.fma(w1, a12);
            FloatVector w2 = FloatVector.broadcast(S, wt[wi + 2 * kk]);
            a20 = d0.fma(w2, a20);
            a21 = d1.fma(w2, a21);
            a22 = d2.fma(w2, a22);
            FloatVector w3 = FloatVector.broadcast(S, wt[wi + 3 * kk]);
            a30 = d0.fma(w3, a30);
            a31 = d1.fma(w3, a31);
            a32 = d2.fma(w3, a32);
            FloatVector w4 = FloatVector.broadcast(S, wt[wi + 4 * kk]);
            a40 = d0.fma(w4, a40);
            a41 = d1.fma(w4, a41);
            a42 = d2.fma(w4, a42);
            FloatVector w5 = FloatVector.broadcast(S, wt[wi + 5 * kk]);
            a50 = d0.fma(w5, a50);
            a51 = d1.fma(w5, a51);
            a52 = d2.fma(w5, a52);
            d0 = FloatVector.fromArray(S, dyz, dz - 1);
            d1 = FloatVector.fromArray(S, dyz, dz - 1 + L);
            d2 = FloatVector.fromArray(S, dyz, dz - 1 + 2 * L);
            w0 = FloatVector.broadcast(S, wt[wi + 1 * ld]);
            a00 = d0.fma(w0, a00);
            a01 = d1.fma(w0, a01);
            a02 = d2.fma(w0, a02);
            w1 = FloatVector.broadcast(S, wt[wi + 1 * ld + kk]);
            a10 = d0.fma(w1, a10);
            a11 = d1.fma(w1, a11);
            a12 = d2.fma(w1, a12);
            w2 = FloatVector.broadcast(S, wt[wi + 1 * ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            a21 = d1.fma(w2, a21);
            a22 = d2.fma(w2, a22);
            w3 = FloatVector.broadcast(S, wt[wi + 1 * ld + 3 * kk]);
            a30 = d0.fma(w3, a30);
            a31 = d1.fma(w3, a31);
            a32 = d2.fma(w3, a32);
            w4 = FloatVector.broadcast(S, wt[wi + 1 * ld + 4 * kk]);
            a40 = d0.fma(w4, a40);
            a41 = d1.fma(w4, a41);
            a42 = d2.fma(w4, a42);
            w5 = FloatVector.broadcast(S, wt[wi + 1 * ld + 5 * kk]);
            a50 = d0.fma(w5, a50);
            a51 = d1.fma(w5, a51);
            a52 = d2.fma(w5, a52);
            d0 = FloatVector.fromArray(S, dyz, dz - 2);
            d1 = FloatVector.fromArray(S, dyz, dz - 2 + L);
            d2 = FloatVector.fromArray(S, dyz, dz - 2 + 2 * L);
            w0 = FloatVector.broadcast(S, wt[wi + 2 * ld]);
            a00 = d0.fma(w0, a00);
            a01 = d1.fma(w0, a01);
            a02 = d2.fma(w0, a02);
            w1 = FloatVector.broadcast(S, wt[wi + 2 * ld + kk]);
            a10 = d0.fma(w1, a10);
            a11 = d1.fma(w1, a11);
            a12 = d2.fma(w1, a12);
            w2 = FloatVector.broadcast(S, wt[wi + 2 * ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            a21 = d1.fma(w2, a21);
            a22 = d2.fma(w2, a22);
            w3 = FloatVector.broadcast(S, wt[wi + 2 * ld + 3 * kk]);
            a30 = d0.fma(w3, a30);
            a31 = d1.fma(w3, a31);
            a32 = d2.fma(w3, a32);
            w4 = FloatVector.broadcast(S, wt[wi + 2 * ld + 4 * kk]);
            a40 = d0.fma(w4, a40);
            a41 = d1.fma(w4, a41);
            a42 = d2.fma(w4, a42);
            w5 = FloatVector.broadcast(S, wt[wi + 2 * ld + 5 * kk]);
            a50 = d0.fma(w5, a50);
            a51 = d1.fma(w5, a51);
            a52 = d2.fma(w5, a52);
            d0 = FloatVector.fromArray(S, dyz, dz - 3);
            d1 = FloatVector.fromArray(S, dyz, dz - 3 + L);
            d2 = FloatVector.fromArray(S, dyz, dz - 3 + 2 * L);
            w0 = FloatVector.broadcast(S, wt[wi + 3 * ld]);
            a00 = d0.fma(w0, a00);
            a01 = d1.fma(w0, a01);
            a02 = d2.fma(w0, a02);
            w1 = FloatVector.broadcast(S, wt[wi + 3 * ld + kk]);
            a10 = d0.fma(w1, a10);
            a11 = d1.fma(w1, a11);
            a12 = d2.fma(w1, a12);
            w2 = FloatVector.broadcast(S, wt[wi + 3 * ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            a21 = d1.fma(w2, a21);
            a22 = d2.fma(w2, a22);
            w3 = FloatVector.broadcast(S, wt[wi + 3 * ld + 3 * kk]);
            a30 = d0.fma(w3, a30);
            a31 = d1.fma(w3, a31);
            a32 = d2.fma(w3, a32);
            w4 = FloatVector.broadcast(S, wt[wi + 3 * ld + 4 * kk]);
            a40 = d0.fma(w4, a40);
            a41 = d1.fma(w4, a41);
            a42 = d2.fma(w4, a42);
            w5 = FloatVector.broadcast(S, wt[wi + 3 * ld + 5 * kk]);
            a50 = d0.fma(w5, a50);
            a51 = d1.fma(w5, a51);
            a52 = d2.fma(w5, a52);
            d0 = FloatVector.fromArray(S, dyz, dz - 4);
            d1 = FloatVector.fromArray(S, dyz, dz - 4 + L);
            d2 = FloatVector.fromArray(S, dyz, dz - 4 + 2 * L);
            w0 = FloatVector.broadcast(S, wt[wi + 4 * ld]);
            a00 = d0.fma(w0, a00);
            a01 = d1.fma(w0, a01);
            a02 = d2.fma(w0, a02);
            w1 = FloatVector.broadcast(S, wt[wi + 4 * ld + kk]);
            a10 = d0.fma(w1, a10);
            a11 = d1.fma(w1, a11);
            a12 = d2.fma(w1, a12);
            w2 = FloatVector.broadcast(S, wt[wi + 4 * ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            a21 = d1.fma(w2, a21);
            a22 = d2.fma(w2, a22);
            w3 = FloatVector.broadcast(S, wt[wi + 4 * ld + 3 * kk]);
            a30 = d0.fma(w3, a30);
            a31 = d1.fma(w3, a31);
            a32 = d2.fma(w3, a32);
            w4 = FloatVector.broadcast(S, wt[wi + 4 * ld + 4 * kk]);
            a40 = d0.fma(w4, a40);
            a41 = d1.fma(w4, a41);
            a42 = d2.fma(w4, a42);
            w5 = FloatVector.broadcast(S, wt[wi + 4 * ld + 5 * kk]);
            a50 = d0.fma(w5, a50);
            a51 = d1.fma(w5, a51);
            a52 = d2.fma(w5, a52);
        }
        int x0 = ci * plane + ky * wp + u;
        FloatVector.fromArray(S, dxp, x0).add(a00).intoArray(dxp, x0);
        FloatVector.fromArray(S, dxp, x0 + L).add(a01).intoArray(dxp, x0 + L);
        FloatVector.fromArray(S, dxp, x0 + 2 * L).add(a02).intoArray(dxp, x0 + 2 * L);
        FloatVector.fromArray(S, dxp, x0 + plane).add(a10).intoArray(dxp, x0 + plane);
        FloatVector.fromArray(S, dxp, x0 + plane + L).add(a11).intoArray(dxp, x0 + plane + L);
        FloatVector.fromArray(S, dxp, x0 + plane + 2 * L).add(a12).intoArray(dxp, x0 + plane + 2 * L);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane).add(a20).intoArray(dxp, x0 + 2 * plane);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane + L).add(a21).intoArray(dxp, x0 + 2 * plane + L);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane + 2 * L).add(a22).intoArray(dxp, x0 + 2 * plane + 2 * L);
        FloatVector.fromArray(S, dxp, x0 + 3 * plane).add(a30).intoArray(dxp, x0 + 3 * plane);
        FloatVector.fromArray(S, dxp, x0 + 3 * plane + L).add(a31).intoArray(dxp, x0 + 3 * plane + L);
        FloatVector.fromArray(S, dxp, x0 + 3 * plane + 2 * L).add(a32).intoArray(dxp, x0 + 3 * plane + 2 * L);
        FloatVector.fromArray(S, dxp, x0 + 4 * plane).add(a40).intoArray(dxp, x0 + 4 * plane);
        FloatVector.fromArray(S, dxp, x0 + 4 * plane + L).add(a41).intoArray(dxp, x0 + 4 * plane + L);
        FloatVector.fromArray(S, dxp, x0 + 4 * plane + 2 * L).add(a42).intoArray(dxp, x0 + 4 * plane + 2 * L);
        FloatVector.fromArray(S, dxp, x0 + 5 * plane).add(a50).intoArray(dxp, x0 + 5 * plane);
        FloatVector.fromArray(S, dxp, x0 + 5 * plane + L).add(a51).intoArray(dxp, x0 + 5 * plane + L);
        FloatVector.fromArray(S, dxp, x0 + 5 * plane + 2 * L).add(a52).intoArray(dxp, x0 + 5 * plane + 2 * L);
    }

    private static void band3x4k5(int ci, int ky, int u, int kh, int co, int ld, int lz, int plane, int wp, float[] wt,
            float[] dyz, float[] dxp) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00, a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        int kk = kh * 5 * ld;
        int t0 = (ci * kh + ky) * 5 * ld;
        for (int o = 0; o < co; o++) {
            int dz = o * lz + u + 4;
            int wi = t0 + o;
            FloatVector d0 = FloatVector.fromArray(S, dyz, dz);
            FloatVector d1 = FloatVector.fromArray(S, dyz, dz + L);
            FloatVector d2 = FloatVector.fromArray(S, dyz, dz + 2 * L);
            FloatVector d3 = FloatVector.fromArray(S, dyz, dz + 3 * L);
            FloatVector w0 = FloatVector.broadcast(S, wt[wi]);
            a00 = d0.fma(w0, a00);
            a01 = d1.fma(w0, a01);
            a02 = d2.fma(w0, a02);
            a03 = d3.fma(w0, a03);
            FloatVector w1 = FloatVector.broadcast(S, wt[wi + kk]);
            a10 = d0.fma(w1, a10);
            a11 = d1.fma(w1, a11);
            a12 = d2.fma(w1, a12);
            a13 = d3.fma(w1, a13);
            FloatVector w2 = FloatVector.broadcast(S, wt[wi + 2 * kk]);
            a20 = d0.fma(w2, a20);
            a21 = d1.fma(w2, a21);
            a22 = d2.fma(w2, a22);
            a23 = d3.fma(w2, a23);
            d0 = FloatVector.fromArray(S, dyz, dz - 1);
            d1 = FloatVector.fromArray(S, dyz, dz - 1 + L);
            d2 = FloatVector.fromArray(S, dyz, dz - 1 + 2 * L);
            d3 = FloatVector.fromArray(S, dyz, dz - 1 + 3 * L);
            w0 = FloatVector.broadcast(S, wt[wi + 1 * ld]);
            a00 = d0.fma(w0, a00);
            a01 = d1.fma(w0, a01);
            a02 = d2.fma(w0, a02);
            a03 = d3.fma(w0, a03);
            w1 = FloatVector.broadcast(S, wt[wi + 1 * ld + kk]);
            a10 = d0.fma(w1, a10);
            a11 = d1.fma(w1, a11);
            a12 = d2.fma(w1, a12);
            a13 = d3.fma(w1, a13);
            w2 = FloatVector.broadcast(S, wt[wi + 1 * ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            a21 = d1.fma(w2, a21);
            a22 = d2.fma(w2, a22);
            a23 = d3.fma(w2, a23);
            d0 = FloatVector.fromArray(S, dyz, dz - 2);
            d1 = FloatVector.fromArray(S, dyz, dz - 2 + L);
            d2 = FloatVector.fromArray(S, dyz, dz - 2 + 2 * L);
            d3 = FloatVector.fromArray(S, dyz, dz - 2 + 3 * L);
            w0 = FloatVector.broadcast(S, wt[wi + 2 * ld]);
            a00 = d0.fma(w0, a00);
            a01 = d1.fma(w0, a01);
            a02 = d2.fma(w0, a02);
            a03 = d3.fma(w0, a03);
            w1 = FloatVector.broadcast(S, wt[wi + 2 * ld + kk]);
            a10 = d0.fma(w1, a10);
            a11 = d1.fma(w1, a11);
            a12 = d2.fma(w1, a12);
            a13 = d3.fma(w1, a13);
            w2 = FloatVector.broadcast(S, wt[wi + 2 * ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            a21 = d1.fma(w2, a21);
            a22 = d2.fma(w2, a22);
            a23 = d3.fma(w2, a23);
            d0 = FloatVector.fromArray(S, dyz, dz - 3);
            d1 = FloatVector.fromArray(S, dyz, dz - 3 + L);
            d2 = FloatVector.fromArray(S, dyz, dz - 3 + 2 * L);
            d3 = FloatVector.fromArray(S, dyz, dz - 3 + 3 * L);
            w0 = FloatVector.broadcast(S, wt[wi + 3 * ld]);
            a00 = d0.fma(w0, a00);
            a01 = d1.fma(w0, a01);
            a02 = d2.fma(w0, a02);
            a03 = d3.fma(w0, a03);
            w1 = FloatVector.broadcast(S, wt[wi + 3 * ld + kk]);
            a10 = d0.fma(w1, a10);
            a11 = d1.fma(w1, a11);
            a12 = d2.fma(w1, a12);
            a13 = d3.fma(w1, a13);
            w2 = FloatVector.broadcast(S, wt[wi + 3 * ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            a21 = d1.fma(w2, a21);
            a22 = d2.fma(w2, a22);
            a23 = d3.fma(w2, a23);
            d0 = FloatVector.fromArray(S, dyz, dz - 4);
            d1 = FloatVector.fromArray(S, dyz, dz - 4 + L);
            d2 = FloatVector.fromArray(S, dyz, dz - 4 + 2 * L);
            d3 = FloatVector.fromArray(S, dyz, dz - 4 + 3 * L);
            w0 = FloatVector.broadcast(S, wt[wi + 4 * ld]);
            a00 = d0.fma(w0, a00);
            a01 = d1.fma(w0, a01);
            a02 = d2.fma(w0, a02);
            a03 = d3.fma(w0, a03);
            w1 = FloatVector.broadcast(S, wt[wi + 4 * ld + kk]);
            a10 = d0.fma(w1, a10);
            a11 = d1.fma(w1, a11);
            a12 = d2.fma(w1, a12);
            a13 = d3.fma(w1, a13);
            w2 = FloatVector.broadcast(S, wt[wi + 4 * ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            a21 = d1.fma(w2, a21);
            a22 = d2.fma(w2, a22);
            a23 = d3.fma(w2, a23);
        }
        int x0 = ci * plane + ky * wp + u;
        FloatVector.fromArray(S, dxp, x0).add(a00).intoArray(dxp, x0);
        FloatVector.fromArray(S, dxp, x0 + L).add(a01).intoArray(dxp, x0 + L);
        FloatVector.fromArray(S, dxp, x0 + 2 * L).add(a02).intoArray(dxp, x0 + 2 * L);
        FloatVector.fromArray(S, dxp, x0 + 3 * L).add(a03).intoArray(dxp, x0 + 3 * L);
        FloatVector.fromArray(S, dxp, x0 + plane).add(a10).intoArray(dxp, x0 + plane);
        FloatVector.fromArray(S, dxp, x0 + plane + L).add(a11).intoArray(dxp, x0 + plane + L);
        FloatVector.fromArray(S, dxp, x0 + plane + 2 * L).add(a12).intoArray(dxp, x0 + plane + 2 * L);
        FloatVector.fromArray(S, dxp, x0 + plane + 3 * L).add(a13).intoArray(dxp, x0 + plane + 3 * L);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane).add(a20).intoArray(dxp, x0 + 2 * plane);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane + L).add(a21).intoArray(dxp, x0 + 2 * plane + L);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane + 2 * L).add(a22).intoArray(dxp, x0 + 2 * plane + 2 * L);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane + 3 * L).add(a23).intoArray(dxp, x0 + 2 * plane + 3 * L);
    }

    private static void band3x1k5(int ci, int ky, int u, int kh, int co, int ld, int lz, int plane, int wp, float[] wt,
            float[] dyz, float[] dxp) {
        FloatVector a00 = FloatVector.zero(S), a10 = a00, a20 = a00;
        int kk = kh * 5 * ld;
        int t0 = (ci * kh + ky) * 5 * ld;
        for (int o = 0; o < co; o++) {
            int dz = o * lz + u + 4;
            int wi = t0 + o;
            FloatVector d0 = FloatVector.fromArray(S, dyz, dz);
            FloatVector w0 = FloatVector.broadcast(S, wt[wi]);
            a00 = d0.fma(w0, a00);
            FloatVector w1 = FloatVector.broadcast(S, wt[wi + kk]);
            a10 = d0.fma(w1, a10);
            FloatVector w2 = FloatVector.broadcast(S, wt[wi + 2 * kk]);
            a20 = d0.fma(w2, a20);
            d0 = FloatVector.fromArray(S, dyz, dz - 1);
            w0 = FloatVector.broadcast(S, wt[wi + 1 * ld]);
            a00 = d0.fma(w0, a00);
            w1 = FloatVector.broadcast(S, wt[wi + 1 * ld + kk]);
            a10 = d0.fma(w1, a10);
            w2 = FloatVector.broadcast(S, wt[wi + 1 * ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            d0 = FloatVector.fromArray(S, dyz, dz - 2);
            w0 = FloatVector.broadcast(S, wt[wi + 2 * ld]);
            a00 = d0.fma(w0, a00);
            w1 = FloatVector.broadcast(S, wt[wi + 2 * ld + kk]);
            a10 = d0.fma(w1, a10);
            w2 = FloatVector.broadcast(S, wt[wi + 2 * ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            d0 = FloatVector.fromArray(S, dyz, dz - 3);
            w0 = FloatVector.broadcast(S, wt[wi + 3 * ld]);
            a00 = d0.fma(w0, a00);
            w1 = FloatVector.broadcast(S, wt[wi + 3 * ld + kk]);
            a10 = d0.fma(w1, a10);
            w2 = FloatVector.broadcast(S, wt[wi + 3 * ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
            d0 = FloatVector.fromArray(S, dyz, dz - 4);
            w0 = FloatVector.broadcast(S, wt[wi + 4 * ld]);
            a00 = d0.fma(w0, a00);
            w1 = FloatVector.broadcast(S, wt[wi + 4 * ld + kk]);
            a10 = d0.fma(w1, a10);
            w2 = FloatVector.broadcast(S, wt[wi + 4 * ld + 2 * kk]);
            a20 = d0.fma(w2, a20);
        }
        int x0 = ci * plane + ky * wp + u;
        FloatVector.fromArray(S, dxp, x0).add(a00).intoArray(dxp, x0);
        FloatVector.fromArray(S, dxp, x0 + plane).add(a10).intoArray(dxp, x0 + plane);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane).add(a20).intoArray(dxp, x0 + 2 * plane);
    }

    private static void band3x4(int ci, int ky, int u, int kh, int kw, int co, int ld, int lz, int plane, int wp, float[] wt,
            float[] dyz, float[] dxp) {
        FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        int kk = kh * kw;
        int t0 = (ci * kh + ky) * kw;
        for (int o = 0; o < co; o++) {
            int dz = o * lz + u + kw - 1;
            for (int kx = 0; kx < kw; kx++) {
                int d = dz - kx;
                FloatVector d0 = FloatVector.fromArray(S, dyz, d);
                FloatVector d1 = FloatVector.fromArray(S, dyz, d + L);
                FloatVector d2 = FloatVector.fromArray(S, dyz, d + 2 * L);
                FloatVector d3 = FloatVector.fromArray(S, dyz, d + 3 * L);
                int wi = (t0 + kx) * ld + o;
                FloatVector w0 = FloatVector.broadcast(S, wt[wi]);
                a00 = d0.fma(w0, a00);
                a01 = d1.fma(w0, a01);
                a02 = d2.fma(w0, a02);
                a03 = d3.fma(w0, a03);
                FloatVector w1 = FloatVector.broadcast(S, wt[wi + kk * ld]);
                a10 = d0.fma(w1, a10);
                a11 = d1.fma(w1, a11);
                a12 = d2.fma(w1, a12);
                a13 = d3.fma(w1, a13);
                FloatVector w2 = FloatVector.broadcast(S, wt[wi + 2 * kk * ld]);
                a20 = d0.fma(w2, a20);
                a21 = d1.fma(w2, a21);
                a22 = d2.fma(w2, a22);
                a23 = d3.fma(w2, a23);
            }
        }
        int x0 = ci * plane + ky * wp + u;
        addInto(dxp, x0, a00, a01, a02, a03);
        addInto(dxp, x0 + plane, a10, a11, a12, a13);
        addInto(dxp, x0 + 2 * plane, a20, a21, a22, a23);
    }

    private static void addInto(float[] a, int off, FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3) {
        FloatVector.fromArray(S, a, off).add(v0).intoArray(a, off);
        FloatVector.fromArray(S, a, off + L).add(v1).intoArray(a, off + L);
        FloatVector.fromArray(S, a, off + 2 * L).add(v2).intoArray(a, off + 2 * L);
        FloatVector.fromArray(S, a, off + 3 * L).add(v3).intoArray(a, off + 3 * L);
    }

    private static void band3x1(int ci, int ky, int u, int kh, int kw, int co, int ld, int lz, int plane, int wp, float[] wt,
            float[] dyz, float[] dxp) {
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0;
        int kk = kh * kw;
        int t0 = (ci * kh + ky) * kw;
        for (int o = 0; o < co; o++) {
            int dz = o * lz + u + kw - 1;
            for (int kx = 0; kx < kw; kx++) {
                FloatVector d = FloatVector.fromArray(S, dyz, dz - kx);
                int wi = (t0 + kx) * ld + o;
                a0 = d.fma(FloatVector.broadcast(S, wt[wi]), a0);
                a1 = d.fma(FloatVector.broadcast(S, wt[wi + kk * ld]), a1);
                a2 = d.fma(FloatVector.broadcast(S, wt[wi + 2 * kk * ld]), a2);
            }
        }
        int x0 = ci * plane + ky * wp + u;
        FloatVector.fromArray(S, dxp, x0).add(a0).intoArray(dxp, x0);
        FloatVector.fromArray(S, dxp, x0 + plane).add(a1).intoArray(dxp, x0 + plane);
        FloatVector.fromArray(S, dxp, x0 + 2 * plane).add(a2).intoArray(dxp, x0 + 2 * plane);
    }

    private static void band1x1(int ci, int ky, int u, int kh, int kw, int co, int ld, int lz, int plane, int wp, float[] wt,
            float[] dyz, float[] dxp) {
        FloatVector a0 = FloatVector.zero(S);
        int t0 = (ci * kh + ky) * kw;
        for (int o = 0; o < co; o++) {
            int dz = o * lz + u + kw - 1;
            for (int kx = 0; kx < kw; kx++) {
                a0 = FloatVector.fromArray(S, dyz, dz - kx).fma(FloatVector.broadcast(S, wt[(t0 + kx) * ld + o]), a0);
            }
        }
        int x0 = ci * plane + ky * wp + u;
        FloatVector.fromArray(S, dxp, x0).add(a0).intoArray(dxp, x0);
    }
}
