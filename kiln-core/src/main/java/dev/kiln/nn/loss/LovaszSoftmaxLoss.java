package dev.kiln.nn.loss;

import dev.kiln.nn.functional.LovaszClasses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.nn.functional.SegmentationLosses;
import java.util.OptionalLong;

/**
 * Multi-class Lovász-softmax on probabilities; always a scalar. Module form of
 * {@link SegmentationLosses#lovaszSoftmax}.
 *
 * <pre>{@code
 * var loss = new LovaszSoftmaxLoss(LovaszSoftmaxLoss.Options.defaults().withClasses("all"));
 * }</pre>
 */
public final class LovaszSoftmaxLoss extends Loss {
    /**
     * The settings of a {@link LovaszSoftmaxLoss}, with its defaults; each {@code with…} returns a changed
     * copy.
     *
     * @param classes "present" (average over the classes present in the target), "all", or a comma-separated list of class indices
     * @param perImage whether the loss is computed per image and averaged (otherwise over the whole batch)
     * @param ignoreIndex a target class whose pixels contribute nothing, or empty for none
     */
    public record Options(String classes, boolean perImage, OptionalLong ignoreIndex) implements Settings<Options> {
        /**
         * {@return {@link Reduction#NONE}: this loss is always a scalar, reduced its own way}
         */
        @Override
        public Reduction reduction() {
            return Reduction.NONE;
        }

        /**
         * {@return the defaults: classes present in the target, over the whole batch, no ignored class}
         */
        public static Options defaults() {
            return new Options("present", false, OptionalLong.empty());
        }

        /**
         * {@return a copy with another classes}
         *
         * @param v "present", "all" or a comma-separated list of class indices
         */
        public Options withClasses(String v) {
            return new Options(v, perImage, ignoreIndex);
        }

        /**
         * {@return a copy with another perImage}
         *
         * @param v per image (true) or over the batch (false)
         */
        public Options withPerImage(boolean v) {
            return new Options(classes, v, ignoreIndex);
        }

        /**
         * {@return a copy with another ignoreIndex}
         *
         * @param v the ignored target class
         */
        public Options withIgnoreIndex(long v) {
            return new Options(classes, perImage, OptionalLong.of(v));
        }
    }

    /** The loss with the defaults (classes present in the target, over the whole batch, no ignored class). */
    public LovaszSoftmaxLoss() {
        this(Options.defaults());
    }

    /**
     * The loss with the given options.
     *
     * @param options the settings, from {@link Options#defaults()}
     */
    public LovaszSoftmaxLoss(Options options) {
        super(options, (input, target) -> SegmentationLosses.lovaszSoftmax(input, target,
                LovaszClasses.parse(options.classes()), options.perImage(), orNull(options.ignoreIndex())));
    }
}
