package dev.kiln.backend;

import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * The element-wise functions of two numbers that a {@link Backend} runs over two runs
 * ({@link ElementwisePrimitives#binary}): the table behind {@code Tensor.add/mul/div/pow/maximum/minimum}
 * (their derivatives, written with tensor ops, are in {@code tensor.ops.BinaryOps}). {@link #apply(double,
 * double)} is the float64 definition, the float64 path and what the float32 loops are tested against;
 * {@link #apply(long, long)} the int64 one (wrapping on overflow, as Java's and PyTorch's integer
 * arithmetic).
 */
public enum BinaryFunction {
    /** a + b. */
    ADD((a, b) -> a + b, (a, b) -> a + b),
    /** a · b. */
    MUL((a, b) -> a * b, (a, b) -> a * b),
    /** a / b (int64: truncated toward zero, an ArithmeticException for 0; the tensor op divides integers in float32). */
    DIV((a, b) -> a / b, (a, b) -> a / b),
    /** a^b (int64: the float64 power, truncated). */
    POW(Math::pow, (a, b) -> (long) Math.pow(a, b)),
    /** max(a, b); NaN if either is NaN (as Math.max). */
    MAXIMUM(Math::max, Math::max),
    /** min(a, b); NaN if either is NaN (as Math.min). */
    MINIMUM(Math::min, Math::min);

    private final DoubleBinaryOperator definition;
    private final LongBinaryOperator int64;

    BinaryFunction(DoubleBinaryOperator definition, LongBinaryOperator int64) {
        this.definition = definition;
        this.int64 = int64;
    }

    /**
     * {@return f(a, b) in float64}
     *
     * @param a the first argument
     * @param b the second argument
     */
    public double apply(double a, double b) {
        return definition.applyAsDouble(a, b);
    }

    /**
     * {@return f(a, b) in int64}
     *
     * @param a the first argument
     * @param b the second argument
     */
    public long apply(long a, long b) {
        return int64.applyAsLong(a, b);
    }
}
