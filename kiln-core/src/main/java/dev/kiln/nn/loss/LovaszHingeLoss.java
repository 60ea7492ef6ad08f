package dev.kiln.nn.loss;

import dev.kiln.nn.functional.Reduction;
import dev.kiln.nn.functional.SegmentationLosses;
import java.util.OptionalLong;

/**
 * Binary Lovász hinge on logits; always a scalar. Module form of {@link SegmentationLosses#lovaszHinge}.
 *
 * <pre>{@code
 * var loss = new LovaszHingeLoss(LovaszHingeLoss.Options.defaults().withIgnoreIndex(255));
 * }</pre>
 */
public final class LovaszHingeLoss extends Loss {
    /**
     * The settings of a {@link LovaszHingeLoss}, with its defaults; each {@code with…} returns a changed
     * copy.
     *
     * @param perImage whether the loss is computed per image and averaged (otherwise over the whole batch)
     * @param ignoreIndex a target value whose pixels contribute nothing, or empty for none
     */
    public record Options(boolean perImage, OptionalLong ignoreIndex) implements Settings<Options> {
        /**
         * {@return {@link Reduction#NONE}: this loss is always a scalar, reduced its own way}
         */
        @Override
        public Reduction reduction() {
            return Reduction.NONE;
        }

        /**
         * {@return the defaults: per image, no ignored value}
         */
        public static Options defaults() {
            return new Options(true, OptionalLong.empty());
        }

        /**
         * {@return a copy with another perImage}
         *
         * @param v per image (true) or over the batch (false)
         */
        public Options withPerImage(boolean v) {
            return new Options(v, ignoreIndex);
        }

        /**
         * {@return a copy with another ignoreIndex}
         *
         * @param v the ignored target value
         */
        public Options withIgnoreIndex(long v) {
            return new Options(perImage, OptionalLong.of(v));
        }
    }

    /** The loss with the defaults (per image, no ignored value). */
    public LovaszHingeLoss() {
        this(Options.defaults());
    }

    /**
     * The loss with the given options.
     *
     * @param options the settings, from {@link Options#defaults()}
     */
    public LovaszHingeLoss(Options options) {
        super(options, (input, target) -> SegmentationLosses.lovaszHinge(input, target, options.perImage(),
                orNull(options.ignoreIndex())));
    }
}
