package dev.kiln.nn.loss;

import dev.kiln.nn.functional.FocalLosses;
import dev.kiln.nn.functional.Reduction;

/** Sigmoid focal loss (torchvision's definition). Module form of {@link FocalLosses#sigmoidFocalLoss}. */
public final class SigmoidFocalLoss extends Loss {
    /**
     * Creates the loss with alpha, gamma, reduction.
     *
     * @param alpha the weight of the positive class (1 − alpha for the negative), or negative for none
     * @param gamma the focusing exponent: (1 − p_t)^gamma down-weights easy examples
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public SigmoidFocalLoss(double alpha, double gamma, Reduction reduction) {
        super(reduction, "alpha=" + alpha + ", gamma=" + gamma,
                (input, target) -> FocalLosses.sigmoidFocalLoss(input, target, alpha, gamma, reduction));
    }

    /** Creates the loss with the defaults (alpha=0.25, gamma=2.0, reduction=Reduction.MEAN). */
    public SigmoidFocalLoss() {
        this(0.25, 2.0, Reduction.MEAN);
    }
}
