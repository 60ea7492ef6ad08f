package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Adamax (Kingma &amp; Ba, 2015): Adam with the infinity norm in place of the second moment.
 *
 * <pre>
 *   g ← −g if maximize;  g ← g + weight_decay·p
 *   m ← β1·m + (1−β1)·g,  u ← max(β2·u, |g| + eps)
 *   p ← p − lr/(1−β1^t) · m/u
 * </pre>
 *
 * <pre>{@code
 * var opt = new Adamax(model.parameters(), Adamax.Options.of(2e-3));
 * }</pre>
 */
public class Adamax extends Optimizer<Adamax.Options> {
    /**
     * Adamax hyper-parameters.
     *
     * @param lr learning rate
     * @param beta1 decay of the first moment
     * @param beta2 decay of the infinity norm
     * @param eps added to |g|
     * @param weightDecay L2 penalty
     * @param maximize maximise the objective
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean maximize) implements Hyperparameters.Beta1Momentum<Options>, Hyperparameters.Maximizing<Options> {
        /** Validates. */
        public Options {
            Checks.adam("Adamax", lr, beta1, beta2, eps, weightDecay);
        }

        /**
         * {@return the defaults with learning rate {@code lr}}
         *
         * @param lr the learning rate (≥ 0)
         */
        public static Options of(double lr) {
            return new Options(lr, 0.9, 0.999, 1e-8, 0, false);
        }
    }

    /**
     * Adamax over one group.
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param options the hyper-parameters of every parameter
     */
    public Adamax(List<Tensor> params, Options options) {
        this(options, ParamGroupSpec.all(params));
    }

    /**
     * Adamax over several groups built from {@code defaults}.
     *
     * @param defaults the hyper-parameters of every group that does not override them
     * @param groups the parameter groups, each with its own overrides of {@code defaults}
     */
    public Adamax(Options defaults, List<ParamGroupSpec> groups) {
        super(defaults, groups);
    }

    @Override
    protected void update(Tensor p, Tensor g, Options o, ParamState state) {
        double stepSize = o.lr() / (1 - Math.pow(o.beta1(), state.step()));
        double sign = o.maximize() ? -1 : 1;
        double beta1 = o.beta1(), beta2 = o.beta2(), eps = o.eps(), weightDecay = o.weightDecay();
        Tensor m = state.buffer("exp_avg", p, 0);
        Tensor u = state.buffer("exp_inf", p, 0);   // the exponentially weighted infinity norm
        Elements.forEachBlock(p.numel(), Elements.each(p, m, u), Elements.each(g), (len, w, r) -> {
            double[] pb = w[0], mb = w[1], ub = w[2], gb = r[0];
            for (int i = 0; i < len; i++) {
                double d = sign * gb[i] + weightDecay * pb[i];
                mb[i] = beta1 * mb[i] + (1 - beta1) * d;
                ub[i] = Math.max(beta2 * ub[i], Math.abs(d) + eps);
                pb[i] -= stepSize * mb[i] / ub[i];
            }
        });
    }
}
