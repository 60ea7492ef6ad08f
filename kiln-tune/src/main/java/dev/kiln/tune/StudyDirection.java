package dev.kiln.tune;

/** Whether an objective is to be made small or large. */
public enum StudyDirection {
    /** Smaller is better. */
    MINIMIZE,
    /** Larger is better. */
    MAXIMIZE;

    /** True when {@code a} is strictly better than {@code b} in this direction. */
    public boolean better(double a, double b) {
        return this == MINIMIZE ? a < b : a > b;
    }

    /** The value as a loss (negated for MAXIMIZE), so that smaller is always better. */
    public double asLoss(double v) {
        return this == MINIMIZE ? v : -v;
    }
}
