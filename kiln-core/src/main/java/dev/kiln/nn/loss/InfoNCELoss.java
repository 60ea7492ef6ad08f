package dev.kiln.nn.loss;

import dev.kiln.nn.functional.MetricLosses;
import dev.kiln.nn.functional.Reduction;

/** InfoNCE of queries against keys (row i is query i's positive); forward(query, keys). Module form of {@link MetricLosses#infoNce}. */
public final class InfoNCELoss extends Loss {
    /**
     * Creates the loss with temperature, reduction.
     *
     * @param temperature the softmax temperature dividing the similarities
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public InfoNCELoss(double temperature, Reduction reduction) {
        super(reduction, "temperature=" + temperature, (input, target) -> MetricLosses.infoNce(input, target, temperature, reduction));
    }

    /** Creates the loss with the defaults (temperature=0.1, reduction=Reduction.MEAN). */
    public InfoNCELoss() {
        this(0.1, Reduction.MEAN);
    }
}
