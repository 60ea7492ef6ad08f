package dev.kiln.tune;

/** The benchmark functions of ../shared/bench/HPO.md, as objectives over their boxes. */
final class TestFunctions {
    private TestFunctions() {
    }

    static final double BRANIN_MIN = 0.397887;
    static final double HARTMANN6_MIN = -3.322368;

    static double branin(double x1, double x2) {
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        return Math.pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * Math.cos(x1) + 10;
    }

    private static final double[] ALPHA = {1.0, 1.2, 3.0, 3.2};
    private static final double[][] A = {
            {10, 3, 17, 3.5, 1.7, 8},
            {0.05, 10, 17, 0.1, 8, 14},
            {3, 3.5, 1.7, 10, 17, 8},
            {17, 8, 0.05, 10, 0.1, 14}};
    private static final double[][] P = {
            {0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
            {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
            {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
            {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};

    static double hartmann6(double[] x) {
        double s = 0;
        for (int i = 0; i < 4; i++) {
            double e = 0;
            for (int j = 0; j < 6; j++) {
                e += A[i][j] * (x[j] - P[i][j]) * (x[j] - P[i][j]);
            }
            s -= ALPHA[i] * Math.exp(-e);
        }
        return s;
    }

    static double rosenbrock(double[] x) {
        double s = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            s += 100 * Math.pow(x[i + 1] - x[i] * x[i], 2) + Math.pow(1 - x[i], 2);
        }
        return s;
    }

    static final Objective BRANIN = t -> branin(t.suggestFloat("x1", -5, 10), t.suggestFloat("x2", 0, 15)) - BRANIN_MIN;

    static final Objective HARTMANN6 = t -> {
        double[] x = new double[6];
        for (int j = 0; j < 6; j++) {
            x[j] = t.suggestFloat("x" + j, 0, 1);
        }
        return hartmann6(x) - HARTMANN6_MIN;
    };

    static final Objective ROSENBROCK10 = t -> {
        double[] x = new double[10];
        for (int j = 0; j < 10; j++) {
            x[j] = t.suggestFloat("x" + j, -5, 5);
        }
        return rosenbrock(x);
    };
}
