package dev.kiln.nn.loss;

import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/**
 * A loss of three inputs (two embeddings and a label, predictions with their variances, an
 * anchor with a positive and a negative): {@link #forward(Tensor, Tensor, Tensor)} replaces the
 * two-input forward, which is refused.
 */
public abstract class ThreeInputLoss extends Loss {
    private final String inputs;

    /**
     * A loss reducing with {@code reduction}.
     *
     * @param reduction how the per-element losses are combined
     * @param inputs the names of the three inputs, for the message that refuses two ("x1, x2, label")
     */
    protected ThreeInputLoss(Reduction reduction, String inputs) {
        super(reduction);
        this.inputs = inputs;
    }

    /**
     * A loss configured by an Options record.
     *
     * @param <O> the loss's Options record
     * @param settings the settings, including the reduction
     * @param inputs the names of the three inputs, for the message that refuses two ("anchor, positive, negative")
     */
    protected <O extends Record & Settings> ThreeInputLoss(O settings, String inputs) {
        super(settings);
        this.inputs = inputs;
    }

    /**
     * The loss of three inputs, in the order the subclass documents.
     *
     * @param a the first input
     * @param b the second input
     * @param c the third input (often the target or label)
     * @return the loss, reduced as configured
     */
    public abstract Tensor forward(Tensor a, Tensor b, Tensor c);

    /** Refused: this loss takes three inputs. */
    @Override
    public final Tensor forward(Tensor input, Tensor target) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " takes three inputs: forward(" + inputs + ")");
    }
}
