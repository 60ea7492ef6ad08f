package dev.kiln.nn.loss;

import dev.kiln.nn.functional.ClassificationLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Binary cross-entropy on probabilities, with optional element weights. Module form of {@link ClassificationLosses#binaryCrossEntropy}. */
public final class BCELoss extends Loss {
    /**
     * Creates the loss with weight, reduction.
     *
     * @param weight a manual rescaling weight per class (or element), or null for none
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public BCELoss(Tensor weight, Reduction reduction) {
        super(reduction, "", (input, target) -> ClassificationLosses.binaryCrossEntropy(input, target, weight, reduction));
        optionalBuffer("weight", weight);
    }

    /** Creates the loss with the defaults (weight=null, reduction=Reduction.MEAN). */
    public BCELoss() {
        this(null, Reduction.MEAN);
    }

    /**
     * Creates the loss with default settings and the given reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public BCELoss(Reduction reduction) {
        this(null, reduction);
    }
}
