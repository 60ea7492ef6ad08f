package dev.kiln.nn.activation;

import dev.kiln.nn.functional.Activations;

/** x if x > 0, else α(eˣ − 1). Module form of {@link Activations#elu}. */
public final class ELU extends FixedFunction {
    /**
     * The activation with the given alpha.
     *
     * @param alpha the scale α of the negative part
     */
    public ELU(double alpha) {
        super(x -> Activations.elu(x, alpha), "alpha=" + alpha);
    }

    /** The activation with PyTorch's default (alpha=1). */
    public ELU() {
        this(1);
    }
}
