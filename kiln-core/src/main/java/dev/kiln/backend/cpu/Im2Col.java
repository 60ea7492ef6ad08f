package dev.kiln.backend.cpu;

import java.util.Arrays;

/**
 * The im2col lowering of convolution to matrix multiplication, and its adjoint col2im.
 *
 * <p>For a batch of images (N, C, H, W) and a {@link ConvGeometry}, the column matrix has one row
 * per (channel, kernel tap) pair, {@code C·kh·kw} rows, and one column per (sample, output
 * position), {@code N·oh·ow} columns. A convolution is then {@code W (C_out, C·kh·kw) × col},
 * the weight gradient {@code grad (C_out, N·oh·ow) × colᵀ}, and the input gradient
 * {@code col2im(Wᵀ × grad)}. The helpers at the end move between the channel-major layout
 * (C, N·P) of those products and the tensor layout (N, C, P).
 *
 * <p>Float32 only (float64 lowers through {@link dev.kiln.backend.ReferenceBackend}); the work is
 * split across samples.
 */
public final class Im2Col {
    private Im2Col() {
    }

    /** Samples per task so that a task has at least about 16k element moves. */
    static int grainSamples(long workPerSample, int batch) {
        if (workPerSample <= 0) {
            return Math.max(batch, 1);
        }
        long g = (1 << 14) / workPerSample;
        return (int) Math.max(1, Math.min(g, Integer.MAX_VALUE));
    }

    /**
     * Unfolds a batch of images {@code x} (N, C, H, W), contiguous from {@code xOff}, into the
     * column matrix {@code col} (C·kh·kw, N·oh·ow): row {@code (c·kh + i)·kw + j}, column
     * {@code n·oh·ow + oy·ow + ox} holds {@code x[n, c, oy·sh − ph + i·dh, ox·sw − pw + j·dw]},
     * or 0 in the padding. Samples are spread over threads.
     */
    public static void im2col(float[] x, int xOff, int batch, ConvGeometry g, float[] col) {
        int p = g.outPlane();
        long work = (long) g.colRows() * p;
        Parallel.forRange(batch, grainSamples(work, batch), (lo, hi) -> {
            for (int n = lo; n < hi; n++) {
                im2colSample(x, xOff + n * g.channels() * g.inPlane(), g, col, n * p, batch * p);
            }
        });
    }

    /** Unfolds one image (C, H, W), contiguous from {@code xOff}, into {@code col[colOff …]} as a (K, P) matrix. */
    public static void im2colOne(float[] x, int xOff, ConvGeometry g, float[] col, int colOff) {
        im2colSample(x, xOff, g, col, colOff, g.outPlane());
    }

