package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/** x if x > 0, else α(eˣ − 1). Module form of {@link Activations#elu}. */
public final class ELU extends Module {
    private final double alpha;

    /**
     * Creates the module with the given alpha.
     *
     * @param alpha the scale α of the negative part
     */
    public ELU(double alpha) {
        this.alpha = alpha;
    }

    /** Creates the module with PyTorch's defaults (alpha=1). */
    public ELU() {
        this(1);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.elu(input, alpha);
    }

    @Override
    public String extraRepr() {
        return "alpha=" + alpha;
    }
}
