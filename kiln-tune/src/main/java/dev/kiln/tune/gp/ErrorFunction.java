package dev.kiln.tune.gp;

/**
 * The complementary error function and its scaled form in double precision, by W. J. Cody's rational
 * Chebyshev approximations ("Rational Chebyshev approximations for the error function", Math. Comp. 23,
 * 1969; the published coefficients of his CALERF routine), accurate to about 1e-16 relative.
 *
 * <pre>
 *   erfc(x)  = 2/√π ∫ₓ^∞ e^(−t²) dt
 *   erfcx(x) = e^(x²) · erfc(x)        (finite for large x, where erfc underflows)
 * </pre>
 */
public final class ErrorFunction {
    private static final double[] A = {3.16112374387056560e00, 1.13864154151050156e02,
        3.77485237685302021e02, 3.20937758913846947e03, 1.85777706184603153e-1};
    private static final double[] B = {2.36012909523441209e01, 2.44024637934444173e02,
        1.28261652607737228e03, 2.84423683343917062e03};
    private static final double[] C = {5.64188496988670089e-1, 8.88314979438837594e00,
        6.61191906371416295e01, 2.98635138197400131e02, 8.81952221241769090e02,
        1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8};
    private static final double[] D = {1.57449261107098347e01, 1.17693950891312499e02,
        5.37181101862009858e02, 1.62138957456669019e03, 3.29079923573345963e03,
        4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03};
    private static final double[] P = {3.05326634961232344e-1, 3.60344899949804439e-1,
        1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2};
    private static final double[] Q = {2.56852019228982242e00, 1.87295284992346047e00,
        5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3};
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477562869;
    private static final double THRESHOLD = 0.46875;

    private ErrorFunction() {}

    /** erf(x) for |x| ≤ 0.46875 (Cody's first interval). */
    private static double erfSmall(double x) {
        double ysq = x * x;
        double num = A[4] * ysq;
        double den = ysq;
        for (int i = 0; i < 3; i++) {
            num = (num + A[i]) * ysq;
            den = (den + B[i]) * ysq;
        }
        return x * (num + A[3]) / (den + B[3]);
    }

    /** erfcx(y) for y &gt; 0.46875 (Cody's second and third intervals). */
    private static double erfcxLarge(double y) {
        if (y <= 4.0) {
            double num = C[8] * y;
            double den = y;
            for (int i = 0; i < 7; i++) {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }
            return (num + C[7]) / (den + D[7]);
        }
        if (y >= 6.71e7) {
            return ONE_OVER_SQRT_PI / y;
        }
        double ysq = 1.0 / (y * y);
        double num = P[5] * ysq;
        double den = ysq;
        for (int i = 0; i < 4; i++) {
            num = (num + P[i]) * ysq;
            den = (den + Q[i]) * ysq;
        }
        double r = ysq * (num + P[4]) / (den + Q[4]);
        return (ONE_OVER_SQRT_PI - r) / y;
    }

    /** e^(x²) computed as e^(t²)·e^((x−t)(x+t)) with t = x rounded to 1/16, to keep its relative accuracy. */
    private static double expSquare(double x) {
        double t = Math.floor(x * 16.0) / 16.0;
        return Math.exp(t * t) * Math.exp((x - t) * (x + t));
    }

    /** The complementary error function erfc(x) = 1 − erf(x). */
    public static double erfc(double x) {
        double y = Math.abs(x);
        if (y <= THRESHOLD) {
            return 1.0 - erfSmall(x);
        }
        double tail = y > 26.7 ? 0.0 : erfcxLarge(y) / expSquare(y);
        return x < 0 ? 2.0 - tail : tail;
    }

    /**
     * The scaled complementary error function erfcx(x) = e^(x²)·erfc(x); it behaves like 1/(x√π) for large
     * x and is +∞ for x below about −26.6 (where e^(x²) overflows).
     */
    public static double erfcx(double x) {
        double y = Math.abs(x);
        if (y <= THRESHOLD) {
            return Math.exp(x * x) * (1.0 - erfSmall(x));
        }
        double scaled = erfcxLarge(y);
        if (x >= 0) {
            return scaled;
        }
        if (x < -26.628) {
            return Double.POSITIVE_INFINITY;
        }
        double e = expSquare(y);
        return (e + e) - scaled;
    }
}
