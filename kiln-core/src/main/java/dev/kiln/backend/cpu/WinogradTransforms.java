package dev.kiln.backend.cpu;

import dev.kiln.backend.ConvGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The three transforms of {@link Winograd}'s F(2×2, 3×3), vectorised across lanes: each call gathers
 * the elements of one lane-width of kernels (or tiles) into a small scratch block, element e of all of
 * them in one vector, transforms the vectors together and stores each result plane contiguously.
 * <pre>
 *   kernel  U = G g Gᵀ     G  = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]
 *   input   V = Bᵀ d B     Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]
 *   output  Y = Aᵀ M A     Aᵀ = [1 1 1 0; 0 1 −1 −1]
 * </pre>
 * Element e = 4·row + column of the transformed 4×4 tile is written to plane e ({@code stride} floats
 * apart); the lanes are consecutive kernels (o·C + c) or consecutive tiles of one channel, so the
 * stores are whole vectors. The arithmetic is the scalar one (additions, subtractions, halvings), so
 * the results are bit-identical to a scalar loop.
 */
final class WinogradTransforms {
    private static final VectorSpecies<Float> S = FloatVectors.S;
    private static final int L = S.length();

    private WinogradTransforms() {
    }

    /** Tiles of a side of {@code size} outputs: ⌈size / 2⌉. */
    static int tiles(int size) {
        return (size + 1) / 2;
    }

    /**
     * U_e[p] = (G·g_p·Gᵀ)[e] at {@code u[e·stride + p]} for the kernels p in [p0, p1), kernel p being the
     * 3×3 block {@code w[wo + 9p .. wo + 9p + 8]} (a weight tensor (C_out, C, 3, 3) is kernel o·C + c).
     */
    static void kernels(float[] w, int wo, int p0, int p1, float[] u, int stride) {
        float[] k = new float[9 * L];
        for (int p = p0; p < p1; p += L) {
            int lanes = Math.min(L, p1 - p);
            for (int l = 0; l < lanes; l++) {
                int src = wo + 9 * (p + l);
                for (int i = 0; i < 9; i++) {
                    k[i * L + l] = w[src + i];
                }
            }
            VectorMask<Float> mask = S.indexInRange(0, lanes);
            FloatVector half = FloatVector.broadcast(S, 0.5f);
            // G·g, column j: rows g0, ½(g0 + g1 + g2), ½(g0 − g1 + g2), g2
            FloatVector[] t = new FloatVector[12];
            for (int j = 0; j < 3; j++) {
                FloatVector g0 = FloatVector.fromArray(S, k, j * L);
                FloatVector g1 = FloatVector.fromArray(S, k, (3 + j) * L);
                FloatVector g2 = FloatVector.fromArray(S, k, (6 + j) * L);
                t[j] = g0;
                t[3 + j] = g0.add(g1).add(g2).mul(half);
                t[6 + j] = g0.sub(g1).add(g2).mul(half);
                t[9 + j] = g2;
            }
            // (G·g)·Gᵀ, row r: the same combinations of the row's three elements
            for (int r = 0; r < 4; r++) {
                FloatVector g0 = t[3 * r], g1 = t[3 * r + 1], g2 = t[3 * r + 2];
                int at = 4 * r * stride + p;
                g0.intoArray(u, at, mask);
                g0.add(g1).add(g2).mul(half).intoArray(u, at + stride, mask);
                g0.sub(g1).add(g2).mul(half).intoArray(u, at + 2 * stride, mask);
                g2.intoArray(u, at + 3 * stride, mask);
            }
        }
    }

    /**
     * V_e[c, t] = (Bᵀ·d·B)[e] at {@code v[e·stride + c·nt + t]} for the channels c in [c0, c1) of the samples
     * [n0, n1) (nt tiles, sample by sample, row by row), d the 4×4 input block of tile t (zero outside x).
     */
    static void inputs(ConvGeometry g, float[] x, int xo, int n0, int n1, int c0, int c1, float[] v, int nt, int stride) {
        int c = g.channels(), h = g.h(), w = g.w();
        int th = tiles(g.oh()), tw = tiles(g.ow());
        float[] d = new float[16 * L];
        for (int ch = c0; ch < c1; ch++) {
            int row = ch * nt;
            int lane = 0, t0 = 0;
            for (int n = n0; n < n1; n++) {
                int plane = xo + (n * c + ch) * h * w;
                for (int ty = 0; ty < th; ty++) {
                    int iy0 = 2 * ty - g.ph();
                    boolean rowsInside = iy0 >= 0 && iy0 + 4 <= h;
                    for (int tx = 0; tx < tw; tx++) {
                        int ix0 = 2 * tx - g.pw();
                        if (rowsInside && ix0 >= 0 && ix0 + 4 <= w) {
                            int src = plane + iy0 * w + ix0;
                            for (int r = 0; r < 4; r++, src += w) {
                                int e = 4 * r * L + lane;
                                d[e] = x[src];
                                d[e + L] = x[src + 1];
                                d[e + 2 * L] = x[src + 2];
                                d[e + 3 * L] = x[src + 3];
                            }
                        } else {
                            for (int r = 0; r < 4; r++) {
                                int iy = iy0 + r;
                                boolean inside = iy >= 0 && iy < h;
                                for (int q = 0; q < 4; q++) {
                                    int ix = ix0 + q;
                                    d[(4 * r + q) * L + lane] = inside && ix >= 0 && ix < w ? x[plane + iy * w + ix] : 0f;
                                }
                            }
                        }
                        if (++lane == L) {
                            inputBlock(d, L, v, row + t0, stride);
                            t0 += L;
                            lane = 0;
                        }
                    }
                }
            }
            if (lane > 0) {
                inputBlock(d, lane, v, row + t0, stride);
            }
        }
    }

