package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every generated {@link LaneConvKernels} variant through {@link LaneConv}'s drivers against a plain float64
 * convolution on random data with ragged sizes. The float32 tolerance is the error bound of a k-term sum,
 * {@code (k + 2)·u·Σ|terms|} with u = 2⁻²⁴, doubled (FMA and summation order differ from the reference).
 */
class LaneConvTest {
    /** A stride-1 convolution: c input channels, co output channels, kernel kh × kw, output oh × ow. */
    private record Geometry(int c, int co, int kh, int kw, int oh, int ow) {
        int hp() {
            return oh + kh - 1;
        }

        int wp() {
            return ow + kw - 1;
        }

        int plane() {
            return hp() * wp();
        }

        int k() {
            return c * kh * kw;
        }

        int np() {
            return oh * ow;
        }

        int[] taps() {
            return LaneConv.tapOffsets(c, kh, kw, hp(), wp());
        }
    }

    private static final double U = Math.ulp(1.0f) / 2;

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    private static void near(String what, double expected, double absSum, int terms, float actual) {
        double tol = 2 * (terms + 2) * U * absSum + 1e-30;
        if (Math.abs(actual - expected) > tol) {
            throw new AssertionError(what + ": expected " + expected + " but was " + actual + " (tolerance " + tol + ")");
        }
    }

    /** Output widths that select every run length 4, 5, 7, 8 (and overlapping last runs, and the pixel table). */
    private static final int[] WIDTHS = {3, 4, 5, 6, 7, 8, 9, 13, 17};

    private static List<Geometry> forwardCases() {
        int l = LaneConv.lanes();
        return List.of(
                new Geometry(2, l, 5, 5, 3, 0), new Geometry(3, l - 3, 3, 3, 2, 0), new Geometry(1, l + 5, 5, 5, 3, 0),
                new Geometry(2, 7, 3, 3, 3, 0), new Geometry(3, l, 2, 2, 3, 0), new Geometry(2, 9, 1, 1, 2, 0),
                new Geometry(1, l, 4, 4, 3, 0), new Geometry(2, l + 1, 1, 7, 2, 0));
    }

    @Test
    void forwardMatchesTheReferenceForEveryTile() {
        Random rnd = new Random(11);
        Set<String> used = new HashSet<>();
        for (Geometry base : forwardCases()) {
            for (int ow : WIDTHS) {
                Geometry g = new Geometry(base.c(), base.co(), base.kh(), base.kw(), base.oh(), ow);
                int[] taps = g.taps();
                int[] rows = LaneConv.kernelRows(taps);
                int kw = rows == null ? 1 : taps.length / rows.length;
                int r = LaneConv.runLength(ow, kw);
                used.add(r == 0 ? "pixels" : "rows" + kw + "x" + r);
                for (boolean withBias : new boolean[] {true, false}) {
                    forward(g, withBias, rnd);
                }
            }
        }
        Set<String> all = new HashSet<>(Set.of("pixels"));
        for (int kw : new int[] {1, 3, 5}) {
            for (int r = 1; r <= LaneConv.PIXELS; r++) {
                if (LaneConvKernels.hasForwardTile(kw, r)) {
                    all.add("rows" + kw + "x" + r);
                }
            }
        }
        assertEquals(all, used, "the cases must reach every forward tile");
    }

    private static void forward(Geometry g, boolean withBias, Random rnd) {
        int k = g.k();
        int ld = LaneConv.ld(g.co());
        float[] w = random(rnd, g.co() * k);
        float[] bias = null;
        if (withBias) {
            bias = new float[ld];
            System.arraycopy(random(rnd, g.co()), 0, bias, 0, g.co());
        }
        int xOff = 3;
        float[] x = random(rnd, xOff + g.c() * g.plane());
        int yOff = 5;
        float[] y = new float[yOff + g.co() * g.np() + 2];
        int[] taps = g.taps();
        LaneConv.forwardSample(g.co(), k, LaneConv.packWeights(g.co(), k, w), bias, taps, LaneConv.kernelRows(taps),
                LaneConv.pixelOffsets(g.oh(), g.ow(), g.wp()), g.oh(), g.ow(), g.wp(), x, xOff, y, yOff,
                new float[LaneConv.SCRATCH]);
        for (int o = 0; o < g.co(); o++) {
            for (int oy = 0; oy < g.oh(); oy++) {
                for (int ox = 0; ox < g.ow(); ox++) {
                    double sum = bias == null ? 0 : bias[o];
                    double abs = Math.abs(sum);
                    for (int ci = 0; ci < g.c(); ci++) {
                        for (int ky = 0; ky < g.kh(); ky++) {
                            for (int kx = 0; kx < g.kw(); kx++) {
                                double t = (double) w[o * k + (ci * g.kh() + ky) * g.kw() + kx]
                                        * x[xOff + ci * g.plane() + (oy + ky) * g.wp() + ox + kx];
                                sum += t;
                                abs += Math.abs(t);
                            }
                        }
                    }
                    near("forward " + g + " y[" + o + ", " + oy + ", " + ox + "]", sum, abs, k + 1,
                            y[yOff + o * g.np() + oy * g.ow() + ox]);
                }
            }
        }
        assertEquals(0f, y[yOff + g.co() * g.np()], "nothing written past the output");
        assertEquals(0f, y[yOff - 1], "nothing written before the output");
    }

