package dev.kiln.nn.loss;

import dev.kiln.nn.functional.Reduction;
import dev.kiln.nn.functional.RegressionLosses;
import dev.kiln.tensor.Tensor;

/** Poisson negative log-likelihood, optional Stirling term. Module form of {@link RegressionLosses#poissonNllLoss}. */
public final class PoissonNLLLoss extends Loss {
    private final boolean logInput;
    private final boolean full;
    private final double eps;

    /**
     * Creates the loss with logInput, full, eps, reduction.
     *
     * @param logInput whether the input is the log of the rate (otherwise the rate itself)
     * @param full whether to add the constant term of the negative log-likelihood
     * @param eps a small value added for numerical stability
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public PoissonNLLLoss(boolean logInput, boolean full, double eps, Reduction reduction) {
        super(reduction);
        this.logInput = logInput;
        this.full = full;
        this.eps = eps;
    }

    /** Creates the loss with the defaults (logInput=true, full=false, eps=1e-8, reduction=Reduction.MEAN). */
    public PoissonNLLLoss() {
        this(true, false, 1e-8, Reduction.MEAN);
    }

    /**
     * Creates the loss with default settings and the given reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public PoissonNLLLoss(Reduction reduction) {
        this(true, false, 1e-8, reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return RegressionLosses.poissonNllLoss(input, target, logInput, full, eps, reduction());
    }

    @Override
    public String extraRepr() {
        return "log_input=" + logInput + ", full=" + full + ", eps=" + eps + ", reduction=" + reduction().pytorchName();
    }
}
