package dev.kiln.backend;

/**
 * The table of element-wise activation functions: a {@link Backend} runs each as a forward and a
 * backward loop ({@link Backend#activationForward} and {@link Backend#activationBackward}). Each
 * record names one function and its parameters, and carries the textbook formula for its value
 * f(x) and its derivative f'(x) in float64: the definition that {@link ReferenceBackend} evaluates
 * (the float64 path of every activation) and that every fast kernel is tested against. The
 * derivative at a kink and at NaN is PyTorch's (a NaN input passes the gradient of the x &gt; 0
 * branch for the rectifier family).
 */
public sealed interface Activation {
    /**
     * {@return f(x)}
     *
     * @param x the input
     */
    double value(double x);

    /**
     * {@return f'(x) (the one-sided value that PyTorch uses at a kink)}
     *
     * @param x the input
     */
    double derivative(double x);

    /**
     * {@return the logistic function σ(x) = 1/(1 + e^(−x))}
     *
     * @param x the input
     */
    static double sigma(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x); // e^x/(1 + e^x) does not overflow for x ≪ 0
        return e / (1 + e);
    }

    /** max(0, x); derivative 0 at x ≤ 0 (PyTorch's threshold_backward: 1 at NaN). */
    record Relu() implements Activation {
        @Override
        public double value(double x) {
            return Math.max(x, 0); // NaN stays NaN, as in PyTorch
        }

        @Override
        public double derivative(double x) {
            return x <= 0 ? 0 : 1;
        }
    }

    /**
     * x for x &gt; 0, slope·x otherwise.
     *
     * @param slope the slope for x ≤ 0
     */
    record LeakyRelu(double slope) implements Activation {
        @Override
        public double value(double x) {
            return x > 0 ? x : x * slope;
        }

        @Override
        public double derivative(double x) {
            return x > 0 ? 1 : slope;
        }
    }

    /**
     * clamp(x, lo, hi); derivative 1 strictly inside, 0 at and beyond the bounds.
     *
     * @param lo the lower bound
     * @param hi the upper bound
     */
    record Hardtanh(double lo, double hi) implements Activation {
        @Override
        public double value(double x) {
            return x < lo ? lo : (x > hi ? hi : x);
        }

        @Override
        public double derivative(double x) {
            return x <= lo || x >= hi ? 0 : 1;
        }
    }

    /**
     * The exponential-linear family: scale·x for x &gt; 0, else scale·α·(e^(k·x) − 1); derivative
     * scale·α·k·e^(k·x) for x ≤ 0. ELU is (1, α, 1), SELU (λ, α, 1), CELU (1, α, 1/α).
     *
     * @param scale the factor on both branches (1; λ for SELU)
     * @param alpha the scale α of the negative branch
     * @param k the factor on x in the exponential (1; 1/α for CELU)
     */
    record ExpLinear(double scale, double alpha, double k) implements Activation {
        @Override
        public double value(double x) {
            return x > 0 ? scale * x : scale * (alpha * Math.expm1(x * k));
        }

        @Override
        public double derivative(double x) {
            return x <= 0 ? scale * (alpha * k * Math.exp(x * k)) : scale;
        }
    }

    /** SiLU (swish): x·σ(x); derivative σ(x)(1 + x(1 − σ(x))). */
    record Silu() implements Activation {
        @Override
        public double value(double x) {
            return x * sigma(x);
        }

        @Override
        public double derivative(double x) {
            double s = sigma(x);
            return s * (1 + x * (1 - s));
        }
    }

    /** GELU, tanh approximation: 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))). */
    record GeluTanh() implements Activation {
        private static final double K = Math.sqrt(2 / Math.PI);
        private static final double C = 0.044715;

        @Override
        public double value(double x) {
            return 0.5 * x * (1 + Math.tanh(K * (x + C * x * x * x)));
        }

        @Override
        public double derivative(double x) {
            double t = Math.tanh(K * (x + C * x * x * x));
            return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * (K * (1 + 3 * C * x * x));
        }
    }

    /** GELU, exact: x·Φ(x) with Φ the standard normal CDF; derivative Φ(x) + x·φ(x). */
    record GeluErf() implements Activation {
        private static final double INV_SQRT_2 = 1 / Math.sqrt(2);
        private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

        /**
         * {@return Φ(x) = (1 + erf(x/√2))/2, to float64 precision}
         *
         * @param x the input
         */
        public static double cdf(double x) {
            return 0.5 * (1 + SpecialFunctions.erf(x * INV_SQRT_2));
        }

        @Override
        public double value(double x) {
            return x * cdf(x);
        }

        @Override
        public double derivative(double x) {
            return cdf(x) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
        }
    }

    /** σ(x); derivative σ(1 − σ). */
    record Sigmoid() implements Activation {
        @Override
        public double value(double x) {
            return sigma(x);
        }

        @Override
        public double derivative(double x) {
            double s = sigma(x);
            return s * (1 - s);
        }
    }

    /** tanh x; derivative 1 − tanh² x. */
    record Tanh() implements Activation {
        @Override
        public double value(double x) {
            return Math.tanh(x);
        }

        @Override
        public double derivative(double x) {
            double t = Math.tanh(x);
            return 1 - t * t;
        }
    }

    /** Mish: x·tanh(softplus(x)); derivative tanh(sp) + x·(1 − tanh²(sp))·σ(x). */
    record Mish() implements Activation {
        @Override
        public double value(double x) {
            return x * Math.tanh(softplus(x));
        }

        @Override
        public double derivative(double x) {
            double t = Math.tanh(softplus(x));
            return t + x * (1 - t * t) * sigma(x);
        }
    }

    /**
     * Softplus: log(1 + e^(βx))/β, or x where βx &gt; threshold; derivative σ(βx) (1 past the threshold).
     *
     * @param beta the factor β
     * @param threshold the value of βx above which the function is the identity
     */
    record Softplus(double beta, double threshold) implements Activation {
        @Override
        public double value(double x) {
            return beta * x > threshold ? x : softplus(beta * x) / beta;
        }

        @Override
        public double derivative(double x) {
            return beta * x > threshold ? 1 : sigma(beta * x);
        }
    }

    /** Softsign: x/(1 + |x|); derivative 1/(1 + |x|)². */
    record Softsign() implements Activation {
        @Override
        public double value(double x) {
            return x / (1 + Math.abs(x));
        }

        @Override
        public double derivative(double x) {
            double d = 1 + Math.abs(x);
            return 1 / (d * d);
        }
    }

    /** Hardsigmoid: relu6(x + 3)/6; derivative 1/6 on (−3, 3), else 0. */
    record Hardsigmoid() implements Activation {
        @Override
        public double value(double x) {
            return x <= -3 ? 0 : (x >= 3 ? 1 : x / 6 + 0.5);
        }

        @Override
        public double derivative(double x) {
            return x > -3 && x < 3 ? 1.0 / 6 : 0;
        }
    }

    /** Hardswish: x·min(max(x + 3, 0), 6)/6 (−∞ gives NaN, as PyTorch's); derivative (2x + 3)/6 on [−3, 3], 0 below, 1 above. */
    record Hardswish() implements Activation {
        @Override
        public double value(double x) {
            return x * Math.min(Math.max(x + 3, 0), 6) / 6;
        }

        @Override
        public double derivative(double x) {
            return x < -3 ? 0 : (x <= 3 ? (2 * x + 3) / 6 : 1);
        }
    }

    /** log σ(x) = −softplus(−x), computed stably; derivative σ(−x). */
    record LogSigmoid() implements Activation {
        @Override
        public double value(double x) {
            return -softplus(-x);
        }

        @Override
        public double derivative(double x) {
            return sigma(-x);
        }
    }

    /** Tanhshrink: x − tanh x; derivative tanh² x. */
    record Tanhshrink() implements Activation {
        @Override
        public double value(double x) {
            return x - Math.tanh(x);
        }

        @Override
        public double derivative(double x) {
            double t = Math.tanh(x);
            return t * t;
        }
    }

    /**
     * Hardshrink: x where |x| &gt; λ, else 0; derivative 0 on [−λ, λ], else 1.
     *
     * @param lambda the threshold λ
     */
    record Hardshrink(double lambda) implements Activation {
        @Override
        public double value(double x) {
            return x >= -lambda && x <= lambda ? 0 : x;
        }

        @Override
        public double derivative(double x) {
            return x >= -lambda && x <= lambda ? 0 : 1;
        }
    }

    /**
     * Softshrink: x − λ above λ, x + λ below −λ, else 0; derivative 0 on [−λ, λ], else 1.
     *
     * @param lambda the threshold λ (≥ 0)
     */
    record Softshrink(double lambda) implements Activation {
        @Override
        public double value(double x) {
            return x > lambda ? x - lambda : (x < -lambda ? x + lambda : 0);
        }

        @Override
        public double derivative(double x) {
            return x >= -lambda && x <= lambda ? 0 : 1;
        }
    }

    /**
     * Threshold: x where x &gt; threshold, else {@code replacement}; derivative 0 at and below the threshold.
     *
     * @param threshold the value at or below which an element is replaced
     * @param replacement the value that replaces it
     */
    record Threshold(double threshold, double replacement) implements Activation {
        @Override
        public double value(double x) {
            return x <= threshold ? replacement : x;
        }

        @Override
        public double derivative(double x) {
            return x <= threshold ? 0 : 1;
        }
    }

    /**
     * Logit: log(z/(1 − z)) with z = clamp(x, lo, hi); derivative 1/(x(1 − x)) on [lo, hi], 0 outside
     * (lo = −∞, hi = ∞ for the unclamped logit).
     *
     * @param lo the lower clamp of the input
     * @param hi the upper clamp of the input
     */
    record Logit(double lo, double hi) implements Activation {
        @Override
        public double value(double x) {
            double z = x < lo ? lo : (x > hi ? hi : x);
            return Math.log(z / (1 - z));
        }

        @Override
        public double derivative(double x) {
            return x < lo || x > hi ? 0 : 1 / (x * (1 - x));
        }
    }

    /**
     * {@return log(1 + e^x) without overflow}
     *
     * @param x the input
     */
    static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }
}
