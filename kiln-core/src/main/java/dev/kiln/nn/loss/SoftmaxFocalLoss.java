package dev.kiln.nn.loss;

import dev.kiln.nn.functional.FocalLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Multi-class softmax focal loss with optional per-class alpha. Module form of {@link FocalLosses#softmaxFocalLoss}. */
public final class SoftmaxFocalLoss extends Loss {
    /**
     * Creates the loss with alpha, gamma, reduction.
     *
     * @param alpha a weight per class (C), or null for none
     * @param gamma the focusing exponent: (1 − p_t)^gamma down-weights easy examples
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public SoftmaxFocalLoss(Tensor alpha, double gamma, Reduction reduction) {
        super(reduction, "gamma=" + gamma, (input, target) -> FocalLosses.softmaxFocalLoss(input, target, alpha, gamma, reduction));
        optionalBuffer("alpha", alpha);
    }

    /** Creates the loss with the defaults (alpha=null, gamma=2.0, reduction=Reduction.MEAN). */
    public SoftmaxFocalLoss() {
        this(null, 2.0, Reduction.MEAN);
    }

    /**
     * Creates the loss with default settings and the given reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public SoftmaxFocalLoss(Reduction reduction) {
        this(null, 2.0, reduction);
    }
}
