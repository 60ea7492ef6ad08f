package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * LARS, layer-wise adaptive rate scaling (You, Gitman &amp; Ginsburg, 2017, Algorithm 1): SGD with
 * momentum whose step for each parameter tensor (a "layer") is scaled by a trust ratio.
 *
 * <pre>
 *   λ = η·‖w‖ / (‖g‖ + β·‖w‖ + eps)      (λ = 1 when ‖w‖ or ‖g‖ is 0)
 *   v ← m·v + lr·λ·(g + β·w)
 *   w ← w − v
 * </pre>
 * where η is the trust coefficient, β the weight decay and m the momentum. Exclude biases and
 * norm parameters from the decay (and usually from the adaptation) with separate groups, see
 * {@link ParamGroups#splitDecay}.
 *
 * <pre>{@code
 * var opt = new LARS(model.parameters(), LARS.Options.of(0.1));
 * }</pre>
 */
public class LARS extends Optimizer<LARS.Options> {
    /**
     * LARS hyper-parameters.
     *
     * @param lr the global learning rate γ
     * @param momentum m
     * @param weightDecay β
     * @param trustCoefficient η
     * @param eps added to the denominator of λ
     */
    public record Options(double lr, double momentum, double weightDecay, double trustCoefficient, double eps)
            implements Hyperparameters.Momentum<Options>, Hyperparameters.Epsilon<Options> {
        /** Validates. */
        public Options {
            Checks.nonNegative("LARS", "lr", lr);
            Checks.nonNegative("LARS", "momentum", momentum);
            Checks.nonNegative("LARS", "weight_decay", weightDecay);
            Checks.nonNegative("LARS", "trust_coefficient", trustCoefficient);
            Checks.nonNegative("LARS", "eps", eps);
        }

        /**
         * {@return momentum 0.9, weight decay 5e-4, trust coefficient 1e-3, eps 1e-9, with learning rate {@code lr}}
         *
         * @param lr the learning rate (≥ 0)
         */
        public static Options of(double lr) {
            return new Options(lr, 0.9, 5e-4, 1e-3, 1e-9);
        }

        /**
         * {@return a copy with another trust coefficient}
         *
         * @param v the new trust coefficient η (&gt; 0)
         */
        public Options withTrustCoefficient(double v) {
            return new Options(lr, momentum, weightDecay, v, eps);
        }
    }

    /**
     * LARS over one group.
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param options the hyper-parameters of every parameter
     */
    public LARS(List<Tensor> params, Options options) {
        this(options, ParamGroupSpec.all(params));
    }

    /**
     * LARS over several groups built from {@code defaults}.
     *
     * @param defaults the hyper-parameters of every group that does not override them
     * @param groups the parameter groups, each with its own overrides of {@code defaults}
     */
    public LARS(Options defaults, List<ParamGroupSpec> groups) {
        super(defaults, groups);
    }

    @Override
    protected void update(Tensor p, Tensor g, Options o, ParamState state) {
        // first pass: the norms ‖p‖² and ‖g‖²
        double[] sums = new double[2];
        Elements.forEachBlock(p.numel(), new Elements[0], Elements.each(p, g), (len, w, r) -> {
            double[] pb = r[0], gb = r[1];
            double ww = sums[0];
            double gg = sums[1];
            for (int i = 0; i < len; i++) {
                ww += pb[i] * pb[i];
                gg += gb[i] * gb[i];
            }
            sums[0] = ww;
            sums[1] = gg;
        });
        // second pass: the momentum step, scaled by the trust ratio
        double scale = o.lr() * trustRatio(Math.sqrt(sums[0]), Math.sqrt(sums[1]), o);
        double momentum = o.momentum(), weightDecay = o.weightDecay();
        Tensor v = state.buffer("momentum_buffer", p, 0);
        Elements.forEachBlock(p.numel(), Elements.each(p, v), Elements.each(g), (len, w, r) -> {
            double[] pb = w[0], vb = w[1], gb = r[0];
            for (int i = 0; i < len; i++) {
                vb[i] = momentum * vb[i] + scale * (gb[i] + weightDecay * pb[i]);
                pb[i] -= vb[i];
            }
        });
    }

    /**
     * {@return the trust ratio λ = η·‖w‖/(‖g‖ + β·‖w‖ + eps), or 1 when either norm is 0}
     *
     * @param weightNorm the norm ‖p‖ of the parameter
     * @param gradNorm the norm ‖g‖ of the gradient
     * @param o the optimiser's hyper-parameters
     */
    public static double trustRatio(double weightNorm, double gradNorm, Options o) {
        if (weightNorm == 0 || gradNorm == 0) {
            return 1;
        }
        return o.trustCoefficient() * weightNorm / (gradNorm + o.weightDecay() * weightNorm + o.eps());
    }
}
