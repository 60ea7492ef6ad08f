package dev.kiln.nn.loss;

import dev.kiln.nn.functional.ClassificationLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/**
 * Binary cross-entropy on logits (numerically stable), with optional weights and per-class positive
 * weights. Module form of {@link ClassificationLosses#binaryCrossEntropyWithLogits}.
 *
 * <pre>{@code
 * var loss = new BCEWithLogitsLoss(BCEWithLogitsLoss.Options.defaults().withPosWeight(Tensor.of(3.0f)));
 * }</pre>
 */
public final class BCEWithLogitsLoss extends Loss {
    /**
     * The settings of a {@link BCEWithLogitsLoss}, with its defaults; each {@code with…} returns a changed
     * copy.
     *
     * @param weight a manual rescaling weight per class (or element), or null for none
     * @param posWeight a weight of the positive examples per class, or null for none
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN}, {@code SUM}
     */
    public record Options(Tensor weight, Tensor posWeight, Reduction reduction) implements Settings<Options> {
        /**
         * {@return the defaults: no weights, mean reduction}
         */
        public static Options defaults() {
            return new Options(null, null, Reduction.MEAN);
        }

        /**
         * {@return a copy with another weight}
         *
         * @param v the rescaling weight, or null for none
         */
        public Options withWeight(Tensor v) {
            return new Options(v, posWeight, reduction);
        }

        /**
         * {@return a copy with another posWeight}
         *
         * @param v the positive weight per class, or null for none
         */
        public Options withPosWeight(Tensor v) {
            return new Options(weight, v, reduction);
        }
    }

    /** The loss with the defaults (no weights, mean reduction). */
    public BCEWithLogitsLoss() {
        this(Options.defaults());
    }

    /**
     * The loss with the defaults and the given reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN}, {@code SUM}
     */
    public BCEWithLogitsLoss(Reduction reduction) {
        this(Options.defaults().withReduction(reduction));
    }

    /**
     * The loss with the given options.
     *
     * @param options the settings, from {@link Options#defaults()}
     */
    public BCEWithLogitsLoss(Options options) {
        super(options, (input, target) -> ClassificationLosses.binaryCrossEntropyWithLogits(input, target,
                options.weight(), options.posWeight(), options.reduction()));
        optionalBuffer("weight", options.weight());
        optionalBuffer("pos_weight", options.posWeight());
    }
}
