package dev.kiln.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops over contiguous float32 runs: the element-wise kernels behind the common ops.
 * Each loop runs whole vectors of the preferred species, then a scalar tail; one op per loop so
 * that the JIT sees a constant operator.
 */
public final class FloatVectors {
    /** The preferred float species of this machine (16 lanes with AVX-512, 8 with AVX2). */
    public static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private FloatVectors() {
    }

    /** c[co+i] = a[ao+i·as] + alpha·b[bo+i·bs] for i in [0, n); strides are 0 or 1 on the fast paths. */
    public static void add(float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n, float alpha) {
        int i = 0;
        if (alpha == 1f) {
            if (as == 1 && bs == 1) {
                for (int up = S.loopBound(n); i < up; i += L) {
                    FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(c, co + i);
                }
            } else if (as == 1 && bs == 0) {
                FloatVector vb = FloatVector.broadcast(S, b[bo]);
                for (int up = S.loopBound(n); i < up; i += L) {
                    FloatVector.fromArray(S, a, ao + i).add(vb).intoArray(c, co + i);
                }
            } else if (as == 0 && bs == 1) {
                FloatVector va = FloatVector.broadcast(S, a[ao]);
                for (int up = S.loopBound(n); i < up; i += L) {
                    va.add(FloatVector.fromArray(S, b, bo + i)).intoArray(c, co + i);
                }
            }
        } else if (as == 1 && bs == 1) {
            FloatVector va = FloatVector.broadcast(S, alpha);
            for (int up = S.loopBound(n); i < up; i += L) {
                FloatVector.fromArray(S, b, bo + i).fma(va, FloatVector.fromArray(S, a, ao + i)).intoArray(c, co + i);
            }
        }
        for (; i < n; i++) {
            c[co + i] = a[ao + i * as] + alpha * b[bo + i * bs];
        }
    }

    /** c[co+i] = a[ao+i·as] · b[bo+i·bs]. */
    public static void mul(float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n) {
        int i = 0;
        if (as == 1 && bs == 1) {
            for (int up = S.loopBound(n); i < up; i += L) {
                FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(c, co + i);
            }
        } else if (as == 1 && bs == 0) {
            FloatVector vb = FloatVector.broadcast(S, b[bo]);
            for (int up = S.loopBound(n); i < up; i += L) {
                FloatVector.fromArray(S, a, ao + i).mul(vb).intoArray(c, co + i);
            }
        } else if (as == 0 && bs == 1) {
            FloatVector va = FloatVector.broadcast(S, a[ao]);
            for (int up = S.loopBound(n); i < up; i += L) {
                va.mul(FloatVector.fromArray(S, b, bo + i)).intoArray(c, co + i);
            }
        }
        for (; i < n; i++) {
            c[co + i] = a[ao + i * as] * b[bo + i * bs];
        }
    }

    /** c[co+i] = a[ao+i·as] / b[bo+i·bs]. */
    public static void div(float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n) {
        int i = 0;
        if (as == 1 && bs == 1) {
            for (int up = S.loopBound(n); i < up; i += L) {
                FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(c, co + i);
            }
        } else if (as == 1 && bs == 0) {
            FloatVector vb = FloatVector.broadcast(S, b[bo]);
            for (int up = S.loopBound(n); i < up; i += L) {
                FloatVector.fromArray(S, a, ao + i).div(vb).intoArray(c, co + i);
            }
        } else if (as == 0 && bs == 1) {
            FloatVector va = FloatVector.broadcast(S, a[ao]);
            for (int up = S.loopBound(n); i < up; i += L) {
                va.div(FloatVector.fromArray(S, b, bo + i)).intoArray(c, co + i);
            }
        }
        for (; i < n; i++) {
            c[co + i] = a[ao + i * as] / b[bo + i * bs];
        }
    }

    /** y[yo+i] = x[xo+i]·scale + shift. */
    public static void affine(float[] x, int xo, float[] y, int yo, int n, float scale, float shift) {
        int i = 0;
        FloatVector vs = FloatVector.broadcast(S, scale);
        FloatVector vt = FloatVector.broadcast(S, shift);
        for (int up = S.loopBound(n); i < up; i += L) {
            FloatVector.fromArray(S, x, xo + i).fma(vs, vt).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = x[xo + i] * scale + shift;
        }
    }

    /** y = max(x, 0) (NaN stays NaN, as in PyTorch). */
    public static void relu(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        FloatVector zero = FloatVector.zero(S);
        for (int up = S.loopBound(n); i < up; i += L) {
            FloatVector.fromArray(S, x, xo + i).max(zero).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            // as the vector lanes: NaN stays NaN, −0 becomes +0
            y[yo + i] = Math.max(x[xo + i], 0f);
        }
    }