    /** Bᵀ·d·B of the first {@code lanes} gathered blocks d (element e in {@code d[e·L + lane]}), stored at {@code v[at + e·stride]}. */
    private static void inputBlock(float[] d, int lanes, float[] v, int at, int stride) {
        VectorMask<Float> mask = S.indexInRange(0, lanes);
        // Bᵀ·d, column q: rows d0 − d2, d1 + d2, d2 − d1, d1 − d3
        FloatVector[] b = new FloatVector[16];
        for (int q = 0; q < 4; q++) {
            FloatVector d0 = FloatVector.fromArray(S, d, q * L);
            FloatVector d1 = FloatVector.fromArray(S, d, (4 + q) * L);
            FloatVector d2 = FloatVector.fromArray(S, d, (8 + q) * L);
            FloatVector d3 = FloatVector.fromArray(S, d, (12 + q) * L);
            b[q] = d0.sub(d2);
            b[4 + q] = d1.add(d2);
            b[8 + q] = d2.sub(d1);
            b[12 + q] = d1.sub(d3);
        }
        // (Bᵀ·d)·B, row r: the same combinations of the row's elements
        for (int r = 0; r < 4; r++) {
            FloatVector c0 = b[4 * r], c1 = b[4 * r + 1], c2 = b[4 * r + 2], c3 = b[4 * r + 3];
            int e = at + 4 * r * stride;
            c0.sub(c2).intoArray(v, e, mask);
            c1.add(c2).intoArray(v, e + stride, mask);
            c2.sub(c1).intoArray(v, e + 2 * stride, mask);
            c1.sub(c3).intoArray(v, e + 3 * stride, mask);
        }
    }

    /**
     * y[n, o, 2ty + a, 2tx + b] = bias[o] + (Aᵀ·M·A)[a, b] of tile t for the output channels o in [o0, o1) of the
     * samples [n0, n1), M_e[o, t] at {@code m[e·stride + o·nt + t]}; only positions inside the output are written.
     */
    static void outputs(ConvGeometry g, int co, float[] m, int nt, int stride, float[] bias, int bo, float[] y, int n0, int o0,
            int o1) {
        int oh = g.oh(), ow = g.ow();
        int th = tiles(oh), tw = tiles(ow), perSample = th * tw;
        float[] r = new float[4 * L];
        for (int o = o0; o < o1; o++) {
            float b = bias == null ? 0f : bias[bo + o];
            int row = o * nt;
            for (int t0 = 0; t0 < nt; t0 += L) {
                int lanes = Math.min(L, nt - t0);
                outputBlock(m, row + t0, stride, lanes, b, r);
                int n = t0 / perSample, tile = t0 % perSample;
                int ty = tile / tw, tx = tile % tw;
                int plane = ((n0 + n) * co + o) * oh * ow;
                for (int l = 0; l < lanes; l++) {
                    int oy = 2 * ty, ox = 2 * tx;
                    int dst = plane + oy * ow + ox;
                    if (oy + 1 < oh && ox + 1 < ow) {
                        y[dst] = r[l];
                        y[dst + 1] = r[L + l];
                        y[dst + ow] = r[2 * L + l];
                        y[dst + ow + 1] = r[3 * L + l];
                    } else {
                        y[dst] = r[l];
                        if (ox + 1 < ow) {
                            y[dst + 1] = r[L + l];
                        }
                        if (oy + 1 < oh) {
                            y[dst + ow] = r[2 * L + l];
                            if (ox + 1 < ow) {
                                y[dst + ow + 1] = r[3 * L + l];
                            }
                        }
                    }
                    if (++tx == tw) {
                        tx = 0;
                        if (++ty == th) {
                            ty = 0;
                            plane += co * oh * ow;
                        }
                    }
                }
            }
        }
    }

    /** b + (Aᵀ·M·A) of {@code lanes} tiles (M_e at {@code m[at + e·stride]}) into r: y00, y01, y10, y11, L floats each. */
    private static void outputBlock(float[] m, int at, int stride, int lanes, float b, float[] r) {
        VectorMask<Float> mask = S.indexInRange(0, lanes);
        // Aᵀ·M, column q: rows m0 + m1 + m2, m1 − m2 − m3
        FloatVector[] a = new FloatVector[8];
        for (int q = 0; q < 4; q++) {
            FloatVector m0 = FloatVector.fromArray(S, m, at + q * stride, mask);
            FloatVector m1 = FloatVector.fromArray(S, m, at + (4 + q) * stride, mask);
            FloatVector m2 = FloatVector.fromArray(S, m, at + (8 + q) * stride, mask);
            FloatVector m3 = FloatVector.fromArray(S, m, at + (12 + q) * stride, mask);
            a[q] = m0.add(m1).add(m2);
            a[4 + q] = m1.sub(m2).sub(m3);
        }
        // (Aᵀ·M)·A, row by row; the bias first, as the scalar b + t0 + t1 + t2
        FloatVector vb = FloatVector.broadcast(S, b);
        for (int i = 0; i < 2; i++) {
            FloatVector t0 = a[4 * i], t1 = a[4 * i + 1], t2 = a[4 * i + 2], t3 = a[4 * i + 3];
            vb.add(t0).add(t1).add(t2).intoArray(r, 2 * i * L);
            vb.add(t1).sub(t2).sub(t3).intoArray(r, (2 * i + 1) * L);
        }
    }
}
