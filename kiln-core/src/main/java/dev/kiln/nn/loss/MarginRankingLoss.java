package dev.kiln.nn.loss;

import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.Reduction;

/**
 * Margin ranking: max(0, −y·(x1 − x2) + margin); forward(input1, input2, target). Module form of
 * {@link MarginLosses#marginRankingLoss}.
 *
 * <p>{@code forward(input1, input2, target)}: {@code input1} the first inputs; {@code input2} the
 * second inputs; {@code target} the targets, shaped as the loss documents.
 */
public final class MarginRankingLoss extends ThreeInputLoss {
    /**
     * Creates the loss with margin, reduction.
     *
     * @param margin the margin of the loss
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public MarginRankingLoss(double margin, Reduction reduction) {
        super(margin, reduction, "input1, input2, target", MarginLosses::marginRankingLoss);
    }

    /** Creates the loss with the defaults (margin=0.0, reduction=Reduction.MEAN). */
    public MarginRankingLoss() {
        this(0.0, Reduction.MEAN);
    }
}
