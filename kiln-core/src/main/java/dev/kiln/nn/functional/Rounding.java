package dev.kiln.nn.functional;

/**
 * How a pooling window count is rounded, PyTorch's {@code ceil_mode}: with input length L, window
 * extent e = d·(k − 1) + 1, padding p and stride s, the output length is
 * {@code round((L + 2p − e) / s) + 1}.
 */
public enum Rounding {
    /** Round down ({@code ceil_mode=False}): only whole windows. */
    FLOOR,
    /** Round up ({@code ceil_mode=True}): a last partial window, if it starts inside the input or left padding. */
    CEIL;

    /**
     * {@return the rounding PyTorch's {@code ceil_mode} flag stands for}
     *
     * @param ceilMode PyTorch's flag, as read from a model file or a conformance vector
     */
    public static Rounding ofCeilMode(boolean ceilMode) {
        return ceilMode ? CEIL : FLOOR;
    }
}
