package dev.kiln.nn.loss;

import dev.kiln.nn.functional.Reduction;
import dev.kiln.nn.functional.SegmentationLosses;

/** Soft Dice loss per sample on probabilities. Module form of {@link SegmentationLosses#diceLoss}. */
public final class DiceLoss extends Loss {
    /**
     * Creates the loss with smooth, reduction.
     *
     * @param smooth added to numerator and denominator so that empty masks give a finite loss
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    public DiceLoss(double smooth, Reduction reduction) {
        super(reduction, "smooth=" + smooth, (input, target) -> SegmentationLosses.diceLoss(input, target, smooth, reduction));
    }

    /** Creates the loss with the defaults (smooth=1.0, reduction=Reduction.MEAN). */
    public DiceLoss() {
        this(1.0, Reduction.MEAN);
    }
}
