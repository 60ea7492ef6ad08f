package dev.kiln.nn.loss;

import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Multi-class margin loss Σ_{i≠y} w[y]·max(0, margin − x[y] + x[i])^p / C. Module form of {@link MarginLosses#multiMarginLoss}. */
public final class MultiMarginLoss extends Loss {
    private final int p;
    private final double margin;
    private final Tensor weight;

    /**
     * Creates the loss with p, margin, weight, reduction.
     *
     * @param p the exponent of the margin violation (1 or 2)
     * @param margin the margin of the loss
     * @param weight a manual rescaling weight per class (or element), or null for none
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public MultiMarginLoss(int p, double margin, Tensor weight, Reduction reduction) {
        super(reduction);
        this.p = p;
        this.margin = margin;
        this.weight = weight;
        optionalBuffer("weight", weight);
    }

    /** Creates the loss with the defaults (p=1, margin=1.0, weight=null, reduction=Reduction.MEAN). */
    public MultiMarginLoss() {
        this(1, 1.0, null, Reduction.MEAN);
    }

    /**
     * Creates the loss with default settings and the given reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public MultiMarginLoss(Reduction reduction) {
        this(1, 1.0, null, reduction);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return MarginLosses.multiMarginLoss(input, target, p, margin, weight, reduction());
    }

    @Override
    public String extraRepr() {
        return "p=" + p + ", margin=" + margin + ", reduction=" + reduction().pytorchName();
    }
}
