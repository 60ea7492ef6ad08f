package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * NAdam (Dozat, 2016): Adam with Nesterov momentum and a momentum schedule, as published (and as
 * PyTorch ≥ 2.0 computes it).
 *
 * <pre>
 *   g ← g + weight_decay·p
 *   μ_t = β1·(1 − 0.5·0.96^(t·ψ)),  μ_{t+1} = β1·(1 − 0.5·0.96^((t+1)·ψ))
 *   Π_t = μ_1·…·μ_t,  Π_{t+1} = Π_t·μ_{t+1}
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,  d = √(v/(1−β2^t)) + eps
 *   p ← p − lr·(1−μ_t)/(1−Π_t)·g/d − lr·μ_{t+1}/(1−Π_{t+1})·m/d
 * </pre>
 * where ψ is {@code momentumDecay}.
 *
 * <pre>{@code
 * var opt = new NAdam(model.parameters(), NAdam.Options.of(2e-3));
 * }</pre>
 */
public class NAdam extends Optimizer<NAdam.Options> {
    /**
     * NAdam hyper-parameters.
     *
     * @param lr learning rate
     * @param beta1 decay of the first moment
     * @param beta2 decay of the second moment
     * @param eps added to the denominator
     * @param weightDecay L2 penalty
     * @param momentumDecay ψ, the momentum schedule's decay
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay,
            double momentumDecay) implements Hyperparameters.Beta1Momentum<Options> {
        /** Validates. */
        public Options {
            Checks.adam("NAdam", lr, beta1, beta2, eps, weightDecay);
            Checks.nonNegative("NAdam", "momentum_decay", momentumDecay);
        }

        /**
         * {@return the defaults with learning rate {@code lr}}
         *
         * @param lr the learning rate (≥ 0)
         */
        public static Options of(double lr) {
            return new Options(lr, 0.9, 0.999, 1e-8, 0, 4e-3);
        }

        /**
         * {@return a copy with another momentumDecay}
         *
         * @param v the new momentum decay ψ (≥ 0)
         */
        public Options withMomentumDecay(double v) {
            return new Options(lr, beta1, beta2, eps, weightDecay, v);
        }
    }

    /**
     * NAdam over one group.
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param options the hyper-parameters of every parameter
     */
    public NAdam(List<Tensor> params, Options options) {
        this(options, ParamGroupSpec.all(params));
    }

    /**
     * NAdam over several groups built from {@code defaults}.
     *
     * @param defaults the hyper-parameters of every group that does not override them
     * @param groups the parameter groups, each with its own overrides of {@code defaults}
     */
    public NAdam(Options defaults, List<ParamGroupSpec> groups) {
        super(defaults, groups);
    }

    @Override
    protected void update(Tensor p, Tensor g, Options o, ParamState state) {
        long t = state.step();
        double mu = o.beta1() * (1 - 0.5 * Math.pow(0.96, t * o.momentumDecay()));
        double muNext = o.beta1() * (1 - 0.5 * Math.pow(0.96, (t + 1) * o.momentumDecay()));
        double product = state.scalar("mu_product", 1) * mu;
        state.putScalar("mu_product", product);
        double gradCoef = o.lr() * (1 - mu) / (1 - product);
        double momentumCoef = o.lr() * muNext / (1 - product * muNext);
        double bc2 = 1 - Math.pow(o.beta2(), t);
        double beta1 = o.beta1(), beta2 = o.beta2(), eps = o.eps(), weightDecay = o.weightDecay();
        Tensor m = state.buffer("exp_avg", p, 0);
        Tensor v = state.buffer("exp_avg_sq", p, 0);
        Elements.forEachBlock(p.numel(), Elements.each(p, m, v), Elements.each(g), (len, w, r) -> {
            double[] pb = w[0], mb = w[1], vb = w[2], gb = r[0];
            for (int i = 0; i < len; i++) {
                double d = gb[i] + weightDecay * pb[i];
                mb[i] = beta1 * mb[i] + (1 - beta1) * d;
                vb[i] = beta2 * vb[i] + (1 - beta2) * d * d;
                double denom = Math.sqrt(vb[i] / bc2) + eps;
                pb[i] = pb[i] - gradCoef * d / denom - momentumCoef * mb[i] / denom;
            }
        });
    }
}
