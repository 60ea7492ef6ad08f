package dev.kiln.nn.loss;

import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Soft margin: log(1 + e^(−y·x)). Module form of {@link MarginLosses#softMarginLoss}. */
public final class SoftMarginLoss extends Loss {
    /**
     * Creates the loss with reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public SoftMarginLoss(Reduction reduction) {
        super(reduction);
    }

    /** Creates the loss with the defaults (reduction=Reduction.MEAN). */
    public SoftMarginLoss() {
        this(Reduction.MEAN);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return MarginLosses.softMarginLoss(input, target, reduction());
    }
}
