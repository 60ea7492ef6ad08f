package dev.kiln.nn.loss;

import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.Reduction;

/**
 * Cosine embedding: 1 − cos for y = 1, max(0, cos − margin) for y = −1; forward(input1, input2,
 * target). Module form of {@link MarginLosses#cosineEmbeddingLoss}.
 *
 * <p>{@code forward(input1, input2, target)}: {@code input1} the first inputs; {@code input2} the
 * second inputs; {@code target} the targets, shaped as the loss documents.
 */
public final class CosineEmbeddingLoss extends ThreeInputLoss {
    /**
     * Creates the loss with margin, reduction.
     *
     * @param margin the margin of the loss
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public CosineEmbeddingLoss(double margin, Reduction reduction) {
        super(margin, reduction, "input1, input2, target", MarginLosses::cosineEmbeddingLoss);
    }

    /** Creates the loss with the defaults (margin=0.0, reduction=Reduction.MEAN). */
    public CosineEmbeddingLoss() {
        this(0.0, Reduction.MEAN);
    }
}
