package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * A parameter group to be created with the optimiser's default hyper-parameters, optionally
 * overriding the two options every algorithm understands.
 *
 * @param params the parameters
 * @param lr the learning rate, or null for the default
 * @param weightDecay the weight decay, or null for the default
 */
public record ParamGroupSpec(List<Tensor> params, Double lr, Double weightDecay) {
    /** Validates and copies the list. */
    public ParamGroupSpec {
        params = List.copyOf(params);
    }

    /**
     * {@return a group with the defaults}
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     */
    public static ParamGroupSpec of(List<Tensor> params) {
        return new ParamGroupSpec(params, null, null);
    }

    /**
     * {@return the one group of {@code params} with the defaults, as a list of groups: an optimiser's
     * constructor over a list of parameters is its constructor over this list of groups}
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     */
    public static List<ParamGroupSpec> all(List<Tensor> params) {
        return List.of(of(params));
    }

    /**
     * Applies the overrides to {@code defaults}.
     *
     * @param defaults the optimiser's defaults this group's overrides are applied to
     * @param <H> the optimiser's hyper-parameter type
     * @return a copy of {@code defaults} with this group's overrides
     */
    public <H extends Hyperparameters<H>> H apply(H defaults) {
        H h = defaults;
        if (lr != null) {
            h = h.withLr(lr);
        }
        if (weightDecay != null) {
            h = h.withWeightDecay(weightDecay);
        }
        return h;
    }
}
