package dev.kiln.nn.loss;

import dev.kiln.nn.functional.SegmentationLosses;
import dev.kiln.tensor.Tensor;

/** Binary Lovász hinge on logits; always a scalar. Module form of {@link SegmentationLosses#lovaszHinge}. */
public final class LovaszHingeLoss extends Loss {
    private final boolean perImage;
    private final Long ignoreIndex;

    /**
     * Creates the loss with perImage, ignoreIndex.
     *
     * @param perImage whether the loss is computed per image and averaged (otherwise over the whole batch)
     * @param ignoreIndex a target class whose samples contribute nothing (and do not count in the mean)
     */
    public LovaszHingeLoss(boolean perImage, Long ignoreIndex) {
        super(dev.kiln.nn.functional.Reduction.NONE);
        this.perImage = perImage;
        this.ignoreIndex = ignoreIndex;
    }

    /** Creates the loss with the defaults (perImage=true, ignoreIndex=null). */
    public LovaszHingeLoss() {
        this(true, null);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return SegmentationLosses.lovaszHinge(input, target, perImage, ignoreIndex);
    }

    @Override
    public String extraRepr() {
        return "per_image=" + perImage + ", ignore_index=" + ignoreIndex;
    }
}
