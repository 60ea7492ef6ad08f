package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * RAdam (Liu et al., 2020): Adam whose adaptive term is switched on once the variance of the
 * adaptive learning rate is tractable.
 *
 * <pre>
 *   g ← g + weight_decay·p;  m, v as in Adam;  m̂ = m/(1−β1^t)
 *   ρ∞ = 2/(1−β2) − 1,  ρ_t = ρ∞ − 2t·β2^t/(1−β2^t)
 *   ρ_t &gt; 5:  r = √((ρ_t−4)(ρ_t−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρ_t)),  p ← p − lr·m̂·r·√(1−β2^t)/(√v + eps)
 *   else:    p ← p − lr·m̂
 * </pre>
 *
 * <pre>{@code
 * var opt = new RAdam(model.parameters(), RAdam.Options.of(1e-3));
 * }</pre>
 */
public class RAdam extends Optimizer<RAdam.Options> {
    /**
     * RAdam hyper-parameters, also {@link LAMB}'s (with {@link LAMB#defaults(double)}).
     *
     * @param lr learning rate
     * @param beta1 decay of the first moment
     * @param beta2 decay of the second moment
     * @param eps added to the denominator
     * @param weightDecay L2 penalty (RAdam adds it to the gradient; LAMB decouples it)
     */
    public record Options(double lr, double beta1, double beta2, double eps,
            double weightDecay) implements Hyperparameters.Beta1Momentum<Options> {
        /** Validates. */
        public Options {
            Checks.adam("RAdam", lr, beta1, beta2, eps, weightDecay);
        }

        /**
         * {@return the defaults with learning rate {@code lr}}
         *
         * @param lr the learning rate (≥ 0)
         */
        public static Options of(double lr) {
            return new Options(lr, 0.9, 0.999, 1e-8, 0);
        }
    }

    /**
     * RAdam over one group.
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param options the hyper-parameters of every parameter
     */
    public RAdam(List<Tensor> params, Options options) {
        this(options, ParamGroupSpec.all(params));
    }

    /**
     * RAdam over several groups built from {@code defaults}.
     *
     * @param defaults the hyper-parameters of every group that does not override them
     * @param groups the parameter groups, each with its own overrides of {@code defaults}
     */
    public RAdam(Options defaults, List<ParamGroupSpec> groups) {
        super(defaults, groups);
    }

    @Override
    protected void update(Tensor p, Tensor g, Options o, ParamState state) {
        long t = state.step();
        double b2t = Math.pow(o.beta2(), t);
        double bc1 = 1 - Math.pow(o.beta1(), t);
        double rhoInf = 2 / (1 - o.beta2()) - 1;
        double rhoT = rhoInf - 2 * t * b2t / (1 - b2t);
        // adaptive (the variance is tractable): p ← p − adaptiveCoef·m/(√v + eps);  otherwise p ← p − plainCoef·m
        boolean adaptive = rhoT > 5;
        double rect = adaptive ? Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
        double adaptiveCoef = o.lr() / bc1 * rect * Math.sqrt(1 - b2t);
        double plainCoef = o.lr() / bc1;
        double beta1 = o.beta1(), beta2 = o.beta2(), eps = o.eps(), weightDecay = o.weightDecay();
        Tensor m = state.buffer("exp_avg", p, 0);
        Tensor v = state.buffer("exp_avg_sq", p, 0);
        Elements.forEachBlock(p.numel(), Elements.each(p, m, v), Elements.each(g), (len, w, r) -> {
            double[] pb = w[0], mb = w[1], vb = w[2], gb = r[0];
            for (int i = 0; i < len; i++) {
                double d = gb[i] + weightDecay * pb[i];
                mb[i] = beta1 * mb[i] + (1 - beta1) * d;
                vb[i] = beta2 * vb[i] + (1 - beta2) * d * d;
                pb[i] -= adaptive ? adaptiveCoef * mb[i] / (Math.sqrt(vb[i]) + eps) : plainCoef * mb[i];
            }
        });
    }
}
