package dev.kiln.nn.loss;

import dev.kiln.nn.functional.Reduction;
import dev.kiln.nn.functional.RegressionLosses;
import dev.kiln.tensor.Tensor;

/** Mean squared error: (x − y)² per element. Module form of {@link RegressionLosses#mseLoss}. */
public final class MSELoss extends Loss {
    /**
     * Creates the loss with reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public MSELoss(Reduction reduction) {
        super(reduction);
    }

    /** Creates the loss with the defaults (reduction=Reduction.MEAN). */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return RegressionLosses.mseLoss(input, target, reduction());
    }
}
