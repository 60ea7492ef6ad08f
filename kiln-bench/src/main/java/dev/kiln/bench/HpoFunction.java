package dev.kiln.bench;

import dev.kiln.tune.Trial;

/**
 * The test functions of the hyper-parameter search benchmark (/work/shared/bench/HPO.md), each minimised
 * over its box with known minimum f*; {@code hpo_optuna.py} defines the same three.
 */
enum HpoFunction {
    /** Branin on x1 ∈ [−5, 10], x2 ∈ [0, 15]: (x2 − 5.1/(4π²)x1² + 5/π x1 − 6)² + 10(1 − 1/(8π))cos x1 + 10. */
    BRANIN("branin", 0.397887) {
        @Override
        double evaluate(Trial t) {
            double x1 = t.suggestFloat("x1", -5, 10);
            double x2 = t.suggestFloat("x2", 0, 15);
            double a = x2 - 5.1 / (4 * Math.PI * Math.PI) * x1 * x1 + 5 / Math.PI * x1 - 6;
            return a * a + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
        }
    },
    /** Hartmann-6 on [0, 1]⁶: −Σᵢ αᵢ exp(−Σⱼ Aᵢⱼ (xⱼ − Pᵢⱼ)²) with the standard A, P, α. */
    HARTMANN6("hartmann6", -3.322368) {
        private static final double[][] A = {
            {10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
        private static final double[][] P = {
            {1312, 1696, 5569, 124, 8283, 5886}, {2329, 4135, 8307, 3736, 1004, 9991},
            {2348, 1451, 3522, 2883, 3047, 6650}, {4047, 8828, 8732, 5743, 1091, 381}};
        private static final double[] ALPHA = {1.0, 1.2, 3.0, 3.2};

        @Override
        double evaluate(Trial t) {
            double[] x = new double[6];
            for (int j = 0; j < 6; j++) {
                x[j] = t.suggestFloat("x" + j, 0, 1);
            }
            double s = 0;
            for (int i = 0; i < 4; i++) {
                double e = 0;
                for (int j = 0; j < 6; j++) {
                    double d = x[j] - P[i][j] * 1e-4;
                    e += A[i][j] * d * d;
                }
                s -= ALPHA[i] * Math.exp(-e);
            }
            return s;
        }
    },
    /** Rosenbrock-10 on [−5, 5]¹⁰: Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)². */
    ROSENBROCK10("rosenbrock10", 0.0) {
        @Override
        double evaluate(Trial t) {
            double[] x = new double[10];
            for (int j = 0; j < 10; j++) {
                x[j] = t.suggestFloat("x" + j, -5, 5);
            }
            double s = 0;
            for (int i = 0; i + 1 < 10; i++) {
                s += 100 * (x[i + 1] - x[i] * x[i]) * (x[i + 1] - x[i] * x[i]) + (1 - x[i]) * (1 - x[i]);
            }
            return s;
        }
    };

    final String id;
    final double minimum;

    HpoFunction(String id, double minimum) {
        this.id = id;
        this.minimum = minimum;
    }

    /** f at the point the trial suggests. */
    abstract double evaluate(Trial t);
}
