package dev.kiln.nn.loss;

import dev.kiln.nn.functional.Reduction;
import dev.kiln.nn.functional.RegressionLosses;

/** Huber: 0.5·d² for d &lt; δ, else δ·(d − 0.5·δ). Module form of {@link RegressionLosses#huberLoss}. */
public final class HuberLoss extends Loss {
    /**
     * Creates the loss with delta, reduction.
     *
     * @param delta the threshold between the quadratic and the linear part
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public HuberLoss(double delta, Reduction reduction) {
        super(reduction, "delta=" + delta, (input, target) -> RegressionLosses.huberLoss(input, target, delta, reduction));
    }

    /** Creates the loss with the defaults (delta=1.0, reduction=Reduction.MEAN). */
    public HuberLoss() {
        this(1.0, Reduction.MEAN);
    }
}
