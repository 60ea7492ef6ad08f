package dev.kiln.nn.loss;

import dev.kiln.nn.functional.ClassificationLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/**
 * Negative log-likelihood of log-probabilities with class weights and ignore_index. Module form of
 * {@link ClassificationLosses#nllLoss}.
 *
 * <pre>{@code
 * var nll = new NLLLoss(NLLLoss.Options.defaults().withIgnoreIndex(0));
 * }</pre>
 */
public final class NLLLoss extends Loss {
    /**
     * The settings of a {@link NLLLoss}, with its defaults; each {@code with…} returns a changed
     * copy.
     *
     * @param weight a weight per class (C), or null for none
     * @param ignoreIndex a target class whose samples contribute nothing (and do not count in the mean)
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN}, {@code SUM}
     */
    public record Options(Tensor weight, long ignoreIndex, Reduction reduction) implements Settings<Options> {
        /**
         * {@return the defaults: no weight, ignore_index −100, mean reduction}
         */
        public static Options defaults() {
            return new Options(null, -100, Reduction.MEAN);
        }

        /**
         * {@return a copy with another weight}
         *
         * @param v the class weights (C), or null for none
         */
        public Options withWeight(Tensor v) {
            return new Options(v, ignoreIndex, reduction);
        }

        /**
         * {@return a copy with another ignoreIndex}
         *
         * @param v the ignored target class
         */
        public Options withIgnoreIndex(long v) {
            return new Options(weight, v, reduction);
        }
    }

    /** The loss with the defaults (no weight, ignore_index −100, mean reduction). */
    public NLLLoss() {
        this(Options.defaults());
    }

    /**
     * The loss with the defaults and the given reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN}, {@code SUM}
     */
    public NLLLoss(Reduction reduction) {
        this(Options.defaults().withReduction(reduction));
    }

    /**
     * The loss with the given options.
     *
     * @param options the settings, from {@link Options#defaults()}
     */
    public NLLLoss(Options options) {
        super(options, (input, target) -> ClassificationLosses.nllLoss(input, target, options.weight(),
                options.ignoreIndex(), options.reduction()));
        optionalBuffer("weight", options.weight());
    }
}
