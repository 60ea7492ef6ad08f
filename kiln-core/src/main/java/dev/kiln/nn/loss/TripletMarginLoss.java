package dev.kiln.nn.loss;

import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/** Triplet margin: max(0, d(a,p) − d(a,n) + margin) with p-norm distances; forward(anchor, positive, negative). Module form of {@link MarginLosses#tripletMarginLoss}. */
public final class TripletMarginLoss extends Loss {
    private final double margin;
    private final double p;
    private final double eps;
    private final boolean swap;

    /**
     * Creates the loss with margin, p, eps, swap, reduction.
     *
     * @param swap use the smaller of the anchor–negative and positive–negative distances (distance swap, Balntas et al. 2016)
     * @param margin the margin of the loss
     * @param p the degree of the norm of the pairwise distances (2: Euclidean)
     * @param eps a small value added for numerical stability
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public TripletMarginLoss(double margin, double p, double eps, boolean swap, Reduction reduction) {
        super(reduction);
        this.margin = margin;
        this.p = p;
        this.eps = eps;
        this.swap = swap;
    }

    /** Creates the loss with the defaults (margin=1.0, p=2.0, eps=1e-6, swap=false, reduction=Reduction.MEAN). */
    public TripletMarginLoss() {
        this(1.0, 2.0, 1e-6, false, Reduction.MEAN);
    }

    /**
     * Creates the loss with default settings and the given reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public TripletMarginLoss(Reduction reduction) {
        this(1.0, 2.0, 1e-6, false, reduction);
    }

    /** Two-input forward is not defined for this loss. */
    @Override
    public Tensor forward(Tensor input, Tensor target) {
        throw new UnsupportedOperationException("TripletMarginLoss takes three inputs: forward(anchor, positive, negative)");
    }

    /**
     * The loss of (anchor, positive, negative).
     *
     * @param anchor the anchor embeddings (N, D)
     * @param positive embeddings of the same class as the anchors (N, D)
     * @param negative embeddings of other classes (N, D)
     * @return the loss, reduced as configured
     */
    public Tensor forward(Tensor anchor, Tensor positive, Tensor negative) {
        return MarginLosses.tripletMarginLoss(anchor, positive, negative, margin, p, eps, swap, reduction());
    }

    @Override
    public String extraRepr() {
        return "margin=" + margin + ", p=" + p + ", eps=" + eps + ", swap=" + swap + ", reduction=" + reduction().pytorchName();
    }
}
