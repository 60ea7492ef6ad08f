package dev.kiln.nn.activation;

import dev.kiln.nn.functional.Activations;

/** log(1 + e^(βx))/β, linear where βx > threshold. Module form of {@link Activations#softplus}. */
public final class Softplus extends FixedFunction {
    /**
     * The activation with the given β and threshold.
     *
     * @param beta the factor β in log(1 + e^{βx})/β
     * @param threshold the value of βx above which the function is the identity
     */
    public Softplus(double beta, double threshold) {
        super(x -> Activations.softplus(x, beta, threshold), "beta=" + beta + ", threshold=" + threshold);
    }

    /** The activation with PyTorch's defaults (beta=1, threshold=20). */
    public Softplus() {
        this(1, 20);
    }
}
