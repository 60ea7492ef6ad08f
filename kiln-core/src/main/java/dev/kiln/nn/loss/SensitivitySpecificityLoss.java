package dev.kiln.nn.loss;

import dev.kiln.nn.functional.SegmentationLosses;
import dev.kiln.tensor.Tensor;

/** Sensitivity–specificity loss (Brosch et al. 2015), summed over classes; always a scalar. Module form of {@link SegmentationLosses#sensitivitySpecificityLoss}. */
public final class SensitivitySpecificityLoss extends Loss {
    private final double lambda;
    private final double eps;

    /**
     * Creates the loss with lambda, eps.
     *
     * @param lambda the weight of sensitivity against specificity (1 − lambda)
     * @param eps a small value added for numerical stability
     */
    public SensitivitySpecificityLoss(double lambda, double eps) {
        super(dev.kiln.nn.functional.Reduction.NONE);
        this.lambda = lambda;
        this.eps = eps;
    }

    /** Creates the loss with the defaults (lambda=0.05, eps=1e-5). */
    public SensitivitySpecificityLoss() {
        this(0.05, 1e-5);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return SegmentationLosses.sensitivitySpecificityLoss(input, target, lambda, eps);
    }

    @Override
    public String extraRepr() {
        return "lambda=" + lambda + ", eps=" + eps;
    }
}
