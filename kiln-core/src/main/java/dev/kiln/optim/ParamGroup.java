package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.List;

/**
 * Parameters that share hyper-parameters inside an {@link Optimizer}.
 *
 * @param <H> the algorithm's hyper-parameter record
 */
public final class ParamGroup<H extends Hyperparameters<H>> {
    private final List<Tensor> params;
    private H options;
    private double initialLr = Double.NaN;

    /**
     * A group of {@code params} with {@code options}.
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param options the group's hyper-parameters
     */
    public ParamGroup(List<Tensor> params, H options) {
        this.params = List.copyOf(params);
        this.options = options;
    }

    /**
     * {@return the parameters (unmodifiable)}
     */
    public List<Tensor> params() {
        return params;
    }

    /**
     * {@return the current hyper-parameters}
     */
    public H options() {
        return options;
    }

    /**
     * Replaces the hyper-parameters.
     *
     * @param options the group's hyper-parameters
     */
    public void setOptions(H options) {
        this.options = options;
    }

    /**
     * {@return the current learning rate}
     */
    public double lr() {
        return options.lr();
    }

    /**
     * Sets the learning rate.
     *
     * @param lr the learning rate (≥ 0)
     */
    public void setLr(double lr) {
        options = options.withLr(lr);
    }

    /**
     * {@return the current momentum (β1 for the Adam family)}
     */
    public double momentum() {
        return options.momentum();
    }

    /**
     * Sets the momentum (β1 for the Adam family).
     *
     * @param momentum the momentum factor (≥ 0; 0 for none)
     */
    public void setMomentum(double momentum) {
        options = options.withMomentum(momentum);
    }

    /**
     * {@return the learning rate the first scheduler found (NaN until one is attached): its base lr}
     */
    public double initialLr() {
        return initialLr;
    }

    /**
     * Records the base learning rate for schedulers.
     *
     * @param lr the learning rate (≥ 0)
     */
    public void setInitialLr(double lr) {
        initialLr = lr;
    }
}
