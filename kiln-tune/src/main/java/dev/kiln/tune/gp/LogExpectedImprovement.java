package dev.kiln.tune.gp;

/**
 * Log expected improvement, computed without underflow (Ament et al., "Unexpected improvements to
 * expected improvement for Bayesian optimization", NeurIPS 2023, eq. 9), for maximisation.
 *
 * <p>For a posterior N(μ, σ²) at a point and the best value so far f₀:
 * <pre>
 *   EI   = E[max(0, Y − f₀)] = σ · h(z),   z = (μ − f₀)/σ,   h(z) = φ(z) + z·Φ(z)
 *   log h(z) = log(z·Φ(z) + φ(z))                                   for z ≥ −25
 *            = −z²/2 − log√(2π) + log(1 + z·r(z)),  r(z) = √(π/2)·erfcx(−z/√2)   for z &lt; −25
 *   d log h / dz = Φ(z)/h(z) = r(z) / (1 + z·r(z))
 * </pre>
 * (r(z) = Φ(z)/φ(z) is Mills' ratio of the lower tail.)
 */
public final class LogExpectedImprovement {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);
    private static final double SQRT_HALF_PI = Math.sqrt(0.5 * Math.PI);
    private static final double LOG_SQRT_2PI = Math.log(Math.sqrt(2.0 * Math.PI));
    private static final double SMALL_Z = -25.0;

    private LogExpectedImprovement() {}

    /** log h(z), the log expected improvement of a standard normal shifted by z. */
    public static double standard(double z) {
        if (z >= SMALL_Z) {
            double cdf = 0.5 * ErrorFunction.erfc(-SQRT_HALF * z);
            double pdf = Math.exp(-0.5 * z * z) * INV_SQRT_2PI;
            return Math.log(z * cdf + pdf);
        }
        double r = SQRT_HALF_PI * ErrorFunction.erfcx(-SQRT_HALF * z);
        return -0.5 * z * z - LOG_SQRT_2PI + Math.log1p(z * r);
    }

    /** d log h(z) / dz = Φ(z)/h(z). */
    public static double standardDerivative(double z) {
        if (z >= SMALL_Z) {
            double cdf = 0.5 * ErrorFunction.erfc(-SQRT_HALF * z);
            double pdf = Math.exp(-0.5 * z * z) * INV_SQRT_2PI;
            return cdf / (z * cdf + pdf);
        }
        double r = SQRT_HALF_PI * ErrorFunction.erfcx(-SQRT_HALF * z);
        return r / (1.0 + z * r);
    }

    /**
     * log EI for a posterior mean and variance against the threshold f₀: log h((μ − f₀)/σ) + log σ.
     *
     * @param gradient if not null, receives {∂/∂μ, ∂/∂var} of the result
     */
    public static double of(double mean, double variance, double threshold, double[] gradient) {
        double sigma = Math.sqrt(variance);
        double z = (mean - threshold) / sigma;
        double value = standard(z) + Math.log(sigma);
        if (gradient != null) {
            double dz = standardDerivative(z);
            gradient[0] = dz / sigma;
            // z depends on var through 1/σ: dz/dvar = −z/(2 var); d log σ / dvar = 1/(2 var)
            gradient[1] = (1.0 - dz * z) / (2.0 * variance);
        }
        return value;
    }
}
