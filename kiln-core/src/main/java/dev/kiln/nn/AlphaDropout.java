package dev.kiln.nn;

import dev.kiln.nn.functional.Layers;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Objects;

/**
 * Alpha dropout for SELU networks: in training, sets dropped units to SELU's saturation value and rescales so that mean and variance are kept; in evaluation it is the identity.
 * See {@link Layers#alphaDropout(Tensor, double, boolean, Generator)}.
 *
 * <pre>{@code
 * var drop = new AlphaDropout(0.5);
 * model.eval();   // switches it off
 * }</pre>
 */
public class AlphaDropout extends DropoutNd {
    /**
     * Drops with probability {@code p}, drawing from the default generator.
     *
     * @param p the probability that an element is dropped, in [0, 1]
     */
    public AlphaDropout(double p) {
        super(p, null, Layers::alphaDropout);
    }

    /**
     * Drops with probability {@code p}, drawing from {@code generator}.
     *
     * @param p the probability that an element is dropped, in [0, 1]
     * @param generator the random generator that draws the masks (its state advances)
     */
    public AlphaDropout(double p, Generator generator) {
        super(p, Objects.requireNonNull(generator, "generator"), Layers::alphaDropout);
    }
}
