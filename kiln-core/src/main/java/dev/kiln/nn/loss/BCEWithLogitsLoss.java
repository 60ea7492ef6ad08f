package dev.kiln.nn.loss;

import dev.kiln.nn.functional.ClassificationLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Binary cross-entropy on logits (numerically stable), with optional weights and per-class positive weights. Module form of {@link ClassificationLosses#binaryCrossEntropyWithLogits}. */
public final class BCEWithLogitsLoss extends Loss {
    private final Tensor weight;
    private final Tensor posWeight;

    /**
     * Creates the loss with weight, posWeight, reduction.
     *
     * @param weight a manual rescaling weight per class (or element), or null for none
     * @param posWeight a weight of the positive examples per class, or null for none
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public BCEWithLogitsLoss(Tensor weight, Tensor posWeight, Reduction reduction) {
        super(reduction);
        this.weight = weight;
        this.posWeight = posWeight;
        optionalBuffer("weight", weight);
        optionalBuffer("pos_weight", posWeight);
    }

    /** Creates the loss with the defaults (weight=null, posWeight=null, reduction=Reduction.MEAN). */
    public BCEWithLogitsLoss() {
        this(null, null, Reduction.MEAN);
    }

    /**
     * Creates the loss with default settings and the given reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public BCEWithLogitsLoss(Reduction reduction) {
        this(null, null, reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return ClassificationLosses.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction());
    }

    @Override
    public String extraRepr() {
        return "reduction=" + reduction().pytorchName();
    }
}
