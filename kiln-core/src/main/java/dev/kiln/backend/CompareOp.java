package dev.kiln.backend;

/**
 * The element-wise comparisons of {@link IndexingPrimitives#compare}: {@code a op b}, false for every
 * comparison with a NaN except {@link #NE} (IEEE 754, as Java's and PyTorch's operators).
 */
public enum CompareOp {
    /** a = b. */
    EQ,
    /** a ≠ b (true when either is NaN). */
    NE,
    /** a &lt; b. */
    LT,
    /** a ≤ b. */
    LE,
    /** a &gt; b. */
    GT,
    /** a ≥ b. */
    GE;

    /**
     * {@return whether {@code a op b} holds for two float64 values}
     *
     * @param a the left operand
     * @param b the right operand
     */
    public boolean test(double a, double b) {
        return switch (this) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
        };
    }

    /**
     * {@return whether {@code a op b} holds for two int64 values, compared exactly}
     *
     * @param a the left operand
     * @param b the right operand
     */
    public boolean test(long a, long b) {
        return test((double) Long.compare(a, b), 0.0); // -1, 0 or 1 against 0: exact
    }
}
