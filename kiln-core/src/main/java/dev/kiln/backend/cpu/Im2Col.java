package dev.kiln.backend.cpu;

import dev.kiln.backend.ConvGeometry;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The im2col lowering of convolution to matrix multiplication, and its adjoint col2im.
 *
 * <p>For a batch of images (N, C, H, W) and a {@link ConvGeometry}, the column matrix has one row
 * per (channel, kernel tap) pair, {@code C·kh·kw} rows, and one column per (sample, output
 * position), {@code N·oh·ow} columns. A convolution is then {@code W (C_out, C·kh·kw) × col},
 * the weight gradient {@code grad (C_out, N·oh·ow) × colᵀ}, and the input gradient
 * {@code col2im(Wᵀ × grad)}. {@code ld} is the column matrix's row stride, so that several samples'
 * columns can sit side by side (see {@link ChunkedConv}).
 *
 * <p>Float32 only (float64 convolves through {@link dev.kiln.backend.ReferenceBackend}); single-threaded
 * (the callers split the batch).
 */
public final class Im2Col {
    private static final VectorSpecies<Float> S = FloatVectors.S;
    private static final int L = S.length();

    private Im2Col() {
    }

    /** Unfolds one image (C, H, W), contiguous from {@code xOff}, into {@code col[colOff …]} as a (K, P) matrix. */
    public static void im2colOne(float[] x, int xOff, ConvGeometry g, float[] col, int colOff) {
        im2colSample(x, xOff, g, col, colOff, g.outPlane());
    }

    static void im2colSample(float[] x, int xOff, ConvGeometry g, float[] col, int colOff, int ld) {
        im2colChannels(x, xOff, g, 0, g.channels(), col, colOff, ld);
    }

    /** {@link #im2colSample} for the rows of channels [c0, c1) only (the unit of threading at batch 1). */
    static void im2colChannels(float[] x, int xOff, ConvGeometry g, int c0, int c1, float[] col, int colOff, int ld) {
        int kh = g.kh(), kw = g.kw(), ow = g.ow(), oh = g.oh(), w = g.w();
        int sw = g.sw();
        for (int c = c0; c < c1; c++) {
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
                        } else if (sw == 2) {
                            evenElements(x, src + 2 * oxLo, col, dst + oxLo, oxHi - oxLo);
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

    /** Lane indices 0, 2, 4, … into a pair of vectors: the even elements of 2L floats. */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.fromOp(S, l -> 2 * l);

    /**
     * {@code dst[d + i] = x[src + 2i]} for i in [0, n): a row of stride-2 windows, whole vectors as the even lanes
     * of two loads, the rest scalar.
     */
    static void evenElements(float[] x, int src, float[] dst, int d, int n) {
        int i = 0;
        for (; i + L <= n && src + 2 * (i + L) <= x.length; i += L) {
            FloatVector a = FloatVector.fromArray(S, x, src + 2 * i), b = FloatVector.fromArray(S, x, src + 2 * i + L);
            a.rearrange(EVEN, b).intoArray(dst, d + i);
        }
        for (; i < n; i++) {
            dst[d + i] = x[src + 2 * i];
        }
    }

    /**
     * The adjoint of {@link #im2colOne}: adds every entry of {@code col[colOff …]} (C·kh·kw, oh·ow) back
     * onto the image position it was read from, into {@code x} (C, H, W) from {@code xOff}.
     */
    public static void col2imOne(float[] col, int colOff, ConvGeometry g, float[] x, int xOff) {
        col2imSample(col, colOff, g.outPlane(), g, x, xOff);
    }

    static void col2imSample(float[] col, int colOff, int ld, ConvGeometry g, float[] x, int xOff) {
        col2imChannels(col, colOff, ld, g, 0, g.channels(), x, xOff);
    }

    /** {@link #col2imSample} for the rows of channels [c0, c1) only, which add onto those channels' planes. */
    static void col2imChannels(float[] col, int colOff, int ld, ConvGeometry g, int c0, int c1, float[] x, int xOff) {
        int kh = g.kh(), kw = g.kw(), ow = g.ow(), w = g.w();
        int sw = g.sw();
        for (int c = c0; c < c1; c++) {
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
}
