package dev.kiln.nn.activation;

import dev.kiln.nn.functional.Activations;

/** x if x > 0, else negativeSlope·x. Module form of {@link Activations#leakyRelu}. */
public final class LeakyReLU extends FixedFunction {
    /**
     * The activation with the given negativeSlope.
     *
     * @param negativeSlope the slope for negative inputs
     */
    public LeakyReLU(double negativeSlope) {
        super(x -> Activations.leakyRelu(x, negativeSlope), "negative_slope=" + negativeSlope);
    }

    /** The activation with PyTorch's default (negativeSlope=0.01). */
    public LeakyReLU() {
        this(0.01);
    }
}
