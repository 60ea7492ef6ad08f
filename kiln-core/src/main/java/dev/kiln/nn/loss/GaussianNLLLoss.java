package dev.kiln.nn.loss;

import dev.kiln.nn.functional.Reduction;
import dev.kiln.nn.functional.RegressionLosses;
import dev.kiln.tensor.Tensor;

/**
 * Gaussian negative log-likelihood with predicted variance; forward(input, target, var). Module form
 * of {@link RegressionLosses#gaussianNllLoss}.
 *
 * <pre>{@code
 * Tensor loss = new GaussianNLLLoss().forward(mean, target, variance);
 * }</pre>
 *
 * <p>{@code forward(input, target, var)}: {@code input} the predicted means; {@code target} the
 * targets, of the input's shape; {@code var} the predicted variances, positive, of the input's
 * shape (or broadcastable to it).
 */
public final class GaussianNLLLoss extends ThreeInputLoss {
    /**
     * The settings of a {@link GaussianNLLLoss}, with its defaults; each {@code with…} returns a changed
     * copy.
     *
     * @param full whether to add the constant term ½·log(2π) of the negative log-likelihood
     * @param eps the smallest variance used (variances are clamped to it for stability)
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN}, {@code SUM}
     */
    public record Options(boolean full, double eps, Reduction reduction) implements Settings<Options> {
        /**
         * {@return the defaults: no constant term, eps 1e-6, mean reduction}
         */
        public static Options defaults() {
            return new Options(false, 1e-6, Reduction.MEAN);
        }

        /**
         * {@return a copy with another full}
         *
         * @param v whether to add the constant term
         */
        public Options withFull(boolean v) {
            return new Options(v, eps, reduction);
        }

        /**
         * {@return a copy with another eps}
         *
         * @param v the variance floor
         */
        public Options withEps(double v) {
            return new Options(full, v, reduction);
        }
    }

    /** The loss with the defaults (no constant term, eps 1e-6, mean reduction). */
    public GaussianNLLLoss() {
        this(Options.defaults());
    }

    /**
     * The loss with the defaults and the given reduction.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN}, {@code SUM}
     */
    public GaussianNLLLoss(Reduction reduction) {
        this(Options.defaults().withReduction(reduction));
    }

    /**
     * The loss with the given options.
     *
     * @param options the settings, from {@link Options#defaults()}
     */
    public GaussianNLLLoss(Options options) {
        super(options, "input, target, var", (input, target, var) -> RegressionLosses.gaussianNllLoss(input, target, var,
                options.full(), options.eps(), options.reduction()));
    }
}
