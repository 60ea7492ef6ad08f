package dev.kiln.nn.loss;

import dev.kiln.nn.functional.Reduction;
import dev.kiln.nn.functional.RegressionLosses;
import dev.kiln.tensor.Tensor;

/** Gaussian negative log-likelihood with predicted variance; forward(input, target, var). Module form of {@link RegressionLosses#gaussianNllLoss}. */
public final class GaussianNLLLoss extends Loss {
    private final boolean full;
    private final double eps;

    /**
     * Creates the loss with full, eps, reduction.
     *
     * @param full whether to add the constant term of the negative log-likelihood
     * @param eps a small value added for numerical stability
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public GaussianNLLLoss(boolean full, double eps, Reduction reduction) {
        super(reduction);
        this.full = full;
        this.eps = eps;
    }

    /** Creates the loss with the defaults (full=false, eps=1e-6, reduction=Reduction.MEAN). */
    public GaussianNLLLoss() {
        this(false, 1e-6, Reduction.MEAN);
    }

    /**
     * Creates the loss with default settings and the given reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public GaussianNLLLoss(Reduction reduction) {
        this(false, 1e-6, reduction);
    }

    /** Two-input forward is not defined for this loss. */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        throw new UnsupportedOperationException("GaussianNLLLoss takes three inputs: forward(input, target, var)");
    }

    /**
     * The loss of (input, target, var).
     *
     * @param var the predicted variances, positive, of the input's shape (or broadcastable to it)
     * @param input the predictions
     * @param target the targets, shaped as the loss documents
     * @return the loss, reduced as configured
     */
    public Tensor forward(Tensor input, Tensor target, Tensor var) {
        return RegressionLosses.gaussianNllLoss(input, target, var, full, eps, reduction());
    }

    @Override
    public String extraRepr() {
        return "full=" + full + ", eps=" + eps + ", reduction=" + reduction().pytorchName();
    }
}
