package dev.kiln.tune.gp;

/**
 * The Matérn-5/2 correlation as a function of the squared scaled distance d² = Σ_j λ_j (x_j − x'_j)²
 * (λ_j the inverse squared length scales):
 * <pre>
 *   m(d²)   = (1 + √(5d²) + 5d²/3) · exp(−√(5d²))
 *   m'(d²)  = dm/d(d²) = −5/6 · (1 + √(5d²)) · exp(−√(5d²))
 * </pre>
 * The derivative is taken with respect to d², where it is finite everywhere (also at d = 0).
 */
public final class Matern52 {
    private Matern52() {}

    /** m(d²). */
    public static double value(double squaredDistance) {
        double r = Math.sqrt(5.0 * squaredDistance);
        return Math.exp(-r) * (1.0 + r + (5.0 / 3.0) * squaredDistance);
    }

    /** m'(d²) = dm/d(d²). */
    public static double derivative(double squaredDistance) {
        double r = Math.sqrt(5.0 * squaredDistance);
        return (-5.0 / 6.0) * (1.0 + r) * Math.exp(-r);
    }
}
