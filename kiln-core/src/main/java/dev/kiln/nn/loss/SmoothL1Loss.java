package dev.kiln.nn.loss;

import dev.kiln.nn.functional.Reduction;
import dev.kiln.nn.functional.RegressionLosses;

/** Smooth L1: 0.5·d²/β for d &lt; β, else d − 0.5·β. Module form of {@link RegressionLosses#smoothL1Loss}. */
public final class SmoothL1Loss extends Loss {
    /**
     * Creates the loss with beta, reduction.
     *
     * @param beta the threshold between the quadratic and the linear part
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public SmoothL1Loss(double beta, Reduction reduction) {
        super(reduction, "beta=" + beta, (input, target) -> RegressionLosses.smoothL1Loss(input, target, beta, reduction));
    }

    /** Creates the loss with the defaults (beta=1.0, reduction=Reduction.MEAN). */
    public SmoothL1Loss() {
        this(1.0, Reduction.MEAN);
    }
}
