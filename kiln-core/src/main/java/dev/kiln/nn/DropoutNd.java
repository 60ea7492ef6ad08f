package dev.kiln.nn;

import dev.kiln.nn.functional.Layers;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;

/**
 * The common part of {@link Dropout}, {@link Dropout2d} and {@link AlphaDropout} (PyTorch's
 * {@code _DropoutNd}): the drop probability p, the generator that draws the masks, and the switch
 * between training (drop) and evaluation (identity).
 */
public abstract class DropoutNd extends Module {
    /** A functional dropout of {@link Layers}: {@code (input, p, training, generator) → output}. */
    @FunctionalInterface
    interface Function {
        /**
         * {@return the output, of the input's shape}
         *
         * @param input the input
         * @param p the drop probability
         * @param training whether to drop (else the input is returned)
         * @param g the generator that draws the mask
         */
        Tensor apply(Tensor input, double p, boolean training, Generator g);
    }

    private final double p;
    private final Generator generator;
    private final Function dropout;

    /**
     * Checks p and keeps the generator.
     *
     * @param p the probability that an element (or channel) is dropped, in [0, 1]
     * @param generator the random generator that draws the masks, or null for the default generator
     * @param dropout the functional form
     */
    DropoutNd(double p, Generator generator, Function dropout) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": probability p must be in [0, 1], got " + p);
        }
        this.p = p;
        this.generator = generator;
        this.dropout = dropout;
    }

    @Override
    public final Tensor forward(Tensor input) {
        return dropout.apply(input, p, isTraining(), generator != null ? generator : Kiln.defaultGenerator());
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
