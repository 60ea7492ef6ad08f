package dev.kiln.tune;

/** How a numeric search range is spread: evenly in the value, or evenly in its logarithm. */
public enum Scale {
    /** Uniform in the value itself. */
    LINEAR,
    /** Uniform in {@code ln(value)}; the range must be positive. */
    LOG
}
