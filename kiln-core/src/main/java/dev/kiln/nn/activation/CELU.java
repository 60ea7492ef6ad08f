package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/** max(0,x) + min(0, α(e^(x/α) − 1)). Module form of {@link Activations#celu}. */
public final class CELU extends Module {
    private final double alpha;

    /**
     * Creates the module with the given alpha.
     *
     * @param alpha the scale α in α·(exp(x/α) − 1) (≠ 0)
     */
    public CELU(double alpha) {
        this.alpha = alpha;
    }

    /** Creates the module with PyTorch's defaults (alpha=1). */
    public CELU() {
        this(1);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.celu(input, alpha);
    }

    @Override
    public String extraRepr() {
        return "alpha=" + alpha;
    }
}
