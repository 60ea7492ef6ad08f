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

    static final Objective HARTMANN6 = box(6, 0, 1, TestFunctions::hartmann6, HARTMANN6_MIN);

    static final Objective ROSENBROCK10 = box(10, -5, 5, TestFunctions::rosenbrock, 0);

    /** Ackley in d dimensions over [−32.768, 32.768]^d; f* = 0 at the origin. */
    static double ackley(double[] x) {
        double sq = 0;
        double cos = 0;
        for (double v : x) {
            sq += v * v;
            cos += Math.cos(2 * Math.PI * v);
        }
        int d = x.length;
        return -20 * Math.exp(-0.2 * Math.sqrt(sq / d)) - Math.exp(cos / d) + 20 + Math.E;
    }

    /** Levy in d dimensions over [−10, 10]^d; f* = 0 at (1, …, 1). */
    static double levy(double[] x) {
        int d = x.length;
        double[] w = new double[d];
        for (int i = 0; i < d; i++) {
            w[i] = 1 + (x[i] - 1) / 4;
        }
        double s = Math.pow(Math.sin(Math.PI * w[0]), 2);
        for (int i = 0; i + 1 < d; i++) {
            s += (w[i] - 1) * (w[i] - 1) * (1 + 10 * Math.pow(Math.sin(Math.PI * w[i] + 1), 2));
        }
        return s + (w[d - 1] - 1) * (w[d - 1] - 1) * (1 + Math.pow(Math.sin(2 * Math.PI * w[d - 1]), 2));
    }

    /** Styblinski–Tang in d dimensions over [−5, 5]^d; f* = −39.16617·d at xᵢ = −2.903534. */
    static double styblinskiTang(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v * v * v - 16 * v * v + 5 * v;
        }
        return s / 2;
    }

    /** Styblinski–Tang's minimum per dimension. */
    static final double STYBLINSKI_TANG_MIN_PER_DIM = -39.16616570377142;

    /** A d-dimensional objective over the box [low, high]^d, minus its known minimum. */
    static Objective box(int d, double low, double high, java.util.function.ToDoubleFunction<double[]> f, double min) {
        return t -> {
            double[] x = new double[d];
            for (int j = 0; j < d; j++) {
                x[j] = t.suggestFloat("x" + j, low, high);
            }
            return f.applyAsDouble(x) - min;
        };
    }

    static final Objective ACKLEY5 = box(5, -32.768, 32.768, TestFunctions::ackley, 0);
    static final Objective LEVY4 = box(4, -10, 10, TestFunctions::levy, 0);
    static final Objective STYBLINSKI_TANG8 = box(8, -5, 5, TestFunctions::styblinskiTang, 8 * STYBLINSKI_TANG_MIN_PER_DIM);
}
