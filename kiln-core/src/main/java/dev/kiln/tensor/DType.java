package dev.kiln.tensor;

/**
 * The element type of a {@link Tensor}.
 *
 * <p>Promotion follows PyTorch for the types Kiln has: {@code bool < int64 < float32 < float64}.
 * Combining two tensors gives the larger of the two; a Java number combined with a tensor keeps
 * the tensor's type unless the tensor is integral and the number is not (then float32).
 */
public enum DType {
    /** 32-bit IEEE float, stored in a {@code float[]}; the default. */
    FLOAT32("float32", 4),
    /** 64-bit IEEE float, stored in a {@code double[]}; used for precise references and gradient checks. */
    FLOAT64("float64", 8),
    /** 64-bit signed integer, stored in a {@code long[]}; labels and indices. */
    INT64("int64", 8),
    /** Boolean, stored in a {@code boolean[]}; masks and comparison results. */
    BOOL("bool", 1);

    private final String label;
    private final int itemSize;

    DType(String label, int itemSize) {
        this.label = label;
        this.itemSize = itemSize;
    }

    /**
     * {@return the PyTorch-style name, such as {@code float32}}
     */
    public String label() {
        return label;
    }

    /**
     * {@return bytes per element}
     */
    public int itemSize() {
        return itemSize;
    }

    /**
     * {@return true for float32 and float64}
     */
    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /**
     * {@return the type that holds the result of combining two tensors of types {@code a} and {@code b}}
     *
     * @param a the first operand's type
     * @param b the second operand's type
     */
    public static DType promote(DType a, DType b) {
        return a.ordinalRank() >= b.ordinalRank() ? a : b;
    }

    private int ordinalRank() {
        return switch (this) {
            case BOOL -> 0;
            case INT64 -> 1;
            case FLOAT32 -> 2;
            case FLOAT64 -> 3;
        };
    }

    /**
     * Parses a PyTorch-style name ({@code float32}, {@code float64}, {@code int64}, {@code bool}).
     *
     * @param name the name, case-insensitive
     * @return the type of that name
     */
    public static DType parse(String name) {
        for (DType t : values()) {
            if (t.label.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dtype '" + name + "' (expected float32, float64, int64 or bool)");
    }

    @Override
    public String toString() {
        return label;
    }
}
