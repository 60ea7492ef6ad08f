package dev.kiln.nn.loss;

import dev.kiln.nn.functional.ClassificationLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/**
 * Kullback–Leibler divergence with log-probability inputs; the reduction may also be
 * {@code "batchmean"} (the sum divided by the batch size), which is the mathematically correct
 * KL per sample. Module form of {@link ClassificationLosses#klDiv}.
 */
public final class KLDivLoss extends Loss {
    private final String reductionName;
    private final boolean logTarget;

    /**
     * Creates the loss; {@code reduction} is "none", "sum", "mean" or "batchmean".
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     * @param logTarget whether the target is given as log-probabilities
     */
    public KLDivLoss(String reduction, boolean logTarget) {
        super(reduction.equals("batchmean") ? Reduction.SUM : Reduction.parse(reduction));
        this.reductionName = reduction;
        this.logTarget = logTarget;
    }

    /** PyTorch's defaults: reduction "mean", log_target false. */
    public KLDivLoss() {
        this("mean", false);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return ClassificationLosses.klDiv(input, target, reductionName, logTarget);
    }

    @Override
    public String extraRepr() {
        return "reduction=" + reductionName + ", log_target=" + logTarget;
    }
}
