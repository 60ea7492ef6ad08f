package dev.kiln.nn.functional;

import dev.kiln.backend.cpu.FloatVectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused float32 loops (forward and backward) for the hot activations: leaky_relu, hardtanh,
 * SiLU and both GELUs. Each kernel is its own class, so each loop's JIT profile sees one
 * function; Vector API where the operations exist, plain double math otherwise.
 */
final class FloatKernels {
    private static final VectorSpecies<Float> S = FloatVectors.S;
    private static final int L = S.length();

    private FloatKernels() {
    }

    /** y = f(x) and gx = g·f'(x) over contiguous float runs. */
    interface Kernel {
        void forward(float[] x, int xo, float[] y, int yo, int n);

        void backward(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n);
    }

    /** x if x &gt; 0 else slope·x. */
    record LeakyRelu(float slope) implements Kernel {
        @Override
        public void forward(float[] x, int xo, float[] y, int yo, int n) {
            int i = 0;
            for (int up = S.loopBound(n); i < up; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xo + i);
                v.blend(v.mul(slope), v.compare(VectorOperators.LE, 0f)).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                float v = x[xo + i];
                y[yo + i] = v > 0 ? v : v * slope;
            }
        }

        @Override
        public void backward(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
            int i = 0;
            for (int up = S.loopBound(n); i < up; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xo + i);
                FloatVector d = FloatVector.fromArray(S, g, go + i);
                d.blend(d.mul(slope), v.compare(VectorOperators.LE, 0f)).intoArray(gx, gxo + i);
            }
            for (; i < n; i++) {
                gx[gxo + i] = x[xo + i] > 0 ? g[go + i] : g[go + i] * slope;
            }
        }
    }

    /** clamp(x, lo, hi), derivative 1 strictly inside. */
    record Hardtanh(float lo, float hi) implements Kernel {
        @Override
        public void forward(float[] x, int xo, float[] y, int yo, int n) {
            int i = 0;
            for (int up = S.loopBound(n); i < up; i += L) {
                FloatVector.fromArray(S, x, xo + i).max(lo).min(hi).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                float v = x[xo + i];
                y[yo + i] = v < lo ? lo : (v > hi ? hi : v);
            }
        }

        @Override
        public void backward(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
            int i = 0;
            FloatVector zero = FloatVector.zero(S);
            for (int up = S.loopBound(n); i < up; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xo + i);
                VectorMask<Float> inside = v.compare(VectorOperators.GT, lo).and(v.compare(VectorOperators.LT, hi));
                zero.blend(FloatVector.fromArray(S, g, go + i), inside).intoArray(gx, gxo + i);
            }
            for (; i < n; i++) {
                float v = x[xo + i];
                gx[gxo + i] = v > lo && v < hi ? g[go + i] : 0f;
            }
        }
    }

    /** x·σ(x). */
    record Silu() implements Kernel {
        @Override
        public void forward(float[] x, int xo, float[] y, int yo, int n) {
            int i = 0;
            FloatVector one = FloatVector.broadcast(S, 1f);
            for (int up = S.loopBound(n); i < up; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xo + i);
                v.div(one.add(v.neg().lanewise(VectorOperators.EXP))).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                double v = x[xo + i];
                y[yo + i] = (float) (v * Activations.sigma(v));
            }
        }

        @Override
        public void backward(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
            int i = 0;
            FloatVector one = FloatVector.broadcast(S, 1f);
            for (int up = S.loopBound(n); i < up; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xo + i);
                FloatVector s = one.div(one.add(v.neg().lanewise(VectorOperators.EXP)));
                FloatVector d = s.mul(one.add(v.mul(one.sub(s))));
                FloatVector.fromArray(S, g, go + i).mul(d).intoArray(gx, gxo + i);
            }
            for (; i < n; i++) {
                double v = x[xo + i];
                double s = Activations.sigma(v);
                gx[gxo + i] = (float) (g[go + i] * s * (1 + v * (1 - s)));
            }
        }
    }

    /** 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))). */
    record GeluTanh() implements Kernel {
        private static final float K = (float) Math.sqrt(2 / Math.PI);
        private static final float C = 0.044715f;

        @Override
        public void forward(float[] x, int xo, float[] y, int yo, int n) {
            int i = 0;
            for (int up = S.loopBound(n); i < up; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xo + i);
                FloatVector t = v.mul(v).mul(v).mul(C).add(v).mul(K).lanewise(VectorOperators.TANH);
                v.mul(0.5f).mul(t.add(1f)).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                double v = x[xo + i];
                y[yo + i] = (float) (0.5 * v * (1 + Math.tanh(K * (v + C * v * v * v))));
            }
        }

        @Override
        public void backward(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
            int i = 0;
            for (int up = S.loopBound(n); i < up; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xo + i);
                FloatVector v2 = v.mul(v);
                FloatVector t = v2.mul(v).mul(C).add(v).mul(K).lanewise(VectorOperators.TANH);
                FloatVector dInner = v2.mul(3 * C).add(1f).mul(K);
                FloatVector d = t.add(1f).mul(0.5f).add(v.mul(0.5f).mul(t.mul(t).neg().add(1f)).mul(dInner));
                FloatVector.fromArray(S, g, go + i).mul(d).intoArray(gx, gxo + i);
            }
            for (; i < n; i++) {
                double v = x[xo + i];
                double t = Math.tanh(K * (v + C * v * v * v));
                double d = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * K * (1 + 3 * C * v * v);
                gx[gxo + i] = (float) (g[go + i] * d);
            }
        }
    }

    /** x·Φ(x), with Φ from a Chebyshev erfc fit of relative error below 1.2e−7 (ample for float32). */
    record GeluErf() implements Kernel {
        private static final double INV_SQRT_2 = 1 / Math.sqrt(2);
        private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

        /** Φ(v) = erfc(−v/√2)/2. */
        static double cdf(double v) {
            double z = -v * INV_SQRT_2;
            double a = Math.abs(z);
            double t = 1 / (1 + 0.5 * a);
            double r = t * Math.exp(-a * a - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                    + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                    + t * (-0.82215223 + t * 0.17087277)))))))));
            return 0.5 * (z >= 0 ? r : 2 - r);
        }

        @Override
        public void forward(float[] x, int xo, float[] y, int yo, int n) {
            for (int i = 0; i < n; i++) {
                double v = x[xo + i];
                y[yo + i] = (float) (v * cdf(v));
            }
        }

        @Override
        public void backward(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
            for (int i = 0; i < n; i++) {
                double v = x[xo + i];
                gx[gxo + i] = (float) (g[go + i] * (cdf(v) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v)));
            }
        }
    }
}