    @Test
    void weightGradientMatchesTheReferenceForEveryKernel() {
        Random rnd = new Random(12);
        int l = LaneConv.lanes();
        // widths 5 and 3 with even and odd kernel-row counts (two rows, then one, per call); other widths with
        // tap counts that leave remainders after groups of eight; odd batches (the one-sample kernels)
        List<Geometry> cases = List.of(new Geometry(1, l, 5, 5, 4, 6), new Geometry(2, l - 2, 5, 5, 3, 7),
                new Geometry(1, l + 3, 3, 3, 5, 9), new Geometry(2, l, 3, 3, 4, 5), new Geometry(3, 7, 2, 2, 3, 6),
                new Geometry(5, l, 1, 1, 4, 4), new Geometry(2, l, 1, 4, 3, 5));
        for (Geometry g : cases) {
            for (int batch : new int[] {1, 2, 3, 5}) {
                weightGrad(g, batch, rnd);
            }
        }
    }

    private static void weightGrad(Geometry g, int batch, Random rnd) {
        int k = g.k();
        int np = g.np();
        int ld = LaneConv.ld(g.co());
        int xOff = 2;
        int xBs = g.c() * g.plane() + 1;
        float[] x = random(rnd, xOff + batch * xBs);
        float[] dy = random(rnd, batch * g.co() * np);
        float[] dyT = new float[batch * np * ld];
        for (int s = 0; s < batch; s++) {
            LaneConv.transpose(g.co(), np, dy, s * g.co() * np, dyT, s * np * ld);
        }
        float[] acc0 = random(rnd, k * ld);
        float[] acc = acc0.clone();
        int[] taps = g.taps();
        LaneConv.weightGradAccumulate(ld, taps, LaneConv.kernelRows(taps), g.oh(), g.ow(), g.wp(), batch, x, xOff, xBs, dyT, acc);
        for (int t = 0; t < k; t++) {
            for (int o = 0; o < ld; o++) {
                double sum = acc0[t * ld + o];
                double abs = Math.abs(sum);
                if (o < g.co()) {
                    for (int s = 0; s < batch; s++) {
                        for (int oy = 0; oy < g.oh(); oy++) {
                            for (int ox = 0; ox < g.ow(); ox++) {
                                double v = (double) dy[(s * g.co() + o) * np + oy * g.ow() + ox]
                                        * x[xOff + s * xBs + taps[t] + oy * g.wp() + ox];
                                sum += v;
                                abs += Math.abs(v);
                            }
                        }
                    }
                }
                near("weight gradient " + g + " batch " + batch + " acc[" + t + ", " + o + "]", sum, abs, batch * np + 1,
                        acc[t * ld + o]);
            }
        }
    }

    @Test
    void inputGradientMatchesTheReferenceForEveryBand() {
        Random rnd = new Random(13);
        // width 5: six channels at a time (three-vector bands and their one-vector tail), then three (four-vector
        // bands and tail), then single channels; other widths: three channels (four- and one-vector bands), then one
        List<Geometry> cases = List.of(new Geometry(7, 16, 5, 5, 4, 6), new Geometry(13, 5, 5, 5, 5, 9),
                new Geometry(4, 12, 5, 5, 6, 11), new Geometry(5, 16, 3, 3, 5, 9), new Geometry(3, 3, 3, 3, 7, 4),
                new Geometry(2, 9, 2, 4, 3, 5), new Geometry(4, 6, 1, 1, 5, 6));
        for (Geometry g : cases) {
            inputGrad(g, rnd);
        }
    }

    private static void inputGrad(Geometry g, Random rnd) {
        int k = g.k();
        int l = LaneConv.lanes();
        int lz = LaneConv.bandRow(g.oh(), g.kw(), g.wp());
        int vt = LaneConv.bandVectors(g.oh(), g.wp());
        assertTrue(vt * l >= g.oh() * g.wp());
        float[] w = random(rnd, g.co() * k);
        float[] dy = random(rnd, g.co() * g.np());
        float[] dyz = random(rnd, g.co() * lz);
        LaneConv.bandRows(g.co(), g.oh(), g.ow(), g.kw(), g.wp(), dy, 0, dyz);
        int size = (g.c() - 1) * g.plane() + (g.kh() - 1) * g.wp() + vt * l;
        float[] dxp0 = random(rnd, Math.max(size, g.c() * g.plane()));
        float[] dxp = dxp0.clone();
        LaneConv.inputGradSample(g.c(), g.kh(), g.kw(), g.co(), g.oh(), g.hp(), g.wp(), LaneConv.packWeights(g.co(), k, w),
                dyz, dxp);
        for (int ci = 0; ci < g.c(); ci++) {
            for (int iy = 0; iy < g.hp(); iy++) {
                for (int ix = 0; ix < g.wp(); ix++) {
                    int at = ci * g.plane() + iy * g.wp() + ix;
                    double sum = dxp0[at];
                    double abs = Math.abs(sum);
                    for (int o = 0; o < g.co(); o++) {
                        for (int ky = 0; ky < g.kh(); ky++) {
                            for (int kx = 0; kx < g.kw(); kx++) {
                                int oy = iy - ky;
                                int ox = ix - kx;
                                if (oy >= 0 && oy < g.oh() && ox >= 0 && ox < g.ow()) {
                                    double v = (double) w[o * k + (ci * g.kh() + ky) * g.kw() + kx] * dy[o * g.np() + oy * g.ow() + ox];
                                    sum += v;
                                    abs += Math.abs(v);
                                }
                            }
                        }
                    }
                    near("input gradient " + g + " dxp[" + ci + ", " + iy + ", " + ix + "]", sum, abs,
                            g.co() * g.kh() * g.kw() + 1, dxp[at]);
                }
            }
        }
    }
}
