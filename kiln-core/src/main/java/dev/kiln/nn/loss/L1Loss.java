package dev.kiln.nn.loss;

import dev.kiln.nn.functional.Reduction;
import dev.kiln.nn.functional.RegressionLosses;

/** Absolute error |x − y| per element. Module form of {@link RegressionLosses#l1Loss}. */
public final class L1Loss extends Loss {
    /**
     * Creates the loss with reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public L1Loss(Reduction reduction) {
        super(reduction, "", (input, target) -> RegressionLosses.l1Loss(input, target, reduction));
    }

    /** Creates the loss with the defaults (reduction=Reduction.MEAN). */
    public L1Loss() {
        this(Reduction.MEAN);
    }
}
