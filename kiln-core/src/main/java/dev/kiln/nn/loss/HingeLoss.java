package dev.kiln.nn.loss;

import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/**
 * The binary hinge loss max(0, margin − y·f(x)) for scores f(x) and labels y = ±1 (the loss of a
 * linear SVM; margin 1 by default). Module form of {@link MarginLosses#hingeLoss}.
 *
 * <pre>{@code
 * var loss = new HingeLoss();
 * loss.forward(scores, Tensor.of(1f, -1f, 1f));   // mean of max(0, 1 − y·score)
 * }</pre>
 */
public final class HingeLoss extends Loss {
    /**
     * Creates the loss with a margin and a reduction.
     *
     * @param margin the margin of the loss
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public HingeLoss(double margin, Reduction reduction) {
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("HingeLoss: margin must be finite and non-negative, got " + margin);
        }
        super(reduction, "margin=" + margin, (input, target) -> MarginLosses.hingeLoss(input, target, margin, reduction));
    }

    /** Creates the loss with the defaults (margin 1, mean reduction). */
    public HingeLoss() {
        this(1, Reduction.MEAN);
    }
}
