package dev.kiln.nn;

import dev.kiln.nn.functional.Layers;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;

/**
 * Inverted dropout: in training, zeroes each element with probability p and scales the survivors by 1/(1−p); in evaluation it is the identity.
 * See {@link Layers#dropout(Tensor, double, boolean, Generator)}.
 *
 * <pre>{@code
 * var drop = new Dropout(0.5);
 * model.eval();   // switches it off
 * }</pre>
 */
public class Dropout extends Module {
    private final double p;
    private final Generator generator;

    /**
     * Drops with probability {@code p}, drawing from the default generator.
     *
     * @param p the probability that an element is dropped, in [0, 1)
     */
    public Dropout(double p) {
        this(p, null);
    }

    /**
     * Drops with probability {@code p}, drawing from {@code generator} (null: the default generator).
     *
     * @param p the probability that an element is dropped, in [0, 1)
     * @param generator the random generator that draws the masks (its state advances)
     */
    public Dropout(double p, Generator generator) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: probability p must be in [0, 1], got " + p);
        }
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Layers.dropout(input, p, isTraining(), generator != null ? generator : Kiln.defaultGenerator());
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
