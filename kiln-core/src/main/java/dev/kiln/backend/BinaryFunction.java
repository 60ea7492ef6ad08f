package dev.kiln.backend;

/**
 * The element-wise functions of two numbers that a {@link Backend} runs over two runs
 * ({@link ElementwisePrimitives#binary}): the table behind {@code Tensor.add/mul/div/pow/maximum/minimum}
 * (their derivatives, written with tensor ops, are in {@code tensor.ops.BinaryOps}). {@link #apply(double,
 * double)} is the float64 definition, the float64 path and what the float32 loops are tested against;
 * {@link #apply(long, long)} the int64 one.
 */
public enum BinaryFunction {
    /** a + b. */
    ADD,
    /** a · b. */
    MUL,
    /** a / b (int64: truncated toward zero; the tensor op divides integers in float32). */
    DIV,
    /** a^b (int64: the float64 power truncated). */
    POW,
    /** max(a, b); NaN if either is NaN. */
    MAXIMUM,
    /** min(a, b); NaN if either is NaN. */
    MINIMUM;

    /**
     * {@return f(a, b) in float64}
     *
     * @param a the first argument
     * @param b the second argument
     */
    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAXIMUM -> Math.max(a, b); // Math.max and Math.min return NaN when either is NaN
            case MINIMUM -> Math.min(a, b);
        };
    }

    /**
     * {@return f(a, b) in int64 (wrapping on overflow, as Java's and PyTorch's integer arithmetic)}
     *
     * @param a the first argument
     * @param b the second argument
     * @throws ArithmeticException for DIV by 0
     */
    public long apply(long a, long b) {
        return switch (this) {
            case ADD -> a + b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> (long) Math.pow(a, b);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
        };
    }
}
