package dev.kiln.optim;

/** Hyper-parameter validation with messages naming the algorithm and the argument. */
final class Checks {
    private Checks() {
    }

    static void nonNegative(String algorithm, String name, double v) {
        if (!(v >= 0)) {
            throw new IllegalArgumentException(algorithm + ": invalid " + name + " " + v + " (must be >= 0)");
        }
    }

    static void in01(String algorithm, String name, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(algorithm + ": invalid " + name + " " + v + " (must be in [0, 1))");
        }
    }

    /** The Adam family's checks: lr, eps and weight_decay &ge; 0, beta1 and beta2 in [0, 1). */
    static void adam(String algorithm, double lr, double beta1, double beta2, double eps, double weightDecay) {
        nonNegative(algorithm, "lr", lr);
        in01(algorithm, "beta1", beta1);
        in01(algorithm, "beta2", beta2);
        nonNegative(algorithm, "eps", eps);
        nonNegative(algorithm, "weight_decay", weightDecay);
    }
}
