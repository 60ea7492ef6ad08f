package dev.kiln.backend;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * The elementary functions of one number that a {@link Backend} maps over a run ({@link Backend#map}):
 * the table behind {@code Tensor.neg/abs/exp/…} (their derivatives, written with tensor ops, are in
 * {@code tensor.ops.UnaryFunction}). {@link #apply} is the float64 definition: the float64 path, and
 * what the fast loops are tested against; a function without a vector kernel evaluates it per
 * element and rounds once.
 */
public enum MathFunction {
    /** −x. */
    NEG(x -> -x),
    /** |x|. */
    ABS(Math::abs),
    /** sign(x): −1, 0 or 1 (0 for NaN, as PyTorch's). */
    SIGN(x -> Double.isNaN(x) ? 0 : Math.signum(x)),
    /** e^x. */
    EXP(Math::exp),
    /** ln x (NaN below 0, −∞ at 0). */
    LOG(Math::log),
    /** ln(1 + x). */
    LOG1P(Math::log1p),
    /** e^x − 1. */
    EXPM1(Math::expm1),
    /** √x (NaN below 0). */
    SQRT(Math::sqrt),
    /** 1/√x. */
    RSQRT(x -> 1 / Math.sqrt(x)),
    /** x². */
    SQUARE(x -> x * x),
    /** 1/x. */
    RECIPROCAL(x -> 1 / x),
    /** sin x. */
    SIN(Math::sin),
    /** cos x. */
    COS(Math::cos),
    /** erf x = 2/√π ∫₀ˣ e^(−t²) dt. */
    ERF(SpecialFunctions::erf),
    /** ⌊x⌋. */
    FLOOR(Math::floor),
    /** ⌈x⌉. */
    CEIL(Math::ceil),
    /** x rounded half to even. */
    ROUND(Math::rint);

    private final DoubleUnaryOperator definition;

    MathFunction(DoubleUnaryOperator definition) {
        this.definition = definition;
    }

    /**
     * {@return f(x) in float64}
     *
     * @param x the argument
     */
    public double apply(double x) {
        return definition.applyAsDouble(x);
    }

    /**
     * {@return whether the function maps int64 to int64 in Kiln (neg, abs, sign: an int64 tensor keeps its
     * type); the others compute an int64 tensor in float32}
     */
    public boolean hasInt64Form() {
        return this == NEG || this == ABS || this == SIGN;
    }

    /**
     * {@return f(x) in int64, for a function with an int64 form (−x and |x| wrap at Long.MIN_VALUE, as in
     * Java and PyTorch)}
     *
     * @param x the argument
     * @throws IllegalArgumentException when the function has no int64 form
     */
    public long apply(long x) {
        return switch (this) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Long.signum(x);
            default -> throw new IllegalArgumentException(name().toLowerCase(Locale.ROOT) + ": no int64 form");
        };
    }
}
