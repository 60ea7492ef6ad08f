package dev.kiln.nn.loss;

import dev.kiln.nn.functional.MetricLosses;
import dev.kiln.tensor.Tensor;

/**
 * Multi-class N-pair loss (Sohn 2016) of anchors against positives, always a scalar. Module form
 * of {@link MetricLosses#npairLoss}: {@code forward(anchors, positives)} when every pair is its own
 * class, {@code forward(anchors, positives, labels)} when classes may repeat in the batch (a
 * positive of the same class is then not a negative).
 */
public final class NPairLoss extends Loss {
    private final double l2Reg;

    /**
     * Creates the loss with l2Reg.
     *
     * @param l2Reg the weight of the L2 penalty on the embeddings (0.25·l2Reg·mean squared norm)
     */
    public NPairLoss(double l2Reg) {
        super("l2_reg=" + l2Reg, (anchors, positives) -> MetricLosses.npairLoss(anchors, positives, l2Reg));
        this.l2Reg = l2Reg;
    }

    /** Creates the loss with the defaults (l2Reg=0.002). */
    public NPairLoss() {
        this(0.002);
    }

    /**
     * The loss with class labels (N, int64): repeated classes are not negatives of each other.
     *
     * @param anchors the anchor embeddings (N, D)
     * @param positives the positive embeddings (N, D), row i matching anchor i
     * @param labels the class of each pair (N, int64)
     * @return the loss, reduced as configured
     */
    public Tensor forward(Tensor anchors, Tensor positives, Tensor labels) {
        return MetricLosses.npairLoss(anchors, positives, labels, l2Reg);
    }
}
