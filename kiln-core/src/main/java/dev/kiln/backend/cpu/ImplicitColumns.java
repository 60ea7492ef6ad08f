package dev.kiln.backend.cpu;

import static dev.kiln.backend.cpu.Gemm.NR;

import dev.kiln.backend.ConvGeometry;

/**
 * The im2col column matrix of a run of samples, never written out: the GEMM's B panels are packed
 * straight from the image planes (implicit GEMM). For the samples (n, C, H, W) from {@code x[xo]} on, row
 * {@code r = (c·kh + i)·kw + j} and column {@code p = n·oh·ow + oy·ow + ox} of the column matrix hold
 * {@code x[n, c, oy·sh − ph + i·dh, ox·sw − pw + j·dw]}, or 0 where that falls in the padding (the
 * layout of {@link Im2Col}).
 *
 * <p>A column buffer of C·kh·kw rows is 1–10 MB per chunk of samples and goes to L3 or memory and back
 * (unfolded, then packed); here NR rows at a time are copied into the packing task's {@link Scratch}, which
 * stays in L2, and interleaved from there, and no memory is held beyond that scratch. Used by the weight gradient of
 * stride-1 convolutions ({@link ChunkedConv}); strided windows measured faster through the column buffer.
 *
 * @param g the convolution's geometry
 * @param x the images
 * @param xo the offset of the first sample's image
 */
record ImplicitColumns(ConvGeometry g, float[] x, int xo) {
    /**
     * Positions the transposed packing copies per row before interleaving them (one row of the scratch, a
     * whole KC slice: 128 measured slower, the per-run bookkeeping then weighs more than the L1 it saves).
     */
    private static final int BLOCK = 512;
    /** Row stride of the scratch: BLOCK plus one cache line, so the gathered rows do not share an L1 set. */
    private static final int LD = BLOCK + 16;

    /**
     * The GEMM operand {@code B[p, r] = col[rowOff + r, p]} (rows are positions, columns taps), as the
     * weight gradient {@code dW = dY · colᵀ} reads it. Each NR-wide sliver is gathered row by row, BLOCK
     * positions at a time, into the task's scratch rows (NR·528 floats, 66 KiB with AVX-512, kept in L2), then
     * interleaved by {@link GemmPacking#packB}.
     */
    PackedB transposed(int rowOff) {
        return (p0, kc, j0, nc, bp, d, scratch) -> {
            float[] t = scratch.rows(NR * LD);
            for (int s = 0; s < nc; s += NR) {
                int nr = Math.min(NR, nc - s);
                int ds = d + s * kc;
                for (int q0 = 0; q0 < kc; q0 += BLOCK) {
                    int len = Math.min(BLOCK, kc - q0);
                    for (int jj = 0; jj < nr; jj++) {
                        row(rowOff + j0 + s + jj, p0 + q0, len, t, jj * LD);
                    }
                    GemmPacking.packB(len, nr, t, 0, 1, LD, bp, ds + q0 * NR);
                }
            }
        };
    }

    /** Copies {@code col[r, p .. p+len)} into {@code dst[d ..]}: image runs, zeros where the window is in the padding. */
    void row(int r, int p, int len, float[] dst, int d) {
        int taps = g.kh() * g.kw();
        int c = r / taps;
        int i = (r - c * taps) / g.kw();
        int j = r - c * taps - i * g.kw();
        int plane = g.outPlane(), ow = g.ow(), sw = g.sw();
        int oyLo = g.oyLo(i), oyHi = g.oyHi(i), oxLo = g.oxLo(j), oxHi = g.oxHi(j);
        int image = g.channels() * g.inPlane();
        int n = p / plane;
        int oy = (p - n * plane) / ow;
        int ox = p - n * plane - oy * ow;
        // the input offset of output (oy, 0) for this tap
        int src = xo + n * image + c * g.inPlane() + (oy * g.sh() - g.ph() + i * g.dh()) * g.w() - g.pw() + j * g.dw();
        int rowStep = g.sh() * g.w();
        int end = d + len;
        while (d < end) {
            int run = Math.min(ow - ox, end - d);
            int lo = Math.max(ox, oxLo), hi = Math.min(ox + run, oxHi);
            if (oy < oyLo || oy >= oyHi || lo >= hi) {
                zero(dst, d, d + run);
            } else {
                zero(dst, d, d + lo - ox);
                if (sw == 1) {
                    System.arraycopy(x, src + lo, dst, d + lo - ox, hi - lo);
                } else {
                    for (int q = lo; q < hi; q++) {
                        dst[d + q - ox] = x[src + q * sw];
                    }
                }
                zero(dst, d + hi - ox, d + run);
            }
            d += run;
            ox += run;
            if (ox == ow) {
                ox = 0;
                src += rowStep;
                if (++oy == g.oh()) {
                    oy = 0;
                    src += image - g.oh() * rowStep;
                }
            }
        }
    }

    private static void zero(float[] a, int from, int to) {
        for (int q = from; q < to; q++) {
            a[q] = 0f;
        }
    }
}
