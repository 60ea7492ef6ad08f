package dev.kiln.nn.loss;

import dev.kiln.nn.functional.ClassificationLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Negative log-likelihood of log-probabilities with class weights and ignore_index. Module form of {@link ClassificationLosses#nllLoss}. */
public final class NLLLoss extends Loss {
    private final Tensor weight;
    private final long ignoreIndex;

    /** Creates the loss with weight, ignoreIndex, reduction. */
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

    /** Creates the loss with default settings and the given reduction. */
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
