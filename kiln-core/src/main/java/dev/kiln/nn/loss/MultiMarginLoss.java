package dev.kiln.nn.loss;

import dev.kiln.nn.functional.MarginLosses;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/**
 * Multi-class margin loss Σ_{i≠y} w[y]·max(0, margin − x[y] + x[i])^p / C. Module form of
 * {@link MarginLosses#multiMarginLoss}.
 *
 * <pre>{@code
 * var squared = new MultiMarginLoss(MultiMarginLoss.Options.defaults().withP(2));
 * }</pre>
 */
public final class MultiMarginLoss extends Loss {
    /**
     * The settings of a {@link MultiMarginLoss}, with its defaults; each {@code with…} returns a changed
     * copy.
     *
     * @param p the exponent of the margin violation (1 or 2)
     * @param margin the margin of the loss
     * @param weight a weight per class (C), or null for none
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN}, {@code SUM}
     */
    public record Options(int p, double margin, Tensor weight, Reduction reduction) implements Settings<Options> {
        /**
         * {@return the defaults: p 1, margin 1, no weight, mean reduction}
         */
        public static Options defaults() {
            return new Options(1, 1.0, null, Reduction.MEAN);
        }

        /**
         * {@return a copy with another p}
         *
         * @param v 1 or 2
         */
        public Options withP(int v) {
            return new Options(v, margin, weight, reduction);
        }

        /**
         * {@return a copy with another margin}
         *
         * @param v the margin
         */
        public Options withMargin(double v) {
            return new Options(p, v, weight, reduction);
        }

        /**
         * {@return a copy with another weight}
         *
         * @param v the class weights (C), or null for none
         */
        public Options withWeight(Tensor v) {
            return new Options(p, margin, v, reduction);
        }
    }

    /** The loss with the defaults (p 1, margin 1, no weight, mean reduction). */
    public MultiMarginLoss() {
        this(Options.defaults());
    }

    /**
     * The loss with the defaults and the given reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN}, {@code SUM}
     */
    public MultiMarginLoss(Reduction reduction) {
        this(Options.defaults().withReduction(reduction));
    }

    /**
     * The loss with the given options.
     *
     * @param options the settings, from {@link Options#defaults()}
     */
    public MultiMarginLoss(Options options) {
        super(options, (input, target) -> MarginLosses.multiMarginLoss(input, target, options.p(), options.margin(),
                options.weight(), options.reduction()));
        optionalBuffer("weight", options.weight());
    }
}
