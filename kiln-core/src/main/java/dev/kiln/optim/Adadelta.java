package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Adadelta (Zeiler, 2012): a learning rate from running averages of squared gradients and updates.
 *
 * <pre>
 *   g ← −g if maximize;  g ← g + weight_decay·p
 *   v ← ρ·v + (1−ρ)·g²
 *   Δ = √(u + eps) / √(v + eps) · g
 *   u ← ρ·u + (1−ρ)·Δ²
 *   p ← p − lr·Δ
 * </pre>
 *
 * <pre>{@code
 * var opt = new Adadelta(model.parameters(), Adadelta.Options.of(1.0));
 * }</pre>
 */
public class Adadelta extends Optimizer<Adadelta.Options> {
    /**
     * Adadelta hyper-parameters.
     *
     * @param lr scale of the update
     * @param rho decay of the running averages
     * @param eps for numerical stability
     * @param weightDecay L2 penalty
     * @param maximize maximise the objective
     */
    public record Options(double lr, double rho, double eps, double weightDecay,
            boolean maximize) implements Hyperparameters.Maximizing<Options>, Hyperparameters.Epsilon<Options> {
        /** Validates. */
        public Options {
            Checks.nonNegative("Adadelta", "lr", lr);
            Checks.in01("Adadelta", "rho", rho);
            Checks.nonNegative("Adadelta", "eps", eps);
            Checks.nonNegative("Adadelta", "weight_decay", weightDecay);
        }

        /**
         * {@return the defaults with learning rate {@code lr}}
         *
         * @param lr the learning rate (≥ 0)
         */
        public static Options of(double lr) {
            return new Options(lr, 0.9, 1e-6, 0, false);
        }

        /**
         * {@return a copy with another rho}
         *
         * @param v the new decay rate of the running averages, in [0, 1]
         */
        public Options withRho(double v) {
            return new Options(lr, v, eps, weightDecay, maximize);
        }
    }

    /**
     * Adadelta over one group.
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param options the hyper-parameters of every parameter
     */
    public Adadelta(List<Tensor> params, Options options) {
        this(options, ParamGroupSpec.all(params));
    }

    /**
     * Adadelta over several groups built from {@code defaults}.
     *
     * @param defaults the hyper-parameters of every group that does not override them
     * @param groups the parameter groups, each with its own overrides of {@code defaults}
     */
    public Adadelta(Options defaults, List<ParamGroupSpec> groups) {
        super(defaults, groups);
    }

    @Override
    protected void update(Tensor p, Tensor g, Options o, ParamState state) {
        double lr = o.lr(), rho = o.rho(), eps = o.eps(), weightDecay = o.weightDecay();
        double sign = o.maximize() ? -1 : 1;
        Tensor v = state.buffer("square_avg", p, 0);   // the running average of g²
        Tensor u = state.buffer("acc_delta", p, 0);    // the running average of Δ²
        Elements.forEachBlock(p.numel(), Elements.each(p, v, u), Elements.each(g), (len, w, r) -> {
            double[] pb = w[0], vb = w[1], ub = w[2], gb = r[0];
            for (int i = 0; i < len; i++) {
                double d = sign * gb[i] + weightDecay * pb[i];
                vb[i] = rho * vb[i] + (1 - rho) * d * d;
                double delta = Math.sqrt(ub[i] + eps) / Math.sqrt(vb[i] + eps) * d;
                ub[i] = rho * ub[i] + (1 - rho) * delta * delta;
                pb[i] -= lr * delta;
            }
        });
    }
}
