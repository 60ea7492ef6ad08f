package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Adagrad (Duchi et al., 2011): per-element learning rates from the sum of squared gradients.
 *
 * <pre>
 *   g ← −g if maximize;  g ← g + weight_decay·p
 *   clr = lr / (1 + (t−1)·lr_decay)
 *   s ← s + g²                       (s starts at initial_accumulator_value)
 *   p ← p − clr·g / (√s + eps)
 * </pre>
 *
 * <pre>{@code
 * var opt = new Adagrad(model.parameters(), Adagrad.Options.of(0.01));
 * }</pre>
 */
public class Adagrad extends Optimizer<Adagrad.Options> {
    /**
     * Adagrad hyper-parameters.
     *
     * @param lr learning rate
     * @param lrDecay learning-rate decay per step
     * @param weightDecay L2 penalty
     * @param initialAccumulatorValue starting value of the sum of squares
     * @param eps added to the denominator
     * @param maximize maximise the objective
     */
    public record Options(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps,
            boolean maximize) implements Hyperparameters.Maximizing<Options>, Hyperparameters.Epsilon<Options> {
        /** Validates. */
        public Options {
            Checks.nonNegative("Adagrad", "lr", lr);
            Checks.nonNegative("Adagrad", "lr_decay", lrDecay);
            Checks.nonNegative("Adagrad", "weight_decay", weightDecay);
            Checks.nonNegative("Adagrad", "initial_accumulator_value", initialAccumulatorValue);
            Checks.nonNegative("Adagrad", "eps", eps);
        }

        /**
         * {@return the defaults with learning rate {@code lr}}
         *
         * @param lr the learning rate (≥ 0)
         */
        public static Options of(double lr) {
            return new Options(lr, 0, 0, 0, 1e-10, false);
        }

        /**
         * {@return a copy with another lrDecay}
         *
         * @param v the new learning-rate decay per step (≥ 0)
         */
        public Options withLrDecay(double v) {
            return new Options(lr, v, weightDecay, initialAccumulatorValue, eps, maximize);
        }

        /**
         * {@return a copy with another initialAccumulatorValue}
         *
         * @param v the new start value of the sum of squared gradients (≥ 0)
         */
        public Options withInitialAccumulatorValue(double v) {
            return new Options(lr, lrDecay, weightDecay, v, eps, maximize);
        }
    }

    /**
     * Adagrad over one group.
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param options the hyper-parameters of every parameter
     */
    public Adagrad(List<Tensor> params, Options options) {
        this(options, ParamGroupSpec.all(params));
    }

    /**
     * Adagrad over several groups built from {@code defaults}.
     *
     * @param defaults the hyper-parameters of every group that does not override them
     * @param groups the parameter groups, each with its own overrides of {@code defaults}
     */
    public Adagrad(Options defaults, List<ParamGroupSpec> groups) {
        super(defaults, groups);
    }

    @Override
    protected void update(Tensor p, Tensor g, Options o, ParamState state) {
        double clr = o.lr() / (1 + (state.step() - 1) * o.lrDecay());
        double sign = o.maximize() ? -1 : 1;
        double weightDecay = o.weightDecay(), eps = o.eps();
        Tensor sum = state.buffer("sum", p, o.initialAccumulatorValue());   // the sum of squared gradients
        Elements.forEachBlock(p.numel(), Elements.each(p, sum), Elements.each(g), (len, w, r) -> {
            double[] pb = w[0], sb = w[1], gb = r[0];
            for (int i = 0; i < len; i++) {
                double d = sign * gb[i] + weightDecay * pb[i];
                sb[i] += d * d;
                pb[i] -= clr * d / (Math.sqrt(sb[i]) + eps);
            }
        });
    }
}
