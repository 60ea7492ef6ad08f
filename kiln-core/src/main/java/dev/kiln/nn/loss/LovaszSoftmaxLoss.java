package dev.kiln.nn.loss;

import dev.kiln.nn.functional.SegmentationLosses;
import dev.kiln.tensor.Tensor;

/** Multi-class Lovász-softmax on probabilities; always a scalar. Module form of {@link SegmentationLosses#lovaszSoftmax}. */
public final class LovaszSoftmaxLoss extends Loss {
    private final String classes;
    private final boolean perImage;
    private final Long ignoreIndex;

    /**
     * Creates the loss with classes, perImage, ignoreIndex.
     *
     * @param classes "present" (average over the classes present in the target), "all", or a comma-separated list of class indices
     * @param perImage whether the loss is computed per image and averaged (otherwise over the whole batch)
     * @param ignoreIndex a target class whose samples contribute nothing (and do not count in the mean)
     */
    public LovaszSoftmaxLoss(String classes, boolean perImage, Long ignoreIndex) {
        super(dev.kiln.nn.functional.Reduction.NONE);
        this.classes = classes;
        this.perImage = perImage;
        this.ignoreIndex = ignoreIndex;
    }

    /** Creates the loss with the defaults (classes="present", perImage=false, ignoreIndex=null). */
    public LovaszSoftmaxLoss() {
        this("present", false, null);
    }

    @Override
    public Tensor forward(Tensor input, Tensor target) {
        return SegmentationLosses.lovaszSoftmax(input, target, classes, perImage, ignoreIndex);
    }

    @Override
    public String extraRepr() {
        return "classes=" + classes + ", per_image=" + perImage + ", ignore_index=" + ignoreIndex;
    }
}
