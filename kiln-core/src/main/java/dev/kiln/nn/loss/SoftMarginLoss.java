package dev.kiln.nn.loss;

import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.Reduction;

/** Soft margin: log(1 + e^(−y·x)). Module form of {@link MarginLosses#softMarginLoss}. */
public final class SoftMarginLoss extends Loss {
    /**
     * Creates the loss with reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public SoftMarginLoss(Reduction reduction) {
        super(reduction, "", (input, target) -> MarginLosses.softMarginLoss(input, target, reduction));
    }

    /** Creates the loss with the defaults (reduction=Reduction.MEAN). */
    public SoftMarginLoss() {
        this(Reduction.MEAN);
    }
}
