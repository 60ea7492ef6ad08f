package dev.kiln.nn.loss;

import dev.kiln.nn.functional.ClassificationLosses;
import dev.kiln.nn.functional.ProbabilityForm;
import dev.kiln.nn.functional.Reduction;

/**
 * Kullback–Leibler divergence with log-probability inputs. The reduction may also be
 * {@link Reduction#BATCHMEAN} (the sum divided by the batch size), which is the mathematically correct
 * KL per sample. Module form of {@link ClassificationLosses#klDiv}.
 *
 * <pre>{@code
 * var kl = new KLDivLoss(Reduction.BATCHMEAN);
 * }</pre>
 */
public final class KLDivLoss extends Loss {
    /**
     * The settings of a {@link KLDivLoss}, with its defaults; each {@code with…} returns a changed
     * copy.
     *
     * @param logTarget whether the target is given as log-probabilities
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN}, {@code SUM}
     */
    public record Options(boolean logTarget, Reduction reduction) implements Settings<Options> {
        /**
         * {@return the defaults: probability targets, mean reduction}
         */
        public static Options defaults() {
            return new Options(false, Reduction.MEAN);
        }

        /**
         * {@return a copy with another logTarget}
         *
         * @param v true for log-probability targets
         */
        public Options withLogTarget(boolean v) {
            return new Options(v, reduction);
        }
    }

    /** The loss with the defaults (probability targets, mean reduction). */
    public KLDivLoss() {
        this(Options.defaults());
    }

    /**
     * The loss with the defaults and the given reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN}, {@code SUM}
     */
    public KLDivLoss(Reduction reduction) {
        this(Options.defaults().withReduction(reduction));
    }

    /**
     * The loss with the given options.
     *
     * @param options the settings, from {@link Options#defaults()}
     */
    public KLDivLoss(Options options) {
        super(options, (input, target) -> ClassificationLosses.klDiv(input, target, options.reduction(),
                ProbabilityForm.ofLogTarget(options.logTarget())));
    }
}
