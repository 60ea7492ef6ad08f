package dev.kiln.backend;

/** The binary logical operations of {@link IndexingPrimitives#logical} on booleans. */
public enum LogicOp {
    /** a ∧ b. */
    AND,
    /** a ∨ b. */
    OR,
    /** a ⊕ b (true when exactly one is true). */
    XOR;

    /**
     * {@return {@code a op b}}
     *
     * @param a the left operand
     * @param b the right operand
     */
    public boolean test(boolean a, boolean b) {
        return switch (this) {
            case AND -> a && b;
            case OR -> a || b;
            case XOR -> a ^ b;
        };
    }
}
