package dev.kiln.nn.loss;

import dev.kiln.nn.functional.ClassificationLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/**
 * Cross-entropy of logits (fused log-softmax + NLL) with class-index or probability targets, class
 * weights, ignore_index and label smoothing. Module form of {@link ClassificationLosses#crossEntropy}.
 *
 * <pre>{@code
 * var ce = new CrossEntropyLoss(CrossEntropyLoss.Options.defaults().withLabelSmoothing(0.1).withIgnoreIndex(0));
 * }</pre>
 */
public final class CrossEntropyLoss extends Loss {
    /**
     * The settings of a {@link CrossEntropyLoss}, with its defaults; each {@code with…} returns a changed
     * copy.
     *
     * @param weight a weight per class (C), or null for none
     * @param ignoreIndex a target class whose samples contribute nothing (and do not count in the mean)
     * @param labelSmoothing the share ε of probability spread uniformly over all classes (0 for none), in [0, 1]
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN}, {@code SUM}
     */
    public record Options(Tensor weight, long ignoreIndex, double labelSmoothing, Reduction reduction)
            implements Settings<Options> {
        /** Checks the settings. */
        public Options {
            if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
                throw new IllegalArgumentException("CrossEntropyLoss: label_smoothing must be in [0, 1], got " + labelSmoothing);
            }
        }

        /**
         * {@return the defaults: no weight, ignore_index −100, no label smoothing, mean reduction}
         */
        public static Options defaults() {
            return new Options(null, -100, 0.0, Reduction.MEAN);
        }

        /**
         * {@return a copy with another weight}
         *
         * @param v the class weights (C), or null for none
         */
        public Options withWeight(Tensor v) {
            return new Options(v, ignoreIndex, labelSmoothing, reduction);
        }

        /**
         * {@return a copy with another ignoreIndex}
         *
         * @param v the ignored target class
         */
        public Options withIgnoreIndex(long v) {
            return new Options(weight, v, labelSmoothing, reduction);
        }

        /**
         * {@return a copy with another labelSmoothing}
         *
         * @param v the smoothing ε in [0, 1]
         */
        public Options withLabelSmoothing(double v) {
            return new Options(weight, ignoreIndex, v, reduction);
        }
    }

    /** The loss with the defaults (no weight, ignore_index −100, no label smoothing, mean reduction). */
    public CrossEntropyLoss() {
        this(Options.defaults());
    }

    /**
     * The loss with the defaults and the given reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN}, {@code SUM}
     */
    public CrossEntropyLoss(Reduction reduction) {
        this(Options.defaults().withReduction(reduction));
    }

    /**
     * The loss with the given options.
     *
     * @param options the settings, from {@link Options#defaults()}
     */
    public CrossEntropyLoss(Options options) {
        super(options, (input, target) -> ClassificationLosses.crossEntropy(input, target, options.weight(),
                options.ignoreIndex(), options.labelSmoothing(), options.reduction()));
        optionalBuffer("weight", options.weight());
    }
}
