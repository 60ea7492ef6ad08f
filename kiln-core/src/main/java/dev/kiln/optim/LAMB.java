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
 * <p>LAMB's settings are RAdam's ({@link RAdam.Options}: lr, β1, β2, eps, weight decay), with LAMB's
 * defaults from {@link #defaults(double)}; its weight decay λ is decoupled, as above.
 *
 * <pre>{@code
 * var opt = new LAMB(model.parameters(), LAMB.defaults(1e-3));
 * }</pre>
 */
public class LAMB extends Optimizer<RAdam.Options> {
    /**
     * {@return LAMB's defaults: β = (0.9, 0.999), eps 1e-6, weight decay 0.01, with learning rate {@code lr}}
     *
     * @param lr the learning rate (≥ 0)
     */
    public static RAdam.Options defaults(double lr) {
        return new RAdam.Options(lr, 0.9, 0.999, 1e-6, 0.01);
    }

    /**
     * LAMB over one group.
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param options the hyper-parameters of every parameter
     */
    public LAMB(List<Tensor> params, RAdam.Options options) {
        this(options, ParamGroupSpec.all(params));
    }

    /**
     * LAMB over several groups built from {@code defaults}.
     *
     * @param defaults the hyper-parameters of every group that does not override them
     * @param groups the parameter groups, each with its own overrides of {@code defaults}
     */
    public LAMB(RAdam.Options defaults, List<ParamGroupSpec> groups) {
        super(defaults, groups);
    }

    @Override
    protected void update(Tensor p, Tensor g, RAdam.Options o, ParamState state) {
        long t = state.step();
        double bc1 = 1 - Math.pow(o.beta1(), t);
        double bc2 = 1 - Math.pow(o.beta2(), t);
        double beta1 = o.beta1(), beta2 = o.beta2(), eps = o.eps(), weightDecay = o.weightDecay();
        Elements m = Elements.of(state.buffer("exp_avg", p, 0));
        Elements v = Elements.of(state.buffer("exp_avg_sq", p, 0));
        // first pass: the moments, and the norms ‖p‖² and ‖u‖² of the parameter and of the update direction
        double[] sums = new double[2];
        Elements.forEachBlock(p.numel(), new Elements[] {m, v}, Elements.each(g, p), (len, w, r) -> {
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
        // second pass: the step, scaled by the trust ratio
        double ratio = sums[0] == 0 || sums[1] == 0 ? 1 : Math.sqrt(sums[0]) / Math.sqrt(sums[1]);
        double scale = o.lr() * ratio;
        Elements.forEachBlock(p.numel(), Elements.each(p), new Elements[] {m, v}, (len, w, r) -> {
            double[] pb = w[0], mb = r[0], vb = r[1];
            for (int i = 0; i < len; i++) {
                pb[i] -= scale * (mb[i] / bc1 / (Math.sqrt(vb[i] / bc2) + eps) + weightDecay * pb[i]);
            }
        });
    }
}
