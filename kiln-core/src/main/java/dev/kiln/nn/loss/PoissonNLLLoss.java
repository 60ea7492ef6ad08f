package dev.kiln.nn.loss;

import dev.kiln.nn.functional.Reduction;
import dev.kiln.nn.functional.RegressionLosses;

/**
 * Poisson negative log-likelihood, optional Stirling term. Module form of
 * {@link RegressionLosses#poissonNllLoss}.
 *
 * <pre>{@code
 * var rates = new PoissonNLLLoss(PoissonNLLLoss.Options.defaults().withLogInput(false).withFull(true));
 * }</pre>
 */
public final class PoissonNLLLoss extends Loss {
    /**
     * The settings of a {@link PoissonNLLLoss}, with its defaults; each {@code with…} returns a changed
     * copy.
     *
     * @param logInput whether the input is the log of the rate (otherwise the rate itself)
     * @param full whether to add the Stirling approximation of the constant term log(y!)
     * @param eps added to the rate before its log when the input is the rate itself
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN}, {@code SUM}
     */
    public record Options(boolean logInput, boolean full, double eps, Reduction reduction) implements Settings<Options> {
        /**
         * {@return the defaults: log input, no Stirling term, eps 1e-8, mean reduction}
         */
        public static Options defaults() {
            return new Options(true, false, 1e-8, Reduction.MEAN);
        }

        /**
         * {@return a copy with another logInput}
         *
         * @param v true for log-rates, false for rates
         */
        public Options withLogInput(boolean v) {
            return new Options(v, full, eps, reduction);
        }

        /**
         * {@return a copy with another full}
         *
         * @param v whether to add the Stirling term
         */
        public Options withFull(boolean v) {
            return new Options(logInput, v, eps, reduction);
        }

        /**
         * {@return a copy with another eps}
         *
         * @param v the stability term
         */
        public Options withEps(double v) {
            return new Options(logInput, full, v, reduction);
        }
    }

    /** The loss with the defaults (log input, no Stirling term, eps 1e-8, mean reduction). */
    public PoissonNLLLoss() {
        this(Options.defaults());
    }

    /**
     * The loss with the defaults and the given reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN}, {@code SUM}
     */
    public PoissonNLLLoss(Reduction reduction) {
        this(Options.defaults().withReduction(reduction));
    }

    /**
     * The loss with the given options.
     *
     * @param options the settings, from {@link Options#defaults()}
     */
    public PoissonNLLLoss(Options options) {
        super(options, (input, target) -> RegressionLosses.poissonNllLoss(input, target, options.logInput(),
                options.full(), options.eps(), options.reduction()));
    }
}
