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
    /** AdamW's defaults: Adam's with weight decay 0.01. */
    public static Options defaults(double lr) {
        return Options.of(lr).withWeightDecay(0.01);
    }

    /** AdamW over one group. */
    public AdamW(List<Tensor> params, Options options) {
        super(params, options, true);
    }

    /** AdamW over several groups built from {@code defaults}. */
    public AdamW(Options defaults, List<ParamGroupSpec> groups) {
        super(defaults, groups, true);
    }
}
