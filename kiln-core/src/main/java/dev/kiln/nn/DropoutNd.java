package dev.kiln.nn;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;

/**
 * The common part of {@link Dropout}, {@link Dropout2d} and {@link AlphaDropout} (PyTorch's
 * {@code _DropoutNd}): the drop probability p, the generator that draws the masks, and the switch
 * between training (drop) and evaluation (identity).
 */
public abstract class DropoutNd extends Module {
    private final double p;
    private final Generator generator;

    /**
     * Checks p and keeps the generator.
     *
     * @param p the probability that an element (or channel) is dropped, in [0, 1]
     * @param generator the random generator that draws the masks, or null for the default generator
     */
    DropoutNd(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": probability p must be in [0, 1], got " + p);
        }
        this.p = p;
        this.generator = generator;
    }

    /**
     * The functional form of this dropout.
     *
     * @param input the input
     * @param p the drop probability
     * @param training whether to drop (else the input is returned)
     * @param g the generator that draws the mask
     * @return the output, of the input's shape
     */
    abstract Tensor dropout(Tensor input, double p, boolean training, Generator g);

    @Override
    public final Tensor forward(Tensor input) {
        return dropout(input, p, isTraining(), generator != null ? generator : Kiln.defaultGenerator());
    }

    /**
     * {@return the drop probability}
     */
    public final double p() {
        return p;
    }

    @Override
    public final String extraRepr() {
        return "p=" + p;
    }
}
