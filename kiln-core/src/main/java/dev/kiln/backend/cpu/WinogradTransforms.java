package dev.kiln.backend.cpu;

import dev.kiln.backend.ConvGeometry;
import java.util.function.IntUnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
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

    /**
     * Lane indices 0, 2, 4, … and 1, 3, 5, … into a pair of vectors (an index of L or more is lane index − L of
     * the second): the even and odd columns of 2L floats. A two-vector rearrange by a shuffle, not selectFrom
     * with float indices: 1.7 against 4.0 ns per 2L floats with AVX-512 on this machine's JDK.
     */
    private static final VectorShuffle<Float> EVEN = shuffle(l -> 2 * l), ODD = shuffle(l -> 2 * l + 1);
    /** Lane indices 0, L, 1, L + 1, … and L/2, L/2 + L, …: the first and second halves of two vectors interleaved. */
    private static final VectorShuffle<Float> ZIP_LOW = shuffle(l -> (l % 2) * L + l / 2),
            ZIP_HIGH = shuffle(l -> (l % 2) * L + L / 2 + l / 2);

    private WinogradTransforms() {
    }

    private static VectorShuffle<Float> shuffle(IntUnaryOperator index) {
        return VectorShuffle.fromOp(S, index);
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
        float[] t = new float[12 * L];
        for (int p = p0; p < p1; p += L) {
            int lanes = Math.min(L, p1 - p);
            for (int l = 0; l < lanes; l++) {
                int src = wo + 9 * (p + l);
                for (int i = 0; i < 9; i++) {
                    k[i * L + l] = w[src + i];
                }
            }
            VectorMask<Float> mask = S.indexInRange(0, lanes);
            // G·g, column j: rows g0, ½(g0 + g1 + g2), ½(g0 − g1 + g2), g2 (row r, column j at t[(3r + j)·L])
            for (int j = 0; j < 3; j++) {
                FloatVector g0 = FloatVector.fromArray(S, k, j * L);
                FloatVector g1 = FloatVector.fromArray(S, k, (3 + j) * L);
                FloatVector g2 = FloatVector.fromArray(S, k, (6 + j) * L);
                g0.intoArray(t, j * L);
                g0.add(g1).add(g2).mul(0.5f).intoArray(t, (3 + j) * L);
                g0.sub(g1).add(g2).mul(0.5f).intoArray(t, (6 + j) * L);
                g2.intoArray(t, (9 + j) * L);
            }
            // (G·g)·Gᵀ, row r: the same combinations of the row's three elements
            for (int r = 0; r < 4; r++) {
                FloatVector g0 = FloatVector.fromArray(S, t, 3 * r * L);
                FloatVector g1 = FloatVector.fromArray(S, t, (3 * r + 1) * L);
                FloatVector g2 = FloatVector.fromArray(S, t, (3 * r + 2) * L);
                int at = 4 * r * stride + p;
                g0.intoArray(u, at, mask);
                g0.add(g1).add(g2).mul(0.5f).intoArray(u, at + stride, mask);
                g0.sub(g1).add(g2).mul(0.5f).intoArray(u, at + 2 * stride, mask);
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
        if (tw % L == 0 || (2 * tw == L && th % 2 == 0)) {
            inputRows(g, x, xo, n0, n1, c0, c1, v, nt, stride, d);
            return;
        }
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

    /**
     * {@link #inputs} when a row of tiles is a whole number of vectors, or half of one (then a vector holds two
     * rows of tiles): the input rows under L tiles are read as two vector pairs (from the tiles' first and
     * third columns on; the second vector of a pair continues the row, or is the row two below), split into
     * even and odd columns.
     */
    private static void inputRows(ConvGeometry g, float[] x, int xo, int n0, int n1, int c0, int c1, float[] v, int nt,
            int stride, float[] d) {
        int c = g.channels(), h = g.h(), w = g.w();
        int th = tiles(g.oh()), tw = tiles(g.ow());
        boolean twoRows = tw < L;
        int rowStep = twoRows ? 2 : 1, colSecond = twoRows ? 0 : L, rowSecond = twoRows ? 2 : 0;
        for (int ch = c0; ch < c1; ch++) {
            int t = ch * nt;
            for (int n = n0; n < n1; n++) {
                int plane = xo + (n * c + ch) * h * w;
                for (int ty = 0; ty < th; ty += rowStep) {
                    int iy0 = 2 * ty - g.ph();
                    for (int tx = 0; tx < tw; tx += L / rowStep, t += L) {
                        int col = 2 * tx - g.pw();
                        for (int r = 0; r < 4; r++) {
                            int iy = iy0 + r, e = 4 * r * L;
                            for (int q = 0; q < 4; q += 2) {
                                FloatVector a = row(x, plane, h, w, iy, col + q);
                                FloatVector b = row(x, plane, h, w, iy + rowSecond, col + q + colSecond);
                                a.rearrange(EVEN, b).intoArray(d, e + q * L);
                                a.rearrange(ODD, b).intoArray(d, e + (q + 1) * L);
                            }
                        }
                        inputBlock(d, L, v, t, stride);
                    }
                }
            }
        }
    }

    /** x[plane + iy·w + col + (0..L−1)], zero outside the h×w plane. */
    private static FloatVector row(float[] x, int plane, int h, int w, int iy, int col) {
        if (iy < 0 || iy >= h) {
            return FloatVector.zero(S);
        }
        return FloatVector.fromArray(S, x, plane + iy * w + col, S.indexInRange(col, w));
    }

    /** Bᵀ·d·B of the first {@code lanes} gathered blocks d (element e in {@code d[e·L + lane]}), stored at {@code v[at + e·stride]}. */
    private static void inputBlock(float[] d, int lanes, float[] v, int at, int stride) {
        // d is overwritten; the caller gathers the next blocks over it
        // Bᵀ·d, column q: rows d0 − d2, d1 + d2, d2 − d1, d1 − d3, written back over column q of d
        for (int q = 0; q < 4; q++) {
            FloatVector d0 = FloatVector.fromArray(S, d, q * L);
            FloatVector d1 = FloatVector.fromArray(S, d, (4 + q) * L);
            FloatVector d2 = FloatVector.fromArray(S, d, (8 + q) * L);
            FloatVector d3 = FloatVector.fromArray(S, d, (12 + q) * L);
            d0.sub(d2).intoArray(d, q * L);
            d1.add(d2).intoArray(d, (4 + q) * L);
            d2.sub(d1).intoArray(d, (8 + q) * L);
            d1.sub(d3).intoArray(d, (12 + q) * L);
        }
        // (Bᵀ·d)·B, row r: the same combinations of the row's elements
        for (int r = 0; r < 4; r++) {
            FloatVector c0 = FloatVector.fromArray(S, d, 4 * r * L);
            FloatVector c1 = FloatVector.fromArray(S, d, (4 * r + 1) * L);
            FloatVector c2 = FloatVector.fromArray(S, d, (4 * r + 2) * L);
            FloatVector c3 = FloatVector.fromArray(S, d, (4 * r + 3) * L);
            int e = at + 4 * r * stride;
            if (lanes == L) {
                c0.sub(c2).intoArray(v, e);
                c1.add(c2).intoArray(v, e + stride);
                c2.sub(c1).intoArray(v, e + 2 * stride);
                c1.sub(c3).intoArray(v, e + 3 * stride);
            } else {
                VectorMask<Float> mask = S.indexInRange(0, lanes);
                c0.sub(c2).intoArray(v, e, mask);
                c1.add(c2).intoArray(v, e + stride, mask);
                c2.sub(c1).intoArray(v, e + 2 * stride, mask);
                c1.sub(c3).intoArray(v, e + 3 * stride, mask);
            }
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
        float[] a = new float[8 * L];
        float[] r = new float[4 * L];
        boolean rows = (tw % L == 0 || (2 * tw == L && th % 2 == 0)) && oh % 2 == 0 && ow % 2 == 0;
        int second = tw < L ? 2 * ow : L; // where the second half of the interleaved results goes
        for (int o = o0; o < o1; o++) {
            float b = bias == null ? 0f : bias[bo + o];
            int row = o * nt;
            for (int t0 = 0; t0 < nt; t0 += L) {
                int lanes = Math.min(L, nt - t0);
                outputBlock(m, row + t0, stride, lanes, b, a, r);
                int n = t0 / perSample, tile = t0 % perSample;
                int ty = tile / tw, tx = tile % tw;
                int plane = ((n0 + n) * co + o) * oh * ow;
                if (rows) {
                    // L whole tiles of one row (or two half rows): interleave y00/y01 into output row 2ty, y10/y11
                    // into 2ty + 1; the second half continues the row, or goes two rows down
                    int dst = plane + 2 * ty * ow + 2 * tx;
                    for (int i = 0; i < 2; i++, dst += ow) {
                        FloatVector left = FloatVector.fromArray(S, r, 2 * i * L);
                        FloatVector right = FloatVector.fromArray(S, r, (2 * i + 1) * L);
                        left.rearrange(ZIP_LOW, right).intoArray(y, dst);
                        left.rearrange(ZIP_HIGH, right).intoArray(y, dst + second);
                    }
                    continue;
                }
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

    /** b + (Aᵀ·M·A) of {@code lanes} tiles (M_e at {@code m[at + e·stride]}; Aᵀ·M in the scratch a) into r: y00, y01, y10, y11, L floats each. */
    private static void outputBlock(float[] m, int at, int stride, int lanes, float b, float[] a, float[] r) {
        VectorMask<Float> mask = S.indexInRange(0, lanes);
        // Aᵀ·M, column q: rows m0 + m1 + m2, m1 − m2 − m3, into a[(4i + q)·L]
        for (int q = 0; q < 4; q++) {
            FloatVector m0 = FloatVector.fromArray(S, m, at + q * stride, mask);
            FloatVector m1 = FloatVector.fromArray(S, m, at + (4 + q) * stride, mask);
            FloatVector m2 = FloatVector.fromArray(S, m, at + (8 + q) * stride, mask);
            FloatVector m3 = FloatVector.fromArray(S, m, at + (12 + q) * stride, mask);
            m0.add(m1).add(m2).intoArray(a, q * L);
            m1.sub(m2).sub(m3).intoArray(a, (4 + q) * L);
        }
        // (Aᵀ·M)·A, row by row; the bias first, as the scalar b + t0 + t1 + t2
        for (int i = 0; i < 2; i++) {
            FloatVector t0 = FloatVector.fromArray(S, a, 4 * i * L);
            FloatVector t1 = FloatVector.fromArray(S, a, (4 * i + 1) * L);
            FloatVector t2 = FloatVector.fromArray(S, a, (4 * i + 2) * L);
            FloatVector t3 = FloatVector.fromArray(S, a, (4 * i + 3) * L);
            t0.add(b).add(t1).add(t2).intoArray(r, 2 * i * L);
            t1.add(b).sub(t2).sub(t3).intoArray(r, (2 * i + 1) * L);
        }
    }

    /**
     * The transpose of {@link #outputs} for the weight gradient: W_e[o, t] = (A·dy·Aᵀ)[e] at {@code w[e·stride + o·nt + t]}
     * for the output channels o in [o0, o1) of the nt tiles of the samples from n0 on, dy the 2×2 block of the output gradient
     * (N, C_out, oh, ow) under tile t (zero outside the output).
     */
    static void outputGradients(ConvGeometry g, int co, float[] dy, int dyo, int n0, int o0, int o1, float[] w, int nt, int stride) {
        int oh = g.oh(), ow = g.ow();
        int tw = tiles(ow), perSample = tiles(oh) * tw;
        float[] d = new float[4 * L];
        for (int o = o0; o < o1; o++) {
            for (int t0 = 0; t0 < nt; t0 += L) {
                int lanes = Math.min(L, nt - t0);
                for (int l = 0; l < lanes; l++) {
                    int t = t0 + l, tile = t % perSample;
                    int oy = 2 * (tile / tw), ox = 2 * (tile % tw);
                    int src = dyo + ((n0 + t / perSample) * co + o) * oh * ow + oy * ow + ox;
                    boolean right = ox + 1 < ow, below = oy + 1 < oh;
                    d[l] = dy[src];
                    d[L + l] = right ? dy[src + 1] : 0f;
                    d[2 * L + l] = below ? dy[src + ow] : 0f;
                    d[3 * L + l] = right && below ? dy[src + ow + 1] : 0f;
                }
                outputGradientBlock(d, lanes, w, o * nt + t0, stride);
            }
        }
    }

    /** A·dy·Aᵀ of the first {@code lanes} gathered 2×2 blocks (dy00, dy01, dy10, dy11 in d, L floats each) at {@code w[at + e·stride]}. */
    private static void outputGradientBlock(float[] d, int lanes, float[] w, int at, int stride) {
        VectorMask<Float> mask = S.indexInRange(0, lanes);
        FloatVector y00 = FloatVector.fromArray(S, d, 0), y01 = FloatVector.fromArray(S, d, L);
        FloatVector y10 = FloatVector.fromArray(S, d, 2 * L), y11 = FloatVector.fromArray(S, d, 3 * L);
        // A·dy, A = [1 0; 1 1; 1 −1; 0 −1]: rows y0, y0 + y1, y0 − y1, −y1 (for each of the two columns)
        // (A·dy)·Aᵀ, row r: the same combinations of the row's two elements
        outputGradientRow(y00, y01, w, at, stride, mask);
        outputGradientRow(y00.add(y10), y01.add(y11), w, at + 4 * stride, stride, mask);
        outputGradientRow(y00.sub(y10), y01.sub(y11), w, at + 8 * stride, stride, mask);
        outputGradientRow(y10.neg(), y11.neg(), w, at + 12 * stride, stride, mask);
    }

    /** Row (a, b) of A·dy times Aᵀ: a, a + b, a − b, −b, four planes apart by {@code stride}. */
    private static void outputGradientRow(FloatVector a, FloatVector b, float[] w, int e, int stride, VectorMask<Float> mask) {
        a.intoArray(w, e, mask);
        a.add(b).intoArray(w, e + stride, mask);
        a.sub(b).intoArray(w, e + 2 * stride, mask);
        b.neg().intoArray(w, e + 3 * stride, mask);
    }

    /**
     * The transpose of {@link #kernels} for the weight gradient: dw[wo + 9p + (0..8)] = Gᵀ·dU_p·G, dU_p[e] at
     * {@code du[e·stride + p]}, for the kernels p in [p0, p1).
     */
    static void kernelGradients(float[] du, int stride, int p0, int p1, float[] dw, int wo) {
        float[] k = new float[9 * L];
        float[] t = new float[12 * L];
        for (int p = p0; p < p1; p += L) {
            int lanes = Math.min(L, p1 - p);
            VectorMask<Float> mask = S.indexInRange(0, lanes);
            // Gᵀ·X, Gᵀ = [1 ½ ½ 0; 0 ½ −½ 0; 0 ½ ½ 1]: rows x0 + ½(x1 + x2), ½(x1 − x2), ½(x1 + x2) + x3, per column q
            for (int q = 0; q < 4; q++) {
                FloatVector x1 = FloatVector.fromArray(S, du, (4 + q) * stride + p, mask);
                FloatVector x2 = FloatVector.fromArray(S, du, (8 + q) * stride + p, mask);
                FloatVector s = x1.add(x2).mul(0.5f);
                x1.sub(x2).mul(0.5f).intoArray(t, (4 + q) * L);
                FloatVector.fromArray(S, du, q * stride + p, mask).add(s).intoArray(t, q * L);
                s.add(FloatVector.fromArray(S, du, (12 + q) * stride + p, mask)).intoArray(t, (8 + q) * L);
            }
            // (Gᵀ·X)·G, row i: the same combinations of the row's four elements
            for (int i = 0; i < 3; i++) {
                FloatVector x1 = FloatVector.fromArray(S, t, (4 * i + 1) * L);
                FloatVector x2 = FloatVector.fromArray(S, t, (4 * i + 2) * L);
                FloatVector s = x1.add(x2).mul(0.5f);
                x1.sub(x2).mul(0.5f).intoArray(k, (3 * i + 1) * L);
                FloatVector.fromArray(S, t, 4 * i * L).add(s).intoArray(k, 3 * i * L);
                s.add(FloatVector.fromArray(S, t, (4 * i + 3) * L)).intoArray(k, (3 * i + 2) * L);
            }
            for (int l = 0; l < lanes; l++) {
                int dst = wo + 9 * (p + l);
                for (int i = 0; i < 9; i++) {
                    dw[dst + i] = k[i * L + l];
                }
            }
        }
    }
}
