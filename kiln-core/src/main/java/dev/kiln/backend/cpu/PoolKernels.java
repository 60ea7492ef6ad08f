package dev.kiln.backend.cpu;

import dev.kiln.backend.PoolWindows;

/**
 * Pooling kernels over planes of a contiguous (…, H, W) tensor, with the windows along each
 * dimension given by {@link PoolWindows} (max, average and adaptive pooling all reduce to this).
 * A 1-D pooling is the case H = 1. Planes are spread over threads. Float32 only: float64
 * pools through {@link dev.kiln.backend.ReferenceBackend}.
 */
public final class PoolKernels {
    private PoolKernels() {
    }

    /** Planes per task so that a task does at least about 16k element visits. */
    static int grain(long workPerPlane, int planes) {
        if (workPerPlane <= 0) {
            return Math.max(planes, 1);
        }
        return (int) Math.max(1, Math.min((1 << 14) / workPerPlane, Integer.MAX_VALUE));
    }

    /**
     * Max pooling over {@code planes} planes of {@code h × w} (contiguous from {@code xOff}):
     * {@code out[p, oy, ox]} is the largest of the window's real elements (NaN wins), and
     * {@code idx} gets its position {@code y·w + x} inside the plane (the first one on ties; the last NaN, as PyTorch does).
     */
    public static void maxForward(float[] x, int xOff, int planes, int h, int w, PoolWindows wy, PoolWindows wx,
            float[] out, int[] idx) {
        int oh = wy.size(), ow = wx.size();
        Parallel.forRange(planes, grain(oh * ow * wy.maxCount() * wx.maxCount(), planes), (lo, hi) -> {
            for (int p = lo; p < hi; p++) {
                int base = xOff + p * h * w;
                int o = p * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = wy.start(oy), ny = wy.count(oy), sy = wy.step();
                    for (int ox = 0; ox < ow; ox++, o++) {
                        int x0 = wx.start(ox), nx = wx.count(ox), sx = wx.step();
                        int best = y0 * w + x0;
                        float m = x[base + best];
                        for (int i = 0; i < ny; i++) {
                            int row = (y0 + i * sy) * w;
                            for (int j = 0; j < nx; j++) {
                                int pos = row + x0 + j * sx;
                                float v = x[base + pos];
                                if (v > m || v != v) {
                                    m = v;
                                    best = pos;
                                }
                            }
                        }
                        out[o] = m;
                        idx[o] = best;
                    }
                }
            }
        });
    }

    /**
     * Max pooling with 2×2 windows, stride 2 and no padding or dilation (the common case), with the
     * same results as {@link #maxForward}; {@code oh = h/2}, {@code ow = w/2}.
     */
    public static void maxForward2x2(float[] x, int xOff, int planes, int h, int w, float[] out, int[] idx) {
        int oh = h / 2, ow = w / 2;
        Parallel.forRange(planes, grain(4L * oh * ow, planes), (lo, hi) -> {
            for (int p = lo; p < hi; p++) {
                int base = xOff + p * h * w;
                int o = p * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    int r0 = 2 * oy * w;
                    int r1 = r0 + w;
                    for (int ox = 0; ox < ow; ox++, o++) {
                        int c = 2 * ox;
                        // branch-free selects: ties (ReLU zeros) and random data make branches mispredict
                        float a = x[base + r0 + c];
                        float b = x[base + r0 + c + 1];
                        float d = x[base + r1 + c];
                        float e = x[base + r1 + c + 1];
                        float mx = Math.max(Math.max(a, b), Math.max(d, e));
                        int best;
                        if (mx == mx) {
                            // the first element of the window (row-major) equal to the maximum
                            best = e == mx ? r1 + c + 1 : r1 + c;
                            best = d == mx ? r1 + c : best;
                            best = b == mx ? r0 + c + 1 : best;
                            best = a == mx ? r0 + c : best;
                        } else {
                            // a NaN wins: the last one of the window
                            best = e != e ? r1 + c + 1 : d != d ? r1 + c : b != b ? r0 + c + 1 : r0 + c;
                        }
                        float m = x[base + best];
                        out[o] = m;
                        idx[o] = best;
                    }
                }
            }
        });
    }

    /**
     * The gradient of max pooling, {@code gx[p, idx[o]] = Σ g[o]}, writing every element of {@code gx}: each
     * plane is zeroed while it is in the cache, then the window gradients are added at their arg-max.
     */
    public static void maxBackward(float[] g, int gOff, int[] idx, int planes, int inPlane, int outPlane, float[] gx) {
        Parallel.forRange(planes, grain(outPlane, planes), (lo, hi) -> {
            for (int p = lo; p < hi; p++) {
                int ib = p * inPlane;
                java.util.Arrays.fill(gx, ib, ib + inPlane, 0f); // the plane is zeroed while it is in the cache
                for (int o = p * outPlane, e = o + outPlane; o < e; o++) {
                    gx[ib + idx[o]] += g[gOff + o];
                }
            }
        });
    }

    /**
     * The gradient of {@link #maxForward2x2}, writing every element of {@code gx} (its previous
     * contents do not matter) in one pass: each pair of input rows is zeroed while it is in the
     * L1 cache, then each window's gradient is stored at its arg-max as {@code g[o] + 0} (the value
     * adding into zeros gives: −0 becomes +0). An odd last row, which no window covers, gets 0.
     */
    public static void maxBackward2x2(float[] g, int gOff, int[] idx, int planes, int h, int w, float[] gx) {
        int oh = h / 2, ow = w / 2;
        Parallel.forRange(planes, grain((long) h * w, planes), (lo, hi) -> {
            for (int p = lo; p < hi; p++) {
                int ib = p * h * w;
                int o = p * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    int r0 = ib + 2 * oy * w;
                    java.util.Arrays.fill(gx, r0, r0 + 2 * w, 0f);
                    for (int e = o + ow; o < e; o++) {
                        gx[ib + idx[o]] = g[gOff + o] + 0f;
                    }
                }
                if ((h & 1) != 0) {
                    java.util.Arrays.fill(gx, ib + (h - 1) * w, ib + h * w, 0f);
                }
            }
        });
    }

    /**
     * Average pooling: {@code out[p, oy, ox]} is the sum of the window's real elements divided by
     * {@code divisor[oy·ow + ox]}.
     */
    public static void avgForward(float[] x, int xOff, int planes, int h, int w, PoolWindows wy, PoolWindows wx,
            double[] divisor, float[] out) {
        int oh = wy.size(), ow = wx.size();
        Parallel.forRange(planes, grain(oh * ow * wy.maxCount() * wx.maxCount(), planes), (lo, hi) -> {
            for (int p = lo; p < hi; p++) {
                int base = xOff + p * h * w;
                int o = p * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = wy.start(oy), ny = wy.count(oy), sy = wy.step();
                    for (int ox = 0; ox < ow; ox++, o++) {
                        int x0 = wx.start(ox), nx = wx.count(ox), sx = wx.step();
                        float s = 0;
                        for (int i = 0; i < ny; i++) {
                            int row = base + (y0 + i * sy) * w + x0;
                            for (int j = 0; j < nx; j++) {
                                s += x[row + j * sx];
                            }
                        }
                        out[o] = (float) (s / divisor[oy * ow + ox]);
                    }
                }
            }
        });
    }

    /**
     * The gradient of average pooling, writing every element of {@code gx} (its previous contents do not
     * matter): each plane is zeroed while it is in the cache, then each window's share is added in.
     */
    public static void avgBackward(float[] g, int gOff, int planes, int h, int w, PoolWindows wy, PoolWindows wx,
            double[] divisor, float[] gx) {
        int oh = wy.size(), ow = wx.size();
        Parallel.forRange(planes, grain(oh * ow * wy.maxCount() * wx.maxCount(), planes), (lo, hi) -> {
            for (int p = lo; p < hi; p++) {
                int base = p * h * w;
                java.util.Arrays.fill(gx, base, base + h * w, 0f);
                int o = gOff + p * oh * ow;
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = wy.start(oy), ny = wy.count(oy), sy = wy.step();
                    for (int ox = 0; ox < ow; ox++, o++) {
                        int x0 = wx.start(ox), nx = wx.count(ox), sx = wx.step();
                        float v = (float) (g[o] / divisor[oy * ow + ox]);
                        for (int i = 0; i < ny; i++) {
                            int row = base + (y0 + i * sy) * w + x0;
                            for (int j = 0; j < nx; j++) {
                                gx[row + j * sx] += v;
                            }
                        }
                    }
                }
            }
        });
    }
}
