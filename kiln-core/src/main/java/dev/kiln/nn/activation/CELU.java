package dev.kiln.nn.activation;

import dev.kiln.nn.functional.Activations;

/** max(0,x) + min(0, α(e^(x/α) − 1)). Module form of {@link Activations#celu}. */
public final class CELU extends FixedFunction {
    /**
     * The activation with the given alpha.
     *
     * @param alpha the scale α in α·(exp(x/α) − 1) (≠ 0)
     */
    public CELU(double alpha) {
        super(x -> Activations.celu(x, alpha), "alpha=" + alpha);
    }

    /** The activation with PyTorch's default (alpha=1). */
    public CELU() {
        this(1);
    }
}
