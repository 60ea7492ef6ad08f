package dev.kiln.backend.cpu;

import dev.kiln.backend.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused float32 loops (forward and backward) for the {@link Activation}s: relu, sigmoid, tanh,
 * leaky_relu, hardtanh, ELU/SELU/CELU, SiLU and both GELUs as Vector API lanes, then a scalar tail
 * in double; each kernel is its own class, so each loop's JIT profile sees one function. The other
 * activations (mish, softplus, the shrinks…) run {@link Scalar}: their float64 formula per element.
 */
final class ActivationKernels {
    private static final VectorSpecies<Float> S = FloatVectors.S;
    private static final int L = S.length();

    private ActivationKernels() {
    }

    private static final Kernel RELU = new Relu();
    private static final Kernel SIGMOID = new Sigmoid();
    private static final Kernel TANH = new Tanh();
    private static final Kernel SILU = new Silu();
    private static final Kernel GELU_TANH = new GeluTanh();
    private static final Kernel GELU_ERF = new GeluErf();

    /** The kernel of {@code f}. */
    static Kernel of(Activation f) {
        return switch (f) {
            case Activation.Relu r -> RELU;
            case Activation.Sigmoid s -> SIGMOID;
            case Activation.Tanh t -> TANH;
            case Activation.Silu s -> SILU;
            case Activation.GeluTanh g -> GELU_TANH;
            case Activation.GeluErf g -> GELU_ERF;
            case Activation.LeakyRelu(double slope) -> new LeakyRelu((float) slope);
            case Activation.Hardtanh(double lo, double hi) -> new Hardtanh((float) lo, (float) hi);
            case Activation.ExpLinear(double scale, double alpha, double k) -> new ExpLinear((float) scale, (float) alpha, (float) k);
            default -> new Scalar(f);
        };
    }

    /**
     * The functions without a vector kernel: f and f' evaluated per element in float64 from the
     * {@link Activation}'s own formulas, each result rounded once to float32.
     */
    record Scalar(Activation f) implements Kernel {
        @Override
        public void forward(float[] x, int xo, float[] y, int yo, int n) {
            for (int i = 0; i < n; i++) {
                y[yo + i] = (float) f.value(x[xo + i]);
            }
        }

