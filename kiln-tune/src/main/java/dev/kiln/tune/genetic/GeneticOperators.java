package dev.kiln.tune.genetic;

import java.util.random.RandomGenerator;

/**
 * Variation operators on genes normalised to [0, 1] (numeric parameters) or holding a choice index
 * (categorical parameters).
 * <ul>
 *   <li>simulated binary crossover (SBX, Deb &amp; Agrawal 1995) with distribution index η_c: for a uniform
 *       u, β = (2u)^(1/(η_c+1)) if u ≤ ½ else (1/(2(1−u)))^(1/(η_c+1)); children
 *       ½((1+β)p₁ + (1−β)p₂) and ½((1−β)p₁ + (1+β)p₂), clamped to [0, 1];</li>
 *   <li>uniform crossover: each gene from either parent with probability ½ (categoricals);</li>
 *   <li>polynomial mutation (Deb) with distribution index η_m: for a uniform u,
 *       δ = (2u)^(1/(η_m+1)) − 1 if u &lt; ½ else 1 − (2(1−u))^(1/(η_m+1)); x ← clamp(x + δ);</li>
 *   <li>random resetting for categoricals: a uniformly drawn choice.</li>
 * </ul>
 */
public final class GeneticOperators {
    private GeneticOperators() {}

    /** One SBX child of two normalised parent genes. */
    public static double sbx(double p1, double p2, double eta, RandomGenerator rng) {
        double u = rng.nextDouble();
        double beta = u <= 0.5
                ? Math.pow(2 * u, 1.0 / (eta + 1))
                : Math.pow(1.0 / (2 * (1 - u)), 1.0 / (eta + 1));
        double child = rng.nextBoolean()
                ? 0.5 * ((1 + beta) * p1 + (1 - beta) * p2)
                : 0.5 * ((1 - beta) * p1 + (1 + beta) * p2);
        return Math.min(1.0, Math.max(0.0, child));
    }

    /** Polynomial mutation of a normalised gene. */
    public static double polynomialMutation(double x, double eta, RandomGenerator rng) {
        double u = rng.nextDouble();
        double delta = u < 0.5
                ? Math.pow(2 * u, 1.0 / (eta + 1)) - 1
                : 1 - Math.pow(2 * (1 - u), 1.0 / (eta + 1));
        return Math.min(1.0, Math.max(0.0, x + delta));
    }

    /**
     * Binary tournament: of two distinct random members, the one with the better (lower) rank, then the
     * larger crowding distance, then the lower index.
     */
    public static int tournament(int[] rank, double[] crowding, RandomGenerator rng) {
        int n = rank.length;
        int a = rng.nextInt(n);
        if (n == 1) {
            return a;
        }
        int b = rng.nextInt(n - 1);
        if (b >= a) {
            b++;
        }
        if (rank[a] != rank[b]) {
            return rank[a] < rank[b] ? a : b;
        }
        if (crowding[a] != crowding[b]) {
            return crowding[a] > crowding[b] ? a : b;
        }
        return Math.min(a, b);
    }
}
