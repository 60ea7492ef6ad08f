package dev.kiln.nn.loss;

import dev.kiln.nn.functional.Reduction;
import dev.kiln.nn.functional.RegressionLosses;

/** Mean squared error: (x − y)² per element. Module form of {@link RegressionLosses#mseLoss}. */
public final class MSELoss extends Loss {
    /**
     * Creates the loss with reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public MSELoss(Reduction reduction) {
        super(reduction, "", (input, target) -> RegressionLosses.mseLoss(input, target, reduction));
    }

    /** Creates the loss with the defaults (reduction=Reduction.MEAN). */
    public MSELoss() {
        this(Reduction.MEAN);
    }
}
