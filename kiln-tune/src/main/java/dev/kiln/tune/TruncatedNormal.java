package dev.kiln.tune;

/**
 * The standard normal distribution's CDF in log space, and the normal distribution truncated to
 * [a, b], as used by TPE's Parzen estimators (after Optuna's {@code _truncnorm}).
 *
 * <p>With Φ the standard normal CDF and z = (x − μ)/σ, the truncated density on [low, high] is
 * {@code φ(z) / (σ · (Φ(b) − Φ(a)))} with a = (low − μ)/σ, b = (high − μ)/σ. Every quantity is
 * computed in log space so that kernels far in a tail (|a| up to hundreds) stay finite.
 */
final class TruncatedNormal {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double SQRT2 = Math.sqrt(2);

    private TruncatedNormal() {
    }

    /** erf(x), by its Maclaurin series for |x| &lt; 2.5, else 1 − erfc(x). */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (ax >= 2.5) {
            return Math.copySign(1 - erfcPositive(ax), x);
        }
        // erf x = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1))
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 100; n++) {
            term *= -x2 / n;
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    /** erfc(x) = 1 − erf(x), accurate in both tails. */
    static double erfc(double x) {
        if (x >= 2.5) {
            return erfcPositive(x);
        }
        if (x <= -2.5) {
            return 2 - erfcPositive(-x);
        }
        return 1 - erf(x);
    }

    /**
     * erfc(x) for x ≥ 2.5 by the continued fraction
     * erfc x = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated by Lentz's method.
     */
    private static double erfcPositive(double x) {
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int n = 1; n < 500; n++) {
            double an = n / 2.0;
            d = x + an * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = x + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }

    /** Φ(a), the standard normal CDF. */
    static double ndtr(double a) {
        double x = a / SQRT2;
        if (x < -1 / SQRT2) {
            return 0.5 * erfc(-x);
        } else if (x < 1 / SQRT2) {
            return 0.5 + 0.5 * erf(x);
        }
        return 1 - 0.5 * erfc(x);
    }

    /** ln Φ(a), finite for every finite a (an asymptotic series below −20). */
    static double logNdtr(double a) {
        if (a > 6) {
            return -ndtr(-a); // ln(1 − ε) ≈ −ε
        }
        if (a > -20) {
            return Math.log(ndtr(a));
        }
        double logLhs = -0.5 * a * a - Math.log(-a) - LOG_SQRT_2PI;
        double last = 0;
        double rhs = 1;
        double numerator = 1;
        double denomFactor = 1;
        double denomCons = 1 / (a * a);
        int sign = 1;
        for (int i = 1; Math.abs(last - rhs) > Math.ulp(1.0) && i < 100; i++) {
            last = rhs;
            sign = -sign;
            denomFactor *= denomCons;
            numerator *= 2 * i - 1;
            rhs += sign * numerator * denomFactor;
        }
        return logLhs + Math.log(rhs);
    }

    /** ln(e^x − e^y) for x ≥ y. */
    private static double logDiff(double x, double y) {
        return x + Math.log1p(-Math.exp(y - x));
    }

    /** ln(e^x + e^y). */
    private static double logSum(double x, double y) {
        double m = Math.max(x, y);
        if (m == Double.NEGATIVE_INFINITY) {
            return m;
        }
        return m + Math.log(Math.exp(x - m) + Math.exp(y - m));
    }

    /** ln(Φ(b) − Φ(a)), the log mass of the standard normal on [a, b]. */
    static double logGaussMass(double a, double b) {
        if (b <= 0) {
            return logDiff(logNdtr(b), logNdtr(a));
        }
        if (a > 0) {
            return logDiff(logNdtr(-a), logNdtr(-b));
        }
        return Math.log1p(-ndtr(a) - ndtr(-b));
    }

    /** ln φ(z) for the standard normal density φ. */
    static double logNormPdf(double z) {
        return -0.5 * z * z - LOG_SQRT_2PI;
    }

    /** x with ln Φ(x) = y (y ≤ 0), by Newton's method from an asymptotic start, as Optuna's ndtri_exp. */
    static double ndtriExp(double y) {
        boolean flipped = y > -1e-2;
        double z = flipped ? Math.log(-Math.expm1(y)) : y;
        double x;
        if (z < -5) {
            x = -Math.sqrt(-2.0 * (z + LOG_SQRT_2PI));
        } else {
            x = -Math.sqrt(3) / Math.PI * Math.log(Math.expm1(-z));
        }
        for (int i = 0; i < 100; i++) {
            double logNdtrX = logNdtr(x);
            double logPdfX = logNormPdf(x);
            double dx = (logNdtrX - z) * Math.exp(logNdtrX - logPdfX);
            x -= dx;
            if (!(Math.abs(dx) >= 1e-8 * Math.abs(x))) {
                break;
            }
        }
        return flipped ? -x : x;
    }

    /** The quantile q ∈ [0, 1] of the standard normal truncated to [a, b] (a &lt; b). */
    static double ppf(double q, double a, double b) {
        if (q <= 0) {
            return a;
        }
        if (q >= 1) {
            return b;
        }
        double logMass = logGaussMass(a, b);
        double x;
        if (a < 0) {
            x = ndtriExp(logSum(logNdtr(a), Math.log(q) + logMass));
        } else {
            x = -ndtriExp(logSum(logNdtr(-b), Math.log1p(-q) + logMass));
        }
        return Math.min(b, Math.max(a, x));
    }

    /** A draw of N(mu, sigma²) truncated to [low, high], from the uniform u ∈ [0, 1). */
    static double sample(double u, double mu, double sigma, double low, double high) {
        double a = (low - mu) / sigma;
        double b = (high - mu) / sigma;
        return Math.min(high, Math.max(low, ppf(u, a, b) * sigma + mu));
    }
}
