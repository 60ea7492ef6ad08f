package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.backend.ConvGeometry;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The vectorised Winograd transforms against the matrix products that define them, in float64:
 * U = G·g·Gᵀ, V = Bᵀ·d·B, Y = Aᵀ·M·A, on ragged counts (partial vectors) and sub-ranges; and the
 * identity the input gradient relies on, that the transform of the flipped kernel is a permutation of
 * the forward transform.
 */
class WinogradTransformsTest {
    private static final double[][] G = {{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0, 0, 1}};
    private static final double[][] BT = {{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}};
    private static final double[][] AT = {{1, 1, 1, 0}, {0, 1, -1, -1}};

    private static float[] randoms(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (2 * r.nextDouble() - 1);
        }
        return x;
    }

    /** L·X·Rᵀ for L (a, b), X (b, b'), R (c, b'). */
    private static double[][] sandwich(double[][] l, double[][] x, double[][] r) {
        double[][] out = new double[l.length][r.length];
        for (int i = 0; i < l.length; i++) {
            for (int j = 0; j < r.length; j++) {
                double s = 0;
                for (int p = 0; p < x.length; p++) {
                    for (int q = 0; q < x[0].length; q++) {
                        s += l[i][p] * x[p][q] * r[j][q];
                    }
                }
                out[i][j] = s;
            }
        }
        return out;
    }

    private static double[][] kernel(float[] w, int at, boolean flip) {
        double[][] g = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                g[i][j] = flip ? w[at + 8 - (3 * i + j)] : w[at + 3 * i + j];
            }
        }
        return g;
    }

    @Test
    void kernelTransformIsGgGt() {
        Random r = new Random(1);
        for (int pairs : new int[] {1, 7, 16, 17, 40}) {
            int p0 = pairs > 8 ? 3 : 0, stride = pairs + 5;
            float[] w = randoms(r, 9 * pairs + 2);
            float[] u = new float[16 * stride];
            WinogradTransforms.kernels(w, 2, p0, pairs, u, stride);
            for (int p = p0; p < pairs; p++) {
                double[][] want = sandwich(G, kernel(w, 2 + 9 * p, false), G);
                for (int e = 0; e < 16; e++) {
                    assertEquals(want[e / 4][e % 4], u[e * stride + p], 1e-6, pairs + " kernels: kernel " + p + " element " + e);
                }
            }
        }
    }

    @Test
    void flippedKernelTransformIsAPermutationOfTheForwardOne() {
        Random r = new Random(2);
        float[] w = randoms(r, 9 * 20);
        int stride = 20 + 3;
        float[] u = new float[16 * stride];
        WinogradTransforms.kernels(w, 0, 0, 20, u, stride);
        for (int p = 0; p < 20; p++) {
            double[][] forward = sandwich(G, kernel(w, 9 * p, false), G);
            double[][] flipped = sandwich(G, kernel(w, 9 * p, true), G);
            for (int e = 0; e < 16; e++) {
                int f = Winograd.FLIPPED[e];
                // exact in float64: the algebraic identity G·flip(g)·Gᵀ = P·(G·g·Gᵀ)·P
                assertEquals(forward[f / 4][f % 4], flipped[e / 4][e % 4], 1e-15, "kernel " + p + " element " + e);
                assertEquals(flipped[e / 4][e % 4], u[f * stride + p], 1e-6, "kernel " + p + " element " + e + " from plane " + f);
            }
        }
    }

    @Test
    void inputTransformIsBtdB() {
        Random r = new Random(3);
        // padding 0, 1, 2; odd output sizes (the last tiles half outside); more tiles than a vector
        // and rows of tiles a whole number of vectors or half of one (32, 16 and 8 outputs wide: the even/odd split of
        // whole input rows, with AVX-512 or AVX2)
        int[][] cases = {{3, 7, 9, 1, 2, 0, 3}, {2, 6, 5, 2, 1, 1, 2}, {4, 4, 4, 0, 3, 1, 4}, {1, 12, 11, 1, 1, 0, 1},
            {2, 5, 32, 1, 1, 0, 2}, {2, 6, 34, 0, 0, 1, 2}, {1, 3, 30, 2, 1, 0, 1},
            {2, 8, 16, 1, 1, 0, 2}, {2, 10, 18, 0, 0, 1, 2}, {1, 6, 14, 2, 1, 0, 1}, {2, 4, 8, 1, 1, 0, 2}};
        for (int[] k : cases) {
            int c = k[0], h = k[1], w = k[2], pad = k[3], n0 = k[4], c0 = k[5], c1 = k[6];
            int batch = n0 + 2, oh = h + 2 * pad - 2, ow = w + 2 * pad - 2;
            ConvGeometry g = new ConvGeometry(c, h, w, 3, 3, 1, 1, pad, pad, 1, 1, oh, ow);
            float[] x = randoms(r, batch * c * h * w + 1);
            int th = (oh + 1) / 2, tw = (ow + 1) / 2, nt = 2 * th * tw, stride = c * nt + 7;
            float[] v = new float[16 * stride];
            WinogradTransforms.inputs(g, x, 1, n0, n0 + 2, c0, c1, v, nt, stride);
            for (int n = n0; n < n0 + 2; n++) {
                for (int ch = c0; ch < c1; ch++) {
                    for (int ty = 0; ty < th; ty++) {
                        for (int tx = 0; tx < tw; tx++) {
                            double[][] d = new double[4][4];
                            for (int i = 0; i < 4; i++) {
                                for (int j = 0; j < 4; j++) {
                                    int iy = 2 * ty + i - pad, ix = 2 * tx + j - pad;
                                    d[i][j] = iy >= 0 && iy < h && ix >= 0 && ix < w ? x[1 + ((n * c + ch) * h + iy) * w + ix] : 0;
                                }
                            }
                            double[][] want = sandwich(BT, d, BT);
                            int t = (n - n0) * th * tw + ty * tw + tx;
                            for (int e = 0; e < 16; e++) {
                                assertEquals(want[e / 4][e % 4], v[e * stride + ch * nt + t], 1e-6,
                                        java.util.Arrays.toString(k) + " sample " + n + " channel " + ch + " tile " + t + " element " + e);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void outputTransformIsAtMA() {
        Random r = new Random(4);
        int[][] cases = {{5, 7, 9, 1, 4}, {3, 2, 2, 0, 3}, {2, 11, 12, 1, 2}, {2, 4, 32, 0, 2}, {3, 3, 32, 1, 3}, {2, 8, 16, 0, 2}, {3, 4, 16, 1, 3}, {2, 4, 8, 0, 2}};
        for (int[] k : cases) {
            int co = k[0], oh = k[1], ow = k[2], o0 = k[3], o1 = k[4];
            int n0 = 1, batch = 3;
            ConvGeometry g = new ConvGeometry(1, oh, ow, 3, 3, 1, 1, 1, 1, 1, 1, oh, ow);
            int th = (oh + 1) / 2, tw = (ow + 1) / 2, nt = 2 * th * tw, stride = co * nt + 3;
            float[] m = randoms(r, 16 * stride);
            float[] bias = randoms(r, co + 2);
            float[] y = new float[batch * co * oh * ow];
            java.util.Arrays.fill(y, Float.NaN);
            WinogradTransforms.outputs(g, co, m, nt, stride, bias, 2, y, n0, o0, o1);
            for (int n = 0; n < batch; n++) {
                for (int o = 0; o < co; o++) {
                    for (int oy = 0; oy < oh; oy++) {
                        for (int ox = 0; ox < ow; ox++) {
                            float got = y[((n * co + o) * oh + oy) * ow + ox];
                            if (n < n0 || n >= n0 + 2 || o < o0 || o >= o1) {
                                assertEquals(Float.NaN, got, "written outside the asked range");
                                continue;
                            }
                            int t = (n - n0) * th * tw + (oy / 2) * tw + ox / 2;
                            double[][] mt = new double[4][4];
                            for (int e = 0; e < 16; e++) {
                                mt[e / 4][e % 4] = m[e * stride + o * nt + t];
                            }
                            double want = bias[2 + o] + sandwich(AT, mt, AT)[oy % 2][ox % 2];
                            assertEquals(want, got, 1e-5, java.util.Arrays.toString(k) + " at " + n + "," + o + "," + oy + "," + ox);
                        }
                    }
                }
            }
        }
    }

    /** Xᵀ for a rectangular X. */
    private static double[][] transpose(double[][] x) {
        double[][] t = new double[x[0].length][x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[0].length; j++) {
                t[j][i] = x[i][j];
            }
        }
        return t;
    }

    @Test
    void outputGradientTransformIsAdYAt() {
        Random r = new Random(5);
        double[][] a = transpose(AT);
        int[][] cases = {{5, 7, 9, 1, 4}, {3, 2, 2, 0, 3}, {2, 11, 12, 1, 2}};
        for (int[] k : cases) {
            int co = k[0], oh = k[1], ow = k[2], o0 = k[3], o1 = k[4];
            int n0 = 1, batch = 3;
            ConvGeometry g = new ConvGeometry(1, oh, ow, 3, 3, 1, 1, 1, 1, 1, 1, oh, ow);
            int th = (oh + 1) / 2, tw = (ow + 1) / 2, nt = 2 * th * tw, stride = co * nt + 3;
            float[] dy = randoms(r, batch * co * oh * ow + 2);
            float[] w = new float[16 * stride];
            WinogradTransforms.outputGradients(g, co, dy, 2, n0, o0, o1, w, nt, stride);
            for (int n = n0; n < n0 + 2; n++) {
                for (int o = o0; o < o1; o++) {
                    for (int t = 0; t < th * tw; t++) {
                        int ty = t / tw, tx = t % tw;
                        double[][] d = new double[2][2];
                        for (int i = 0; i < 2; i++) {
                            for (int j = 0; j < 2; j++) {
                                int oy = 2 * ty + i, ox = 2 * tx + j;
                                d[i][j] = oy < oh && ox < ow ? dy[2 + ((n * co + o) * oh + oy) * ow + ox] : 0;
                            }
                        }
                        double[][] want = sandwich(a, d, a);
                        int at = o * nt + (n - n0) * th * tw + t;
                        for (int e = 0; e < 16; e++) {
                            assertEquals(want[e / 4][e % 4], w[e * stride + at], 1e-6,
                                    java.util.Arrays.toString(k) + " sample " + n + " channel " + o + " tile " + t + " element " + e);
                        }
                    }
                }
            }
        }
    }

    @Test
    void kernelGradientTransformIsGtdUG() {
        Random r = new Random(6);
        double[][] gt = transpose(G);
        for (int pairs : new int[] {1, 7, 16, 17, 40}) {
            int p0 = pairs > 8 ? 3 : 0, stride = pairs + 5;
            float[] du = randoms(r, 16 * stride);
            float[] dw = new float[9 * pairs + 1];
            WinogradTransforms.kernelGradients(du, stride, p0, pairs, dw, 1);
            for (int p = p0; p < pairs; p++) {
                double[][] x = new double[4][4];
                for (int e = 0; e < 16; e++) {
                    x[e / 4][e % 4] = du[e * stride + p];
                }
                double[][] want = sandwich(gt, x, gt);
                for (int i = 0; i < 9; i++) {
                    assertEquals(want[i / 3][i % 3], dw[1 + 9 * p + i], 1e-6, pairs + " kernels: kernel " + p + " element " + i);
                }
            }
        }
    }
}