        @Override
        public void backward(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
            for (int i = 0; i < n; i++) {
                gx[gxo + i] = (float) (g[go + i] * f.derivative(x[xo + i]));
            }
        }
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
                d.blend(d.mul(slope), v.compare(VectorOperators.GT, 0f).not()).intoArray(gx, gxo + i); // NaN: the slope
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
                // 0 at and beyond the bounds, the gradient elsewhere (NaN included, as PyTorch's hardtanh_backward)
                VectorMask<Float> inside = v.compare(VectorOperators.LE, lo).or(v.compare(VectorOperators.GE, hi)).not();
                zero.blend(FloatVector.fromArray(S, g, go + i), inside).intoArray(gx, gxo + i);
            }
            for (; i < n; i++) {
                float v = x[xo + i];
                gx[gxo + i] = v <= lo || v >= hi ? 0f : g[go + i];
            }
        }
    }

    /**
     * The exponential-linear family: scale·x for x &gt; 0, else scale·α·(e^(x·k) − 1), derivative
     * scale·α·k·e^(x·k) for x ≤ 0. ELU: (1, α, 1); SELU: (λ, α, 1); CELU: (1, α, 1/α).
     */
    record ExpLinear(float scale, float alpha, float k) implements Kernel {
        @Override
        public void forward(float[] x, int xo, float[] y, int yo, int n) {
            int i = 0;
            float sa = scale * alpha;
            for (int up = S.loopBound(n); i < up; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xo + i);
                FloatVector neg = v.mul(k).lanewise(VectorOperators.EXPM1).mul(sa);
                v.mul(scale).blend(neg, v.compare(VectorOperators.LE, 0f)).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                float v = x[xo + i];
                y[yo + i] = v > 0 ? scale * v : (float) (sa * Math.expm1((double) v * k));
            }
        }

        @Override
        public void backward(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
            int i = 0;
            float sak = scale * alpha * k;
            for (int up = S.loopBound(n); i < up; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xo + i);
                FloatVector d = FloatVector.broadcast(S, scale).blend(v.mul(k).lanewise(VectorOperators.EXP).mul(sak),
                        v.compare(VectorOperators.LE, 0f));
                FloatVector.fromArray(S, g, go + i).mul(d).intoArray(gx, gxo + i);
            }
            for (; i < n; i++) {
                float v = x[xo + i];
                gx[gxo + i] = g[go + i] * (v <= 0 ? (float) (sak * Math.exp((double) v * k)) : scale);
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
                y[yo + i] = (float) (v * Activation.sigma(v));
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
                double s = Activation.sigma(v);
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

    /** max(0, x); derivative 0 at x ≤ 0. */
    record Relu() implements Kernel {
        @Override
        public void forward(float[] x, int xo, float[] y, int yo, int n) {
            FloatVectors.relu(x, xo, y, yo, n);
        }

        @Override
        public void backward(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
            int i = 0;
            FloatVector zero = FloatVector.zero(S);
            for (int up = S.loopBound(n); i < up; i += L) {
                // PyTorch's threshold_backward: 0 where x ≤ 0, the gradient elsewhere (NaN included)
                VectorMask<Float> pass = FloatVector.fromArray(S, x, xo + i).compare(VectorOperators.LE, 0f).not();
                zero.blend(FloatVector.fromArray(S, g, go + i), pass).intoArray(gx, gxo + i);
            }
            for (; i < n; i++) {
                gx[gxo + i] = x[xo + i] <= 0 ? 0f : g[go + i];
            }
        }
    }

    /** σ(x); derivative σ(1 − σ), recomputed from x. */
    record Sigmoid() implements Kernel {
        @Override
        public void forward(float[] x, int xo, float[] y, int yo, int n) {
            FloatVectors.sigmoid(x, xo, y, yo, n);
        }

        @Override
        public void backward(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
            int i = 0;
            FloatVector one = FloatVector.broadcast(S, 1f);
            for (int up = S.loopBound(n); i < up; i += L) {
                FloatVector s = one.div(one.add(FloatVector.fromArray(S, x, xo + i).neg().lanewise(VectorOperators.EXP)));
                FloatVector.fromArray(S, g, go + i).mul(s.mul(one.sub(s))).intoArray(gx, gxo + i);
            }
            for (; i < n; i++) {
                double s = Activation.sigma(x[xo + i]);
                gx[gxo + i] = (float) (g[go + i] * s * (1 - s));
            }
        }
    }

    /** tanh x; derivative 1 − tanh², recomputed from x. */
    record Tanh() implements Kernel {
        @Override
        public void forward(float[] x, int xo, float[] y, int yo, int n) {
            FloatVectors.tanh(x, xo, y, yo, n);
        }

        @Override
        public void backward(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
            int i = 0;
            for (int up = S.loopBound(n); i < up; i += L) {
                FloatVector t = FloatVector.fromArray(S, x, xo + i).lanewise(VectorOperators.TANH);
                FloatVector.fromArray(S, g, go + i).mul(t.mul(t).neg().add(1f)).intoArray(gx, gxo + i);
            }
            for (; i < n; i++) {
                double t = Math.tanh(x[xo + i]);
                gx[gxo + i] = (float) (g[go + i] * (1 - t * t));
            }
        }
    }

    /**
     * x·Φ(x), with Φ(x) = erfc(−x/√2)/2 from the Chebyshev fit of Numerical Recipes (relative
     * error of erfc below 1.2e−7), evaluated in float lanes; the factor e^(−a²) is computed apart
     * from the polynomial factor so that its rounding stays relative.
     */
    record GeluErf() implements Kernel {
        private static final float INV_SQRT_2 = (float) (1 / Math.sqrt(2));
        private static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));

        /** Φ(v) for one lane group. */
        private static FloatVector cdf(FloatVector v) {
            FloatVector z = v.mul(-INV_SQRT_2);
            FloatVector a = z.abs();
            FloatVector t = FloatVector.broadcast(S, 1f).div(a.mul(0.5f).add(1f));
            FloatVector p = t.mul(0.17087277f).add(-0.82215223f);
            p = p.mul(t).add(1.48851587f);
            p = p.mul(t).add(-1.13520398f);
            p = p.mul(t).add(0.27886807f);
            p = p.mul(t).add(-0.18628806f);
            p = p.mul(t).add(0.09678418f);
            p = p.mul(t).add(0.37409196f);
            p = p.mul(t).add(1.00002368f);
            p = p.mul(t).add(-1.26551223f);
            FloatVector r = t.mul(a.mul(a).neg().lanewise(VectorOperators.EXP)).mul(p.lanewise(VectorOperators.EXP));
            FloatVector erfc = r.blend(r.neg().add(2f), z.compare(VectorOperators.LT, 0f));
            return erfc.mul(0.5f);
        }

        @Override
        public void forward(float[] x, int xo, float[] y, int yo, int n) {
            int i = 0;
            for (int up = S.loopBound(n); i < up; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xo + i);
                v.mul(cdf(v)).intoArray(y, yo + i);
            }
            for (; i < n; i++) {
                double v = x[xo + i];
                y[yo + i] = (float) (v * Activation.GeluErf.cdf(v));
            }
        }

        @Override
        public void backward(float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n) {
            int i = 0;
            for (int up = S.loopBound(n); i < up; i += L) {
                FloatVector v = FloatVector.fromArray(S, x, xo + i);
                FloatVector pdf = v.mul(v).mul(-0.5f).lanewise(VectorOperators.EXP).mul(INV_SQRT_2PI);
                FloatVector.fromArray(S, g, go + i).mul(cdf(v).add(v.mul(pdf))).intoArray(gx, gxo + i);
            }
            for (; i < n; i++) {
                double v = x[xo + i];
                gx[gxo + i] = (float) (g[go + i] * (Activation.GeluErf.cdf(v) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v)));
            }
        }
    }
}