    private static void im2colSample(float[] x, int xOff, ConvGeometry g, float[] col, int colOff, int ld) {
        int kh = g.kh(), kw = g.kw(), ow = g.ow(), oh = g.oh(), w = g.w();
        int sw = g.sw();
        for (int c = 0; c < g.channels(); c++) {
            int plane = xOff + c * g.inPlane();
            for (int i = 0; i < kh; i++) {
                int oyLo = g.oyLo(i), oyHi = g.oyHi(i);
                for (int j = 0; j < kw; j++) {
                    int row = colOff + ((c * kh + i) * kw + j) * ld;
                    int oxLo = g.oxLo(j), oxHi = g.oxHi(j);
                    int ix0 = -g.pw() + j * g.dw();
                    for (int oy = 0; oy < oh; oy++) {
                        int dst = row + oy * ow;
                        if (oy < oyLo || oy >= oyHi || oxLo >= oxHi) {
                            Arrays.fill(col, dst, dst + ow, 0f);
                            continue;
                        }
                        int src = plane + (oy * g.sh() - g.ph() + i * g.dh()) * w + ix0;
                        if (oxLo > 0) {
                            Arrays.fill(col, dst, dst + oxLo, 0f);
                        }
                        if (sw == 1) {
                            System.arraycopy(x, src + oxLo, col, dst + oxLo, oxHi - oxLo);
                        } else {
                            for (int ox = oxLo; ox < oxHi; ox++) {
                                col[dst + ox] = x[src + ox * sw];
                            }
                        }
                        if (oxHi < ow) {
                            Arrays.fill(col, dst + oxHi, dst + ow, 0f);
                        }
                    }
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2col}: adds every entry of {@code col} (C·kh·kw, N·oh·ow) back onto
     * the image position it was read from, into {@code x} (N, C, H, W), which the caller zeroes.
     */
    public static void col2im(float[] col, int batch, ConvGeometry g, float[] x, int xOff) {
        int p = g.outPlane();
        long work = (long) g.colRows() * p;
        Parallel.forRange(batch, grainSamples(work, batch), (lo, hi) -> {
            for (int n = lo; n < hi; n++) {
                col2imSample(col, n * p, batch * p, g, x, xOff + n * g.channels() * g.inPlane());
            }
        });
    }

    private static void col2imSample(float[] col, int colOff, int ld, ConvGeometry g, float[] x, int xOff) {
        int kh = g.kh(), kw = g.kw(), ow = g.ow(), w = g.w();
        int sw = g.sw();
        for (int c = 0; c < g.channels(); c++) {
            int plane = xOff + c * g.inPlane();
            for (int i = 0; i < kh; i++) {
                int oyLo = g.oyLo(i), oyHi = g.oyHi(i);
                for (int j = 0; j < kw; j++) {
                    int row = colOff + ((c * kh + i) * kw + j) * ld;
                    int oxLo = g.oxLo(j), oxHi = g.oxHi(j);
                    int ix0 = -g.pw() + j * g.dw();
                    for (int oy = oyLo; oy < oyHi; oy++) {
                        int src = row + oy * ow;
                        int dst = plane + (oy * g.sh() - g.ph() + i * g.dh()) * w + ix0;
                        if (sw == 1) {
                            for (int ox = oxLo; ox < oxHi; ox++) {
                                x[dst + ox] += col[src + ox];
                            }
                        } else {
                            for (int ox = oxLo; ox < oxHi; ox++) {
                                x[dst + ox * sw] += col[src + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Reorders a channel-major matrix {@code m} (C, N·P) into the batch-major tensor data
     * {@code out} (N, C, P), writing channels {@code [c0, c0 + rows)} and adding {@code bias[c]}
     * when bias is non-null.
     */
    public static void channelMajorToBatch(float[] m, int rows, int batch, int p, float[] out, int channels, int c0,
            float[] bias, int biasOff) {
        Parallel.forRange(batch, grainSamples((long) rows * p, batch), (lo, hi) -> {
            for (int n = lo; n < hi; n++) {
                for (int r = 0; r < rows; r++) {
                    int src = r * batch * p + n * p;
                    int dst = (n * channels + c0 + r) * p;
                    if (bias == null) {
                        System.arraycopy(m, src, out, dst, p);
                    } else {
                        float b = bias[biasOff + c0 + r];
                        for (int k = 0; k < p; k++) {
                            out[dst + k] = m[src + k] + b;
                        }
                    }
                }
            }
        });
    }

    /**
     * The inverse of {@link #channelMajorToBatch}: copies channels {@code [c0, c0 + rows)} of
     * {@code x} (N, C, P), contiguous from {@code xOff}, into {@code m} (rows, N·P).
     */
    public static void batchToChannelMajor(float[] x, int xOff, int channels, int c0, int rows, int batch, int p, float[] m) {
        Parallel.forRange(batch, grainSamples((long) rows * p, batch), (lo, hi) -> {
            for (int n = lo; n < hi; n++) {
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(x, xOff + (n * channels + c0 + r) * p, m, r * batch * p + n * p, p);
                }
            }
        });
    }

    /** Adds {@code bias[biasOff + c]} in place to channel c of the dense (N, C, P) data {@code out}. */
    public static void addChannelBias(float[] out, int off, int batch, int channels, int p, float[] bias, int biasOff) {
        Parallel.forRange(batch, grainSamples((long) channels * p, batch), (lo, hi) -> {
            for (int n = lo; n < hi; n++) {
                for (int c = 0; c < channels; c++) {
                    float b = bias[biasOff + c];
                    int base = off + (n * channels + c) * p;
                    for (int k = 0; k < p; k++) {
                        out[base + k] += b;
                    }
                }
            }
        });
    }
}
