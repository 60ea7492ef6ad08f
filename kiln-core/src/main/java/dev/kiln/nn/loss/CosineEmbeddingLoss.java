package dev.kiln.nn.loss;

import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Cosine embedding: 1 − cos for y = 1, max(0, cos − margin) for y = −1; forward(input1, input2, target). Module form of {@link MarginLosses#cosineEmbeddingLoss}. */
public final class CosineEmbeddingLoss extends ThreeInputLoss {
    private final double margin;

    /**
     * Creates the loss with margin, reduction.
     *
     * @param margin the margin of the loss
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public CosineEmbeddingLoss(double margin, Reduction reduction) {
        super(reduction, "input1, input2, target");
        this.margin = margin;
    }

    /** Creates the loss with the defaults (margin=0.0, reduction=Reduction.MEAN). */
    public CosineEmbeddingLoss() {
        this(0.0, Reduction.MEAN);
    }

    /**
     * Creates the loss with default settings and the given reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public CosineEmbeddingLoss(Reduction reduction) {
        this(0.0, reduction);
    }

    /**
     * The loss of (input1, input2, target).
     *
     * @param input1 the first inputs
     * @param input2 the second inputs
     * @param target the targets, shaped as the loss documents
     * @return the loss, reduced as configured
     */
    @Override
    public Tensor forward(Tensor input1, Tensor input2, Tensor target) {
        return MarginLosses.cosineEmbeddingLoss(input1, input2, target, margin, reduction());
    }

    @Override
    public String extraRepr() {
        return "margin=" + margin + ", reduction=" + reduction().pytorchName();
    }
}
