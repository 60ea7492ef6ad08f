package dev.kiln.backend;

/**
 * How a pad fills the positions outside its input ({@link ElementwisePrimitives#pad}): each output
 * position i (relative to the input's first element, so negative before it) reads the input element
 * {@link #source source(i, n)} of a dimension of size n, or the constant.
 */
public enum Border {
    /** A constant value: [a b c] → v | a b c | v. */
    CONSTANT,
    /** The mirror image without repeating the edge element: [a b c] → b | a b c | b. */
    REFLECT,
    /** The edge element repeated: [a b c] → a | a b c | c. */
    REPLICATE,
    /** Wrap around: [a b c] → c | a b c | a. */
    CIRCULAR;

    /**
     * {@return the input index that position i reads along a dimension of size n, or −1 for the constant}
     * Reflect needs −n &lt; i &lt; 2n − 1, circular −n ≤ i &lt; 2n, replicate n ≥ 1 (the caller checks).
     *
     * @param i the position relative to the input's first element
     * @param n the input's size along the dimension
     */
    public int source(int i, int n) {
        return switch (this) {
            case CONSTANT -> i >= 0 && i < n ? i : -1;
            case REFLECT -> i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i;
            case REPLICATE -> Math.min(Math.max(i, 0), n - 1);
            case CIRCULAR -> Math.floorMod(i, n);
        };
    }
}
