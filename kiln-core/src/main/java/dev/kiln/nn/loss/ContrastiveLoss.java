package dev.kiln.nn.loss;

import dev.kiln.nn.functional.MetricLosses;
import dev.kiln.nn.functional.Reduction;

/**
 * Contrastive loss (Hadsell et al. 2006), label 1 = similar pair; forward(x1, x2, label). Module
 * form of {@link MetricLosses#contrastiveLoss}.
 *
 * <p>{@code forward(x1, x2, label)}: {@code x1} the first embeddings (N, D); {@code x2} the second
 * embeddings (N, D); {@code label} 1 for similar pairs, 0 for dissimilar ones (N).
 */
public final class ContrastiveLoss extends ThreeInputLoss {
    /**
     * Creates the loss with margin, reduction.
     *
     * @param margin the margin of the loss
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public ContrastiveLoss(double margin, Reduction reduction) {
        super(margin, reduction, "x1, x2, label", MetricLosses::contrastiveLoss);
    }

    /** Creates the loss with the defaults (margin=1.0, reduction=Reduction.MEAN). */
    public ContrastiveLoss() {
        this(1.0, Reduction.MEAN);
    }
}
