package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Averaged SGD (Polyak &amp; Juditsky, 1992), with PyTorch's step-size schedule.
 *
 * <pre>
 *   g ← −g if maximize;  g ← g + weight_decay·p
 *   p ← p·(1 − λ·η);  p ← p − η·g
 *   ax ← ax + μ·(p − ax)   (ax ← p while μ = 1)
 *   after the step: η ← lr / (1 + λ·lr·t)^α,  μ ← 1 / max(1, t − t0)
 * </pre>
 * The averaged parameters are {@link #average(Tensor)}.
 *
 * <pre>{@code
 * var opt = new ASGD(model.parameters(), ASGD.Options.of(0.01));
 * }</pre>
 */
public class ASGD extends Optimizer<ASGD.Options> {
    /**
     * ASGD hyper-parameters.
     *
     * @param lr learning rate
     * @param lambd decay term λ
     * @param alpha power for the η update
     * @param t0 step at which averaging starts
     * @param weightDecay L2 penalty
     * @param maximize maximise the objective
     */
    public record Options(double lr, double lambd, double alpha, double t0, double weightDecay,
            boolean maximize) implements Hyperparameters.Maximizing<Options> {
        /** Validates. */
        public Options {
            Checks.nonNegative("ASGD", "lr", lr);
            Checks.nonNegative("ASGD", "weight_decay", weightDecay);
        }

        /**
         * {@return the defaults with learning rate {@code lr}}
         *
         * @param lr the learning rate (≥ 0)
         */
        public static Options of(double lr) {
            return new Options(lr, 1e-4, 0.75, 1e6, 0, false);
        }

        /**
         * {@return a copy with another lambd}
         *
         * @param v the new decay term λ of the step size (≥ 0)
         */
        public Options withLambd(double v) {
            return new Options(lr, v, alpha, t0, weightDecay, maximize);
        }

        /**
         * {@return a copy with another alpha}
         *
         * @param v the new value (see the record's component of that name)
         */
        public Options withAlpha(double v) {
            return new Options(lr, lambd, v, t0, weightDecay, maximize);
        }

        /**
         * {@return a copy with another t0}
         *
         * @param v the new step from which averaging starts
         */
        public Options withT0(double v) {
            return new Options(lr, lambd, alpha, v, weightDecay, maximize);
        }
    }

    /**
     * ASGD over one group.
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param options the hyper-parameters of every parameter
     */
    public ASGD(List<Tensor> params, Options options) {
        this(options, ParamGroupSpec.all(params));
    }

    /**
     * ASGD over several groups built from {@code defaults}.
     *
     * @param defaults the hyper-parameters of every group that does not override them
     * @param groups the parameter groups, each with its own overrides of {@code defaults}
     */
    public ASGD(Options defaults, List<ParamGroupSpec> groups) {
        super(defaults, groups);
    }

    /**
     * {@return the running average of {@code param} (null before its first step)}
     *
     * @param param a parameter this optimiser updates
     */
    public Tensor average(Tensor param) {
        return state(param).tensor("ax");
    }

    @Override
    protected void update(Tensor p, Tensor g, Options o, ParamState state) {
        long t = state.step();
        double eta = state.scalar("eta", o.lr());   // the step size and averaging weight of this step
        double mu = state.scalar("mu", 1);
        double lambd = o.lambd(), weightDecay = o.weightDecay();
        double sign = o.maximize() ? -1 : 1;
        Tensor ax = state.buffer("ax", p, 0);       // the running average of the parameter
        Elements param = Elements.of(p);
        Elements.forEachBlock(p.numel(), new Elements[] {param, Elements.of(ax)}, Elements.each(g), (len, w, r) -> {
            double[] pb = w[0], axb = w[1], gb = r[0];
            for (int i = 0; i < len; i++) {
                double d = sign * gb[i] + weightDecay * pb[i];
                pb[i] = pb[i] * (1 - lambd * eta) - eta * d;
            }
            param.round(len, pb);   // the average follows the stored parameter
            for (int i = 0; i < len; i++) {
                axb[i] = mu == 1 ? pb[i] : axb[i] + mu * (pb[i] - axb[i]);
            }
        });
        state.putScalar("eta", o.lr() / Math.pow(1 + o.lambd() * o.lr() * t, o.alpha()));
        state.putScalar("mu", 1 / Math.max(1, t - o.t0()));
    }
}
