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
}
