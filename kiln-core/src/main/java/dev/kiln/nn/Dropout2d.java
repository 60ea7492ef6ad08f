package dev.kiln.nn;

import dev.kiln.nn.functional.Layers;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Objects;

/**
 * Channel dropout: in training, zeroes whole channels of an (N, C, H, W) input with probability p and scales the others by 1/(1−p); in evaluation it is the identity.
 * See {@link Layers#dropout2d(Tensor, double, boolean, Generator)}.
 *
 * <pre>{@code
 * var drop = new Dropout2d(0.5);
 * model.eval();   // switches it off
 * }</pre>
 */
public class Dropout2d extends DropoutNd {
    /**
     * Drops with probability {@code p}, drawing from the default generator.
     *
     * @param p the probability that an element is dropped, in [0, 1]
     */
    public Dropout2d(double p) {
        super(p, null, Layers::dropout2d);
    }

    /**
     * Drops with probability {@code p}, drawing from {@code generator}.
     *
     * @param p the probability that an element is dropped, in [0, 1]
     * @param generator the random generator that draws the masks (its state advances)
     */
    public Dropout2d(double p, Generator generator) {
        super(p, Objects.requireNonNull(generator, "generator"), Layers::dropout2d);
    }
}
