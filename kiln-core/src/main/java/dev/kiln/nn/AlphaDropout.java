package dev.kiln.nn;

import dev.kiln.nn.functional.Layers;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;

/**
 * Alpha dropout for SELU networks: in training, sets dropped units to SELU's saturation value and rescales so that mean and variance are kept; in evaluation it is the identity.
 * See {@link Layers#alphaDropout(Tensor, double, boolean, Generator)}.
 *
 * <pre>{@code
 * var drop = new AlphaDropout(0.5);
 * model.eval();   // switches it off
 * }</pre>
 */
public class AlphaDropout extends Module {
    private final double p;
    private final Generator generator;

    /**
     * Drops with probability {@code p}, drawing from the default generator.
     *
     * @param p the probability that an element is dropped, in [0, 1)
     */
    public AlphaDropout(double p) {
        this(p, null);
    }

    /**
     * Drops with probability {@code p}, drawing from {@code generator} (null: the default generator).
     *
     * @param p the probability that an element is dropped, in [0, 1)
     * @param generator the random generator that draws the masks (its state advances)
     */
    public AlphaDropout(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("AlphaDropout: probability p must be in [0, 1], got " + p);
        }
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Layers.alphaDropout(input, p, isTraining(), generator != null ? generator : Kiln.defaultGenerator());
    }

    /**
     * {@return the drop probability}
     */
    public double p() {
        return p;
    }

    @Override
    public String extraRepr() {
        return "p=" + p;
    }
}
