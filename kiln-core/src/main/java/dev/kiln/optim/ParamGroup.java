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

    /** A group of {@code params} with {@code options}. */
    public ParamGroup(List<Tensor> params, H options) {
        this.params = List.copyOf(params);
        this.options = options;
    }

    /** The parameters (unmodifiable). */
    public List<Tensor> params() {
        return params;
    }

    /** The current hyper-parameters. */
    public H options() {
        return options;
    }

    /** Replaces the hyper-parameters. */
    public void setOptions(H options) {
        this.options = options;
    }

    /** The current learning rate. */
    public double lr() {
        return options.lr();
    }

    /** Sets the learning rate. */
    public void setLr(double lr) {
        options = options.withLr(lr);
    }

    /** The current momentum (β1 for the Adam family). */
    public double momentum() {
        return options.momentum();
    }

    /** Sets the momentum (β1 for the Adam family). */
    public void setMomentum(double momentum) {
        options = options.withMomentum(momentum);
    }

    /** The learning rate the first scheduler found (NaN until one is attached): its base lr. */
    public double initialLr() {
        return initialLr;
    }

    /** Records the base learning rate for schedulers. */
    public void setInitialLr(double lr) {
        initialLr = lr;
    }
}
