package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * AdamW (Loshchilov &amp; Hutter, 2019): Adam with decoupled weight decay. The parameter is first
 * shrunk, {@code p ← p·(1 − lr·weight_decay)}, and the gradient is left alone; the rest is
 * {@link Adam}'s update (see its formula).
 *
 * <pre>{@code
 * var opt = new AdamW(model.parameters(), AdamW.defaults(1e-3));   // weight_decay 0.01
 * }</pre>
 */
public class AdamW extends Adam {
    /**
     * {@return AdamW's defaults: Adam's with weight decay 0.01}
     *
     * @param lr the learning rate (≥ 0)
     */
    public static Options defaults(double lr) {
        return Options.of(lr).withWeightDecay(0.01);
    }

    /**
     * AdamW over one group.
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param options the hyper-parameters of every parameter
     */
    public AdamW(List<Tensor> params, Options options) {
        this(options, ParamGroupSpec.all(params));
    }

    /**
     * AdamW over several groups built from {@code defaults}.
     *
     * @param defaults the hyper-parameters of every group that does not override them
     * @param groups the parameter groups, each with its own overrides of {@code defaults}
     */
    public AdamW(Options defaults, List<ParamGroupSpec> groups) {
        super(defaults, groups, true);
    }
}
