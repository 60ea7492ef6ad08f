package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * RMSprop (Hinton, 2012), optionally centred and with momentum.
 *
 * <pre>
 *   g ← −g if maximize;  g ← g + weight_decay·p
 *   v ← α·v + (1−α)·g²
 *   centered: m ← α·m + (1−α)·g,  d = √(v − m²) + eps;   otherwise d = √v + eps
 *   momentum &gt; 0: b ← momentum·b + g/d,  p ← p − lr·b;   otherwise p ← p − lr·g/d
 * </pre>
 *
 * <pre>{@code
 * var opt = new RMSprop(model.parameters(), RMSprop.Options.of(0.01).withCentered(true));
 * }</pre>
 */
public class RMSprop extends Optimizer<RMSprop.Options> {
    /**
     * RMSprop hyper-parameters.
     *
     * @param lr learning rate
     * @param alpha smoothing constant
     * @param eps added to the denominator
     * @param weightDecay L2 penalty
     * @param momentum momentum factor
     * @param centered normalise by the estimated variance
     * @param maximize maximise the objective
     */
    public record Options(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered,
            boolean maximize) implements Hyperparameters.Momentum<Options>, Hyperparameters.Maximizing<Options>,
            Hyperparameters.Epsilon<Options> {
        /** Validates. */
        public Options {
            Checks.nonNegative("RMSprop", "lr", lr);
            Checks.nonNegative("RMSprop", "alpha", alpha);
            Checks.nonNegative("RMSprop", "eps", eps);
            Checks.nonNegative("RMSprop", "weight_decay", weightDecay);
            Checks.nonNegative("RMSprop", "momentum", momentum);
        }

        /**
         * {@return the defaults with learning rate {@code lr}}
         *
         * @param lr the learning rate (≥ 0)
         */
        public static Options of(double lr) {
            return new Options(lr, 0.99, 1e-8, 0, 0, false, false);
        }

        /**
         * {@return a copy with another alpha}
         *
         * @param v the new value (see the record's component of that name)
         */
        public Options withAlpha(double v) {
            return new Options(lr, v, eps, weightDecay, momentum, centered, maximize);
        }

        /**
         * {@return a copy with another centered}
         *
         * @param v true to normalise by the centred variance (subtracting the squared mean gradient)
         */
        public Options withCentered(boolean v) {
            return new Options(lr, alpha, eps, weightDecay, momentum, v, maximize);
        }
    }

    /**
     * RMSprop over one group.
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param options the hyper-parameters of every parameter
     */
    public RMSprop(List<Tensor> params, Options options) {
        this(options, ParamGroupSpec.all(params));
    }

    /**
     * RMSprop over several groups built from {@code defaults}.
     *
     * @param defaults the hyper-parameters of every group that does not override them
     * @param groups the parameter groups, each with its own overrides of {@code defaults}
     */
    public RMSprop(Options defaults, List<ParamGroupSpec> groups) {
        super(defaults, groups);
    }

    @Override
    protected void update(Tensor p, Tensor g, Options o, ParamState state) {
        double lr = o.lr(), alpha = o.alpha(), eps = o.eps(), weightDecay = o.weightDecay(), momentum = o.momentum();
        double sign = o.maximize() ? -1 : 1;
        Tensor v = state.buffer("square_avg", p, 0);
        Tensor m = o.centered() ? state.buffer("grad_avg", p, 0) : null;
        Tensor b = o.momentum() > 0 ? state.buffer("momentum_buffer", p, 0) : null;
        Elements.forEachBlock(p.numel(), Elements.each(p, v, m, b), Elements.each(g), (len, w, r) -> {
            double[] pb = w[0], vb = w[1], mb = w[2], bb = w[3], gb = r[0];
            for (int i = 0; i < len; i++) {
                double d = sign * gb[i] + weightDecay * pb[i];
                vb[i] = alpha * vb[i] + (1 - alpha) * d * d;
                double denom;
                if (mb != null) {
                    mb[i] = alpha * mb[i] + (1 - alpha) * d;
                    denom = Math.sqrt(vb[i] - mb[i] * mb[i]) + eps;
                } else {
                    denom = Math.sqrt(vb[i]) + eps;
                }
                if (bb != null) {
                    bb[i] = momentum * bb[i] + d / denom;
                    pb[i] -= lr * bb[i];
                } else {
                    pb[i] -= lr * d / denom;
                }
            }
        });
    }
}
