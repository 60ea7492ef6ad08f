package dev.kiln.nn;

import dev.kiln.nn.functional.Layers;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Objects;

/**
 * Inverted dropout: in training, zeroes each element with probability p and scales the survivors by 1/(1−p); in evaluation it is the identity.
 * See {@link Layers#dropout(Tensor, double, boolean, Generator)}.
 *
 * <pre>{@code
 * var drop = new Dropout(0.5);
 * model.eval();   // switches it off
 * }</pre>
 */
public class Dropout extends DropoutNd {
    /**
     * Drops with probability {@code p}, drawing from the default generator.
     *
     * @param p the probability that an element is dropped, in [0, 1]
     */
    public Dropout(double p) {
        super(p, null, Layers::dropout);
    }

    /**
     * Drops with probability {@code p}, drawing from {@code generator}.
     *
     * @param p the probability that an element is dropped, in [0, 1]
     * @param generator the random generator that draws the masks (its state advances)
     */
    public Dropout(double p, Generator generator) {
        super(p, Objects.requireNonNull(generator, "generator"), Layers::dropout);
    }
}
