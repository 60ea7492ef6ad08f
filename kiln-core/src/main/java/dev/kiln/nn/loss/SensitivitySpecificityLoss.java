package dev.kiln.nn.loss;

import dev.kiln.nn.functional.SegmentationLosses;

/** Sensitivity–specificity loss (Brosch et al. 2015), summed over classes; always a scalar. Module form of {@link SegmentationLosses#sensitivitySpecificityLoss}. */
public final class SensitivitySpecificityLoss extends Loss {
    /**
     * Creates the loss with lambda, eps.
     *
     * @param lambda the weight of sensitivity against specificity (1 − lambda)
     * @param eps a small value added for numerical stability
     */
    public SensitivitySpecificityLoss(double lambda, double eps) {
        super("lambda=" + lambda + ", eps=" + eps,
                (input, target) -> SegmentationLosses.sensitivitySpecificityLoss(input, target, lambda, eps));
    }

    /** Creates the loss with the defaults (lambda=0.05, eps=1e-5). */
    public SensitivitySpecificityLoss() {
        this(0.05, 1e-5);
    }
}
