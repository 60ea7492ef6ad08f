package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/** log(1 + e^(βx))/β, linear where βx > threshold. Module form of {@link Activations#softplus}. */
public final class Softplus extends Module {
    private final double beta;
    private final double threshold;

    /**
     * Creates the module with the given beta, threshold.
     *
     * @param beta the factor β in log(1 + e^{βx})/β
     * @param threshold the value of βx above which the function is the identity
     */
    public Softplus(double beta, double threshold) {
        this.beta = beta;
        this.threshold = threshold;
    }

    /** Creates the module with PyTorch's defaults (beta=1, threshold=20). */
    public Softplus() {
        this(1, 20);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.softplus(input, beta, threshold);
    }

    @Override
    public String extraRepr() {
        return "beta=" + beta + ", threshold=" + threshold;
    }
}
