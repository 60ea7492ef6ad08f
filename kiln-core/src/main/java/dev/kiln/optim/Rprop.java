package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Rprop (Riedmiller &amp; Braun, 1993): per-element step sizes adapted from the sign of the gradient.
 *
 * <pre>
 *   g ← −g if maximize
 *   f = η+ if g·prev &gt; 0, η− if g·prev &lt; 0, else 1
 *   s ← clamp(s·f, s_min, s_max)       (s starts at lr)
 *   g ← 0 where g·prev &lt; 0
 *   p ← p − sign(g)·s;  prev ← g
 * </pre>
 *
 * <pre>{@code
 * var opt = new Rprop(model.parameters(), Rprop.Options.of(0.01));
 * }</pre>
 */
public class Rprop extends Optimizer<Rprop.Options> {
    /**
     * Rprop hyper-parameters.
     *
     * @param lr initial step size
     * @param etaMinus multiplicative decrease η−
     * @param etaPlus multiplicative increase η+
     * @param stepMin smallest step size
     * @param stepMax largest step size
     * @param maximize maximise the objective
     */
    public record Options(double lr, double etaMinus, double etaPlus, double stepMin, double stepMax,
            boolean maximize) implements Hyperparameters.Maximizing<Options> {
        /** Validates. */
        public Options {
            Checks.nonNegative("Rprop", "lr", lr);
            if (!(0 < etaMinus && etaMinus < 1 && 1 < etaPlus)) {
                throw new IllegalArgumentException("Rprop: invalid etas (" + etaMinus + ", " + etaPlus + "): need 0 < eta- < 1 < eta+");
            }
        }

        /**
         * {@return the defaults with learning rate {@code lr}}
         *
         * @param lr the learning rate (≥ 0)
         */
        public static Options of(double lr) {
            return new Options(lr, 0.5, 1.2, 1e-6, 50, false);
        }

        /**
         * {@return a copy with another etaMinus}
         *
         * @param v the new step-size factor after a sign change, in (0, 1)
         */
        public Options withEtaMinus(double v) {
            return new Options(lr, v, etaPlus, stepMin, stepMax, maximize);
        }

        /**
         * {@return a copy with another etaPlus}
         *
         * @param v the new step-size factor when the sign holds (&gt; 1)
         */
        public Options withEtaPlus(double v) {
            return new Options(lr, etaMinus, v, stepMin, stepMax, maximize);
        }

        /**
         * {@return a copy with another stepMin}
         *
         * @param v the new smallest step size
         */
        public Options withStepMin(double v) {
            return new Options(lr, etaMinus, etaPlus, v, stepMax, maximize);
        }

        /**
         * {@return a copy with another stepMax}
         *
         * @param v the new largest step size
         */
        public Options withStepMax(double v) {
            return new Options(lr, etaMinus, etaPlus, stepMin, v, maximize);
        }
    }

    /**
     * Rprop over one group.
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param options the hyper-parameters of every parameter
     */
    public Rprop(List<Tensor> params, Options options) {
        this(options, ParamGroupSpec.all(params));
    }

    /**
     * Rprop over several groups built from {@code defaults}.
     *
     * @param defaults the hyper-parameters of every group that does not override them
     * @param groups the parameter groups, each with its own overrides of {@code defaults}
     */
    public Rprop(Options defaults, List<ParamGroupSpec> groups) {
        super(defaults, groups);
    }

    @Override
    protected void update(Tensor p, Tensor g, Options o, ParamState state) {
        double etaMinus = o.etaMinus(), etaPlus = o.etaPlus(), stepMin = o.stepMin(), stepMax = o.stepMax();
        double sign = o.maximize() ? -1 : 1;
        Tensor prev = state.buffer("prev", p, 0);         // the previous gradient
        Tensor s = state.buffer("step_size", p, o.lr());   // the per-element step sizes
        Elements.forEachBlock(p.numel(), Elements.each(p, prev, s), Elements.each(g), (len, w, r) -> {
            double[] pb = w[0], prevb = w[1], sb = w[2], gb = r[0];
            for (int i = 0; i < len; i++) {
                double d = sign * gb[i];
                double agree = d * prevb[i];
                double f = agree > 0 ? etaPlus : agree < 0 ? etaMinus : 1;
                sb[i] = Math.min(Math.max(sb[i] * f, stepMin), stepMax);
                if (agree < 0) {
                    d = 0;
                }
                pb[i] -= Math.signum(d) * sb[i];
                prevb[i] = d;
            }
        });
    }
}
