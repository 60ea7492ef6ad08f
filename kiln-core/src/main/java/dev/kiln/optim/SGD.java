package dev.kiln.optim;

import dev.kiln.backend.ReferenceBackend;
import dev.kiln.backend.SgdStep;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.List;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum, L2 weight
 * decay and maximisation.
 *
 * <pre>
 *   g ← −g                         if maximize
 *   g ← g + weight_decay·p          if weight_decay ≠ 0
 *   b ← g                           at the first step, if momentum ≠ 0
 *   b ← momentum·b + (1−dampening)·g  afterwards
 *   g ← g + momentum·b  (nesterov)  or  g ← b
 *   p ← p − lr·g
 * </pre>
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), SGD.Options.of(0.1).withMomentum(0.9).withNesterov(true));
 * }</pre>
 */
public class SGD extends Optimizer<SGD.Options> {
    /**
     * SGD hyper-parameters.
     *
     * @param lr learning rate (≥ 0)
     * @param momentum momentum factor (≥ 0)
     * @param dampening dampening for momentum
     * @param weightDecay L2 penalty (≥ 0)
     * @param nesterov Nesterov momentum (needs momentum > 0 and dampening 0)
     * @param maximize maximise the objective instead of minimising it
     */
    public record Options(double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize)
            implements Hyperparameters.Momentum<Options>, Hyperparameters.Maximizing<Options> {
        /** Validates. */
        public Options {
            Checks.nonNegative("SGD", "lr", lr);
            Checks.nonNegative("SGD", "momentum", momentum);
            Checks.nonNegative("SGD", "weight_decay", weightDecay);
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("SGD: Nesterov momentum requires a momentum and zero dampening, got momentum "
                        + momentum + ", dampening " + dampening);
            }
        }

        /**
         * {@return plain SGD with learning rate {@code lr}}
         *
         * @param lr the learning rate (≥ 0)
         */
        public static Options of(double lr) {
            return new Options(lr, 0, 0, 0, false, false);
        }

        /**
         * {@return a copy with another dampening}
         *
         * @param v the new dampening of the momentum, in [0, 1]
         */
        public Options withDampening(double v) {
            return new Options(lr, momentum, v, weightDecay, nesterov, maximize);
        }

        /**
         * {@return a copy with Nesterov momentum on or off}
         *
         * @param v true for Nesterov momentum
         */
        public Options withNesterov(boolean v) {
            return new Options(lr, momentum, dampening, weightDecay, v, maximize);
        }
    }

    /**
     * SGD over one group.
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param options the hyper-parameters of every parameter
     */
    public SGD(List<Tensor> params, Options options) {
        this(options, ParamGroupSpec.all(params));
    }

    /**
     * SGD over several groups built from {@code defaults}.
     *
     * @param defaults the hyper-parameters of every group that does not override them
     * @param groups the parameter groups, each with its own overrides of {@code defaults}
     */
    public SGD(Options defaults, List<ParamGroupSpec> groups) {
        super(defaults, groups);
    }

    @Override
    protected void update(Tensor p, Tensor g, Options o, ParamState state) {
        // the buffer starts as the first gradient it sees (also when momentum is switched on mid-run)
        boolean first = state.tensor("momentum_buffer") == null;
        Tensor buf = o.momentum() != 0 ? state.buffer("momentum_buffer", p, 0) : null;
        SgdStep step = new SgdStep(o.lr(), o.momentum(), o.dampening(), o.weightDecay(), o.nesterov(), o.maximize(), first);
        if (isFloat(p)) {
            p.device().backend().sgd(TensorInternals.floats(p), p.offset(), TensorInternals.floats(g), g.offset(), buf == null ? null : TensorInternals.floats(buf), 0,
                    p.numel(), step);
        } else {
            ReferenceBackend.INSTANCE.sgd(TensorInternals.doubles(p), p.offset(), TensorInternals.doubles(g), g.offset(),
                    buf == null ? null : TensorInternals.doubles(buf), 0, p.numel(), step);
        }
    }
}
