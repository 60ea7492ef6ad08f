package dev.kiln.nn.loss;

import dev.kiln.nn.functional.MetricLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Contrastive loss (Hadsell et al. 2006), label 1 = similar pair; forward(x1, x2, label). Module form of {@link MetricLosses#contrastiveLoss}. */
public final class ContrastiveLoss extends ThreeInputLoss {
    private final double margin;

    /**
     * Creates the loss with margin, reduction.
     *
     * @param margin the margin of the loss
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public ContrastiveLoss(double margin, Reduction reduction) {
        super(reduction, "x1, x2, label");
        this.margin = margin;
    }

    /** Creates the loss with the defaults (margin=1.0, reduction=Reduction.MEAN). */
    public ContrastiveLoss() {
        this(1.0, Reduction.MEAN);
    }

    /**
     * Creates the loss with default settings and the given reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public ContrastiveLoss(Reduction reduction) {
        this(1.0, reduction);
    }

    /**
     * The loss of (x1, x2, label).
     *
     * @param x1 the first embeddings (N, D)
     * @param x2 the second embeddings (N, D)
     * @param label 1 for similar pairs, 0 for dissimilar ones (N)
     * @return the loss, reduced as configured
     */
    @Override
    public Tensor forward(Tensor x1, Tensor x2, Tensor label) {
        return MetricLosses.contrastiveLoss(x1, x2, label, margin, reduction());
    }

    @Override
    public String extraRepr() {
        return "margin=" + margin + ", reduction=" + reduction().pytorchName();
    }
}
