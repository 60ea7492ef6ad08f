package dev.kiln.nn.loss;

import dev.kiln.nn.functional.ClassificationLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Negative log-likelihood of log-probabilities with class weights and ignore_index. Module form of {@link ClassificationLosses#nllLoss}. */
public final class NLLLoss extends Loss {
    private final Tensor weight;
    private final long ignoreIndex;

    /**
     * Creates the loss with weight, ignoreIndex, reduction.
     *
     * @param weight a manual rescaling weight per class (or element), or null for none
     * @param ignoreIndex a target class whose samples contribute nothing (and do not count in the mean)
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public NLLLoss(Tensor weight, long ignoreIndex, Reduction reduction) {
        super(reduction);
        this.weight = weight;
        this.ignoreIndex = ignoreIndex;
        optionalBuffer("weight", weight);
    }

    /** Creates the loss with the defaults (weight=null, ignoreIndex=-100, reduction=Reduction.MEAN). */
    public NLLLoss() {
        this(null, -100, Reduction.MEAN);
    }

    /**
     * Creates the loss with default settings and the given reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public NLLLoss(Reduction reduction) {
        this(null, -100, reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return ClassificationLosses.nllLoss(input, target, weight, ignoreIndex, reduction());
    }

    @Override
    public String extraRepr() {
        return "ignore_index=" + ignoreIndex + ", reduction=" + reduction().pytorchName();
    }
}
