package dev.kiln.backend;

/**
 * The float64 convolution loops of {@link ReferenceBackend}, straight from the definition (see
 * {@link Backend#conv2dForward}): every term w[o, c, i, j]·x[n, c, iy, ix] of the sum is visited once, in a
 * fixed order, by {@link #forEachTerm}, and the three primitives add it where they need it.
 */
final class ReferenceConvolution {
    private ReferenceConvolution() {
    }

    /** y = bias + conv(x, w), written whole. */
    static void forward(ConvGeometry g, int batch, int outChannels, int groups, double[] x, int xo, double[] w, int wo,
            double[] bias, int bo, double[] y) {
        int p = g.outPlane();
        for (int i = 0; i < batch * outChannels * p; i++) {
            y[i] = bias == null ? 0 : bias[bo + i / p % outChannels];
        }
        forEachTerm(g, batch, outChannels, groups, (yi, wi, xi) -> y[yi] += w[wo + wi] * x[xo + xi]);
    }

    /** dx of the convolution, written whole. */
    static void backwardInput(ConvGeometry g, int batch, int outChannels, int groups, double[] dy, int dyo, double[] w,
            int wo, double[] dx) {
        java.util.Arrays.fill(dx, 0, batch * g.channels() * g.inPlane(), 0);
        forEachTerm(g, batch, outChannels, groups, (yi, wi, xi) -> dx[xi] += w[wo + wi] * dy[dyo + yi]);
    }

    /** dw of the convolution, written whole. */
    static void backwardWeight(ConvGeometry g, int batch, int outChannels, int groups, double[] x, int xo, double[] dy,
            int dyo, double[] dw) {
        java.util.Arrays.fill(dw, 0, outChannels * g.colRows() / groups, 0);
        forEachTerm(g, batch, outChannels, groups, (yi, wi, xi) -> dw[wi] += dy[dyo + yi] * x[xo + xi]);
    }

    /**
     * Visits every term of a convolution: for each sample n, output channel o, output position (oy, ox),
     * input channel c of o's group (cg its index inside the group) and kernel tap (i, j) that reads inside
     * the image, the flat indices of y[n, o, oy, ox], w[o, cg, i, j] and x[n, c, iy, ix].
     */
    @FunctionalInterface
    private interface ConvTerm {
        void add(int yi, int wi, int xi);
    }

    private static void forEachTerm(ConvGeometry g, int batch, int outChannels, int groups, ConvTerm term) {
        int cig = g.channels() / groups, cog = outChannels / groups;
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < outChannels; o++) {
                int c0 = o / cog * cig;
                for (int oy = 0; oy < g.oh(); oy++) {
                    for (int ox = 0; ox < g.ow(); ox++) {
                        int yi = ((n * outChannels + o) * g.oh() + oy) * g.ow() + ox;
                        for (int cg = 0; cg < cig; cg++) {
                            for (int i = 0; i < g.kh(); i++) {
                                int iy = oy * g.sh() - g.ph() + i * g.dh();
                                for (int j = 0; j < g.kw(); j++) {
                                    int ix = ox * g.sw() - g.pw() + j * g.dw();
                                    if (iy >= 0 && iy < g.h() && ix >= 0 && ix < g.w()) {
                                        term.add(yi, ((o * cig + cg) * g.kh() + i) * g.kw() + j,
                                                ((n * g.channels() + c0 + cg) * g.h() + iy) * g.w() + ix);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
