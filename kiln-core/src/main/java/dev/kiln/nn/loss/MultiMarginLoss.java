package dev.kiln.nn.loss;

import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Multi-class margin loss Σ_{i≠y} w[y]·max(0, margin − x[y] + x[i])^p / C. Module form of {@link MarginLosses#multiMarginLoss}. */
public final class MultiMarginLoss extends Loss {
    private final int p;
    private final double margin;
    private final Tensor weight;

    /** Creates the loss with p, margin, weight, reduction. */
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

    /** Creates the loss with default settings and the given reduction. */
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
