package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/** x if x > 0, else negativeSlope·x. Module form of {@link Activations#leakyRelu}. */
public final class LeakyReLU extends Module {
    private final double negativeSlope;

    /**
     * Creates the module with the given negativeSlope.
     *
     * @param negativeSlope the slope for negative inputs
     */
    public LeakyReLU(double negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    /** Creates the module with PyTorch's defaults (negativeSlope=0.01). */
    public LeakyReLU() {
        this(0.01);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.leakyRelu(input, negativeSlope);
    }

    @Override
    public String extraRepr() {
        return "negative_slope=" + negativeSlope;
    }
}