    /** y = -x. */
    public static void neg(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int up = S.loopBound(n); i < up; i += L) {
            FloatVector.fromArray(S, x, xo + i).neg().intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = -x[xo + i];
        }
    }

    /** y = |x|. */
    public static void abs(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int up = S.loopBound(n); i < up; i += L) {
            FloatVector.fromArray(S, x, xo + i).abs().intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = Math.abs(x[xo + i]);
        }
    }

    /** y = x². */
    public static void square(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int up = S.loopBound(n); i < up; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            v.mul(v).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = x[xo + i] * x[xo + i];
        }
    }

    /** y = √x. */
    public static void sqrt(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int up = S.loopBound(n); i < up; i += L) {
            FloatVector.fromArray(S, x, xo + i).sqrt().intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = (float) Math.sqrt(x[xo + i]);
        }
    }

    /** y = eˣ. */
    public static void exp(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int up = S.loopBound(n); i < up; i += L) {
            FloatVector.fromArray(S, x, xo + i).lanewise(VectorOperators.EXP).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = (float) Math.exp(x[xo + i]);
        }
    }

    /** y = ln x. */
    public static void log(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int up = S.loopBound(n); i < up; i += L) {
            FloatVector.fromArray(S, x, xo + i).lanewise(VectorOperators.LOG).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = (float) Math.log(x[xo + i]);
        }
    }

    /** y = tanh x. */
    public static void tanh(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int up = S.loopBound(n); i < up; i += L) {
            FloatVector.fromArray(S, x, xo + i).lanewise(VectorOperators.TANH).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = (float) Math.tanh(x[xo + i]);
        }
    }

    /** y = 1/(1+e^-x). */
    public static void sigmoid(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int up = S.loopBound(n); i < up; i += L) {
            FloatVector e = FloatVector.fromArray(S, x, xo + i).neg().lanewise(VectorOperators.EXP);
            one.div(one.add(e)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = (float) (1.0 / (1.0 + Math.exp(-x[xo + i])));
        }
    }

    /** Rotations of the lanes by L/2, L/4, L/8 and L/16 (those that are at least 1), for {@link #sumLanes}. */
    private static final VectorShuffle<Float> ROTATE_HALF = rotation(L / 2);
    private static final VectorShuffle<Float> ROTATE_QUARTER = rotation(L / 4);
    private static final VectorShuffle<Float> ROTATE_EIGHTH = rotation(L / 8);
    private static final VectorShuffle<Float> ROTATE_SIXTEENTH = rotation(L / 16);

    private static VectorShuffle<Float> rotation(int by) {
        return by < 1 ? null : VectorShuffle.iota(S, by, 1, true);
    }

    /**
     * {@return the sum of v's lanes in a fixed pairwise order} Unlike {@code reduceLanes(ADD)}, whose order
     * the JIT chooses (lane by lane before a kernel is compiled, a tree after), every step here is a
     * lane-wise add of v and v rotated by half, a quarter, … of its lanes, so the result does not depend
     * on whether, or how, the calling kernel was compiled: training runs are reproducible bit for bit.
     *
     * @param v a vector of any float species
     */
    public static float sumLanes(FloatVector v) {
        if (v.species() != S || L > 16) {
            float[] lanes = v.toArray();
            float s = lanes[0];
            for (int i = 1; i < lanes.length; i++) {
                s += lanes[i];
            }
            return s;
        }
        FloatVector w = v;
        if (L >= 2) {
            w = w.add(w.rearrange(ROTATE_HALF));
        }
        if (L >= 4) {
            w = w.add(w.rearrange(ROTATE_QUARTER));
        }
        if (L >= 8) {
            w = w.add(w.rearrange(ROTATE_EIGHTH));
        }
        if (L >= 16) {
            w = w.add(w.rearrange(ROTATE_SIXTEENTH));
        }
        return w.lane(0);
    }

    /** The sum of x[xo … xo+n) accumulated in float lanes, then in double across lanes. */
    public static double sum(float[] x, int xo, int n) {
        int i = 0;
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        for (int up = n - 2 * L; i <= up; i += 2 * L) {
            acc0 = acc0.add(FloatVector.fromArray(S, x, xo + i));
            acc1 = acc1.add(FloatVector.fromArray(S, x, xo + i + L));
        }
        double s = sumLanes(acc0.add(acc1));
        for (; i < n; i++) {
            s += x[xo + i];
        }
        return s;
    }

    /** y[yo+i] += x[xo+i] for i in [0, n). */
    public static void accumulate(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int up = S.loopBound(n); i < up; i += L) {
            FloatVector.fromArray(S, y, yo + i).add(FloatVector.fromArray(S, x, xo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += x[xo + i];
        }
    }

    /** out[i] = c[co+i] ? a[ao+i·as] : b[bo+i·bs] for i in [0, n), strides 0 or 1: a lane-wise blend, no branch. */
    public static void select(boolean[] c, int co, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int n) {
        int i = 0;
        FloatVector sa = as == 0 ? FloatVector.broadcast(S, a[ao]) : null;
        FloatVector sb = bs == 0 ? FloatVector.broadcast(S, b[bo]) : null;
        for (int up = S.loopBound(n); i < up; i += L) {
            VectorMask<Float> m = VectorMask.fromArray(S, c, co + i);
            FloatVector va = sa != null ? sa : FloatVector.fromArray(S, a, ao + i);
            FloatVector vb = sb != null ? sb : FloatVector.fromArray(S, b, bo + i);
            vb.blend(va, m).intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] = c[co + i] ? a[ao + i * as] : b[bo + i * bs];
        }
    }
}
