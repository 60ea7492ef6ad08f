package dev.kiln.nn.loss;

import dev.kiln.nn.functional.ClassificationLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Cross-entropy of logits (fused log-softmax + NLL) with class-index or probability targets, class weights, ignore_index and label smoothing. Module form of {@link ClassificationLosses#crossEntropy}. */
public final class CrossEntropyLoss extends Loss {
    private final Tensor weight;
    private final long ignoreIndex;
    private final double labelSmoothing;

    /**
     * Creates the loss with weight, ignoreIndex, labelSmoothing, reduction.
     *
     * @param weight a manual rescaling weight per class (or element), or null for none
     * @param ignoreIndex a target class whose samples contribute nothing (and do not count in the mean)
     * @param labelSmoothing the share ε of probability spread uniformly over all classes (0 for none)
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public CrossEntropyLoss(Tensor weight, long ignoreIndex, double labelSmoothing, Reduction reduction) {
        super(reduction);
        this.weight = weight;
        this.ignoreIndex = ignoreIndex;
        this.labelSmoothing = labelSmoothing;
        optionalBuffer("weight", weight);
    }

    /** Creates the loss with the defaults (weight=null, ignoreIndex=-100, labelSmoothing=0.0, reduction=Reduction.MEAN). */
    public CrossEntropyLoss() {
        this(null, -100, 0.0, Reduction.MEAN);
    }

    /**
     * Creates the loss with default settings and the given reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public CrossEntropyLoss(Reduction reduction) {
        this(null, -100, 0.0, reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return ClassificationLosses.crossEntropy(input, target, weight, ignoreIndex, labelSmoothing, reduction());
    }

    @Override
    public String extraRepr() {
        return "ignore_index=" + ignoreIndex + ", label_smoothing=" + labelSmoothing + ", reduction=" + reduction().pytorchName();
    }
}
