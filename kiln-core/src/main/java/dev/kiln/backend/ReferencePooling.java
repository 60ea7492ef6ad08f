package dev.kiln.backend;

/**
 * The float64 pooling loops of {@link ReferenceBackend} (see {@link Backend#maxPool} and {@link Backend#avgPool}):
 * each output scans its window (wy[oy], wx[ox]) of plane p directly; the gradients add into a zeroed input.
 */
final class ReferencePooling {
    private ReferencePooling() {
    }

    /** Max pooling: the row-major scan over each window, a strictly larger value or a NaN wins. */
    static void maxPool(double[] x, int xo, int planes, int h, int w, PoolWindows wy, PoolWindows wx, double[] out, int[] idx) {
        int o = 0;
        for (int p = 0; p < planes; p++) {
            int base = xo + p * h * w;
            for (int oy = 0; oy < wy.size(); oy++) {
                for (int ox = 0; ox < wx.size(); ox++, o++) {
                    int best = wy.start(oy) * w + wx.start(ox);
                    double m = x[base + best];
                    for (int i = 0; i < wy.count(oy); i++) {
                        for (int j = 0; j < wx.count(ox); j++) {
                            int pos = (wy.start(oy) + i * wy.step()) * w + wx.start(ox) + j * wx.step();
                            double v = x[base + pos];
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
    }

    /** gx[p, idx[o]] = Σ g[o]; gx written whole. */
    static void maxPoolBackward(double[] g, int go, int[] idx, int planes, int h, int w, PoolWindows wy, PoolWindows wx,
            double[] gx) {
        java.util.Arrays.fill(gx, 0, planes * h * w, 0);
        int outPlane = wy.size() * wx.size();
        for (int o = 0; o < planes * outPlane; o++) {
            gx[(o / outPlane) * h * w + idx[o]] += g[go + o];
        }
    }

    /** Average pooling: each window's sum over its real elements divided by its divisor. */
    static void avgPool(double[] x, int xo, int planes, int h, int w, PoolWindows wy, PoolWindows wx, double[] divisor,
            double[] out) {
        int o = 0;
        for (int p = 0; p < planes; p++) {
            int base = xo + p * h * w;
            for (int oy = 0; oy < wy.size(); oy++) {
                for (int ox = 0; ox < wx.size(); ox++, o++) {
                    double s = 0;
                    for (int i = 0; i < wy.count(oy); i++) {
                        for (int j = 0; j < wx.count(ox); j++) {
                            s += x[base + (wy.start(oy) + i * wy.step()) * w + wx.start(ox) + j * wx.step()];
                        }
                    }
                    out[o] = s / divisor[oy * wx.size() + ox];
                }
            }
        }
    }

    /** Each window's g / divisor spread over its real elements; gx written whole. */
    static void avgPoolBackward(double[] g, int go, int planes, int h, int w, PoolWindows wy, PoolWindows wx, double[] divisor,
            double[] gx) {
        java.util.Arrays.fill(gx, 0, planes * h * w, 0);
        int o = go;
        for (int p = 0; p < planes; p++) {
            int base = p * h * w;
            for (int oy = 0; oy < wy.size(); oy++) {
                for (int ox = 0; ox < wx.size(); ox++, o++) {
                    double v = g[o] / divisor[oy * wx.size() + ox];
                    for (int i = 0; i < wy.count(oy); i++) {
                        for (int j = 0; j < wx.count(ox); j++) {
                            gx[base + (wy.start(oy) + i * wy.step()) * w + wx.start(ox) + j * wx.step()] += v;
                        }
                    }
                }
            }
        }
    }
}
