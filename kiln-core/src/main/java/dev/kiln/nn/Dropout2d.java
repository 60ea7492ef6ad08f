package dev.kiln.nn;

import dev.kiln.nn.functional.Layers;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;

/**
 * Channel dropout: in training, zeroes whole channels of an (N, C, H, W) input with probability p and scales the others by 1/(1−p); in evaluation it is the identity.
 * See {@link Layers#dropout2d(Tensor, double, boolean, Generator)}.
 *
 * <pre>{@code
 * var drop = new Dropout2d(0.5);
 * model.eval();   // switches it off
 * }</pre>
 */
public class Dropout2d extends Module {
    private final double p;
    private final Generator generator;

    /**
     * Drops with probability {@code p}, drawing from the default generator.
     *
     * @param p the probability that an element is dropped, in [0, 1)
     */
    public Dropout2d(double p) {
        this(p, null);
    }

    /**
     * Drops with probability {@code p}, drawing from {@code generator} (null: the default generator).
     *
     * @param p the probability that an element is dropped, in [0, 1)
     * @param generator the random generator that draws the masks (its state advances)
     */
    public Dropout2d(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout2d: probability p must be in [0, 1], got " + p);
        }
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Layers.dropout2d(input, p, isTraining(), generator != null ? generator : Kiln.defaultGenerator());
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
