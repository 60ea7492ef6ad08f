package dev.kiln.nn.loss;

import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.Reduction;

/** Hinge embedding: x where y = 1, max(0, margin − x) where y = −1. Module form of {@link MarginLosses#hingeEmbeddingLoss}. */
public final class HingeEmbeddingLoss extends Loss {
    /**
     * Creates the loss with margin, reduction.
     *
     * @param margin the margin of the loss
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public HingeEmbeddingLoss(double margin, Reduction reduction) {
        super(reduction, "margin=" + margin, (input, target) -> MarginLosses.hingeEmbeddingLoss(input, target, margin, reduction));
    }

    /** Creates the loss with the defaults (margin=1.0, reduction=Reduction.MEAN). */
    public HingeEmbeddingLoss() {
        this(1.0, Reduction.MEAN);
    }
}
