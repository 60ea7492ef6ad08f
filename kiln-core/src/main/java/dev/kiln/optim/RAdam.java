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
     * RAdam hyper-parameters.
     *
     * @param lr learning rate
     * @param beta1 decay of the first moment
     * @param beta2 decay of the second moment
     * @param eps added to the denominator
     * @param weightDecay L2 penalty
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
        Tensor m = state.buffer("exp_avg", p, 0);
        Tensor v = state.buffer("exp_avg_sq", p, 0);
        long t = state.nextStep();
        double b2t = Math.pow(o.beta2(), t);
        double bc1 = 1 - Math.pow(o.beta1(), t);
        double rhoInf = 2 / (1 - o.beta2()) - 1;
        double rhoT = rhoInf - 2 * t * b2t / (1 - b2t);
        // adaptive: p ← p − adaptiveCoef·m/(√v + eps);  otherwise p ← p − lr·m/bc1
        double adaptiveCoef = 0;
        if (rhoT > 5) {
            double r = Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
            adaptiveCoef = o.lr() / bc1 * r * Math.sqrt(1 - b2t);
        }
        update(Elements.of(p), Elements.of(g), Elements.of(m), Elements.of(v), p.numel(), o.beta1(), o.beta2(),
                o.eps(), o.weightDecay(), rhoT > 5, adaptiveCoef, o.lr() / bc1);
    }

    /**
     * The RAdam kernel on float32 or float64 elements; with {@code adaptive}, p ← p − adaptiveCoef·m/(√v + eps), else p ← p − plainCoef·m.
     *
     * @param p the parameter values, updated in place
     * @param g the gradient values
     * @param m the first-moment average, updated in place
     * @param v the second-moment average, updated in place
     * @param n the number of elements updated
     * @param beta1 the decay rate of the first-moment average, in [0, 1)
     * @param beta2 the decay rate of the second-moment average, in [0, 1)
     * @param eps the term added to the denominator for numerical stability (&gt; 0)
     * @param weightDecay the L2 penalty coefficient added to the gradient as {@code weightDecay·p} (≥ 0)
     * @param adaptive true once the variance is tractable (ρ_t &gt; 5): take the adaptive step
     * @param adaptiveCoef the rectified adaptive step's coefficient
     * @param plainCoef the un-adapted step's coefficient lr/(1 − β₁ᵗ)
     */
    private static void update(Elements p, Elements g, Elements m, Elements v, int n, double beta1, double beta2,
            double eps, double weightDecay, boolean adaptive, double adaptiveCoef, double plainCoef) {
        Elements.forEachBlock(n, new Elements[] {p, m, v}, new Elements[] {g}, (len, w, r) -> {
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
