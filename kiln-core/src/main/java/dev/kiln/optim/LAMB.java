package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * LAMB, layer-wise adaptive moments (You et al., 2020, Algorithm 2): Adam's direction plus
 * decoupled weight decay, scaled per parameter tensor by the trust ratio ‖w‖/‖u‖.
 *
 * <pre>
 *   m ← β1·m + (1−β1)·g,   v ← β2·v + (1−β2)·g²
 *   m̂ = m/(1−β1^t),  v̂ = v/(1−β2^t)
 *   u = m̂/(√v̂ + eps) + λ·w
 *   w ← w − lr·(‖w‖/‖u‖)·u          (ratio 1 when ‖w‖ or ‖u‖ is 0)
 * </pre>
 *
 * <pre>{@code
 * var opt = new LAMB(model.parameters(), LAMB.Options.of(1e-3));
 * }</pre>
 */
public class LAMB extends Optimizer<LAMB.Options> {
    /**
     * LAMB hyper-parameters.
     *
     * @param lr learning rate
     * @param beta1 decay of the first moment
     * @param beta2 decay of the second moment
     * @param eps added to the denominator
     * @param weightDecay λ, decoupled
     */
    public record Options(double lr, double beta1, double beta2, double eps,
            double weightDecay) implements Hyperparameters.Beta1Momentum<Options> {
        /** Validates. */
        public Options {
            Checks.adam("LAMB", lr, beta1, beta2, eps, weightDecay);
        }

        /**
         * {@return β = (0.9, 0.999), eps 1e-6, weight decay 0.01, with learning rate {@code lr}}
         *
         * @param lr the learning rate (≥ 0)
         */
        public static Options of(double lr) {
            return new Options(lr, 0.9, 0.999, 1e-6, 0.01);
        }
    }

    /**
     * LAMB over one group.
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param options the hyper-parameters of every parameter
     */
    public LAMB(List<Tensor> params, Options options) {
        this(options, ParamGroupSpec.all(params));
    }

    /**
     * LAMB over several groups built from {@code defaults}.
     *
     * @param defaults the hyper-parameters of every group that does not override them
     * @param groups the parameter groups, each with its own overrides of {@code defaults}
     */
    public LAMB(Options defaults, List<ParamGroupSpec> groups) {
        super(defaults, groups);
    }

    @Override
    protected void update(Tensor p, Tensor g, Options o, ParamState state) {
        Tensor m = state.buffer("exp_avg", p, 0);
        Tensor v = state.buffer("exp_avg_sq", p, 0);
        long t = state.nextStep();
        update(Elements.of(p), Elements.of(g), Elements.of(m), Elements.of(v), p.numel(), o, t);
    }

    /**
     * The LAMB kernel on one float32 or float64 tensor at step {@code t} (two passes: moments and norms, then the update).
     *
     * @param p the parameter values, updated in place
     * @param g the gradient values
     * @param m the first-moment average, updated in place
     * @param v the second-moment average, updated in place
     * @param n the number of elements updated
     * @param o the optimiser's hyper-parameters
     * @param t the step number, from 1 (for the bias corrections)
     */
    private static void update(Elements p, Elements g, Elements m, Elements v, int n, Options o, long t) {
        double bc1 = 1 - Math.pow(o.beta1(), t);
        double bc2 = 1 - Math.pow(o.beta2(), t);
        double beta1 = o.beta1();
        double beta2 = o.beta2();
        double eps = o.eps();
        double weightDecay = o.weightDecay();
        double[] sums = new double[2];   // ‖p‖², ‖u‖²
        Elements.forEachBlock(n, new Elements[] {m, v}, new Elements[] {g, p}, (len, w, r) -> {
            double[] mb = w[0], vb = w[1], gb = r[0], pb = r[1];
            for (int i = 0; i < len; i++) {
                mb[i] = beta1 * mb[i] + (1 - beta1) * gb[i];
                vb[i] = beta2 * vb[i] + (1 - beta2) * gb[i] * gb[i];
            }
            m.round(len, mb);   // u is computed from the stored moments
            v.round(len, vb);
            double ww = sums[0];
            double uu = sums[1];
            for (int i = 0; i < len; i++) {
                double u = mb[i] / bc1 / (Math.sqrt(vb[i] / bc2) + eps) + weightDecay * pb[i];
                ww += pb[i] * pb[i];
                uu += u * u;
            }
            sums[0] = ww;
            sums[1] = uu;
        });
        double ww = sums[0];
        double uu = sums[1];
        double ratio = ww == 0 || uu == 0 ? 1 : Math.sqrt(ww) / Math.sqrt(uu);
        double scale = o.lr() * ratio;
        Elements.forEachBlock(n, new Elements[] {p}, new Elements[] {m, v}, (len, w, r) -> {
            double[] pb = w[0], mb = r[0], vb = r[1];
            for (int i = 0; i < len; i++) {
                pb[i] -= scale * (mb[i] / bc1 / (Math.sqrt(vb[i] / bc2) + eps) + weightDecay * pb[i]);
            }
        });
    }
}
