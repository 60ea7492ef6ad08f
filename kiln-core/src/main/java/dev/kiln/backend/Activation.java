package dev.kiln.backend;

/**
 * The element-wise functions that a {@link Backend} runs as fused forward and backward loops
 * ({@link Backend#activationForward} and {@link Backend#activationBackward}). Each record names
 * one function and its parameters, and carries the textbook formula for its value f(x) and its
 * derivative f'(x) in float64: the definition that {@link ReferenceBackend} evaluates and that
 * every fast kernel is tested against.
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

    /** max(0, x); derivative 0 at x ≤ 0 (PyTorch's threshold_backward). */
    record Relu() implements Activation {
        @Override
        public double value(double x) {
            return Math.max(x, 0); // NaN stays NaN, as in PyTorch
        }

        @Override
        public double derivative(double x) {
            return x > 0 ? 1 : 0;
        }
    }

    /**
     * x for x &gt; 0, slope·x otherwise.
     *
     * @param slope the slope for x ≤ 0
     */
    record LeakyRelu(float slope) implements Activation {
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
    record Hardtanh(float lo, float hi) implements Activation {
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
    record ExpLinear(float scale, float alpha, float k) implements Activation {
        @Override
        public double value(double x) {
            return x > 0 ? (double) scale * x : (double) scale * alpha * Math.expm1(x * k);
        }

        @Override
        public double derivative(double x) {
            return x > 0 ? scale : (double) scale * alpha * k * Math.exp(x * k);
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
            return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * K * (1 + 3 * C * x * x);
        }
    }

    /**
     * GELU, exact: x·Φ(x) with Φ the standard normal CDF; derivative Φ(x) + x·φ(x). Φ is
     * erfc(−x/√2)/2 from the Chebyshev fit of Numerical Recipes (relative error of erfc below
     * 1.2e−7, under float32 rounding).
     */
    record GeluErf() implements Activation {
        private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

        /**
         * {@return Φ(x)}
         *
         * @param x the input
         */
        public static double cdf(double x) {
            double z = -x / Math.sqrt(2);
            double a = Math.abs(z);
            double t = 1 / (1 + 0.5 * a);
            double r = t * Math.exp(-a * a) * Math.exp(-1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                    + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                    + t * (-0.82215223 + t * 0.17087277)))))))));
            return 0.5 * (z >= 0 ? r : 2 - r);
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
}
