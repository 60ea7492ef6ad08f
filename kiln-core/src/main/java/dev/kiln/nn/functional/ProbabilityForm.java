package dev.kiln.nn.functional;

/**
 * How a tensor of probabilities is given: as probabilities p or as log-probabilities log p (PyTorch's
 * {@code log_target} flag of {@code kl_div}).
 */
public enum ProbabilityForm {
    /** Values p in [0, 1] ({@code log_target=False}). */
    PROBABILITIES,
    /** Values log p in [−∞, 0] ({@code log_target=True}). */
    LOG_PROBABILITIES;

    /**
     * {@return the form PyTorch's {@code log_target} flag stands for}
     *
     * @param logTarget PyTorch's flag, as read from a model file or a conformance vector
     */
    public static ProbabilityForm ofLogTarget(boolean logTarget) {
        return logTarget ? LOG_PROBABILITIES : PROBABILITIES;
    }
}
