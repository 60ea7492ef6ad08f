package dev.kiln.optim;

/**
 * The typed hyper-parameters of one parameter group (a record per algorithm, such as
 * {@link SGD.Options}). Schedulers change {@link #lr()} (and, when cycling momentum,
 * {@link #momentum()}) through the {@code with…} methods, which return a new record.
 *
 * @param <H> the record type itself
 */
public interface Hyperparameters<H extends Hyperparameters<H>> {
    /**
     * {@return the learning rate}
     */
    double lr();

    /**
     * {@return a copy with another learning rate}
     *
     * @param lr the learning rate (≥ 0)
     */
    H withLr(double lr);

    /**
     * {@return the weight decay coefficient (0 for algorithms without one)}
     */
    default double weightDecay() {
        return 0;
    }

    /**
     * {@return a copy with another weight decay; algorithms without weight decay accept only 0}
     *
     * @param weightDecay the L2 penalty coefficient added to the gradient as {@code weightDecay·p} (≥ 0)
     */
    @SuppressWarnings("unchecked")
    default H withWeightDecay(double weightDecay) {
        if (weightDecay != 0) {
            throw new UnsupportedOperationException(getClass().getName() + " has no weight decay");
        }
        return (H) this;
    }

    /**
     * {@return true when the algorithm has a momentum a scheduler may cycle (SGD momentum, Adam β1)}
     */
    default boolean hasMomentum() {
        return false;
    }

    /**
     * {@return the momentum (β1 for the Adam family)}
     */
    default double momentum() {
        throw new UnsupportedOperationException(getClass().getName() + " has no momentum");
    }

    /**
     * {@return a copy with another momentum (β1 for the Adam family)}
     *
     * @param momentum the momentum factor (≥ 0; 0 for none)
     */
    default H withMomentum(double momentum) {
        throw new UnsupportedOperationException(getClass().getName() + " has no momentum");
    }

    /**
     * The hyper-parameters of the Adam family, whose momentum is β1: a scheduler that cycles
     * momentum changes β1.
     *
     * @param <H> the record type itself
     */
    interface Beta1Momentum<H extends Beta1Momentum<H>> extends Hyperparameters<H> {
        /**
         * {@return β1, the decay of the first moment}
         */
        double beta1();

        /**
         * {@return a copy with another β1}
         *
         * @param beta1 the decay rate of the first-moment average, in [0, 1)
         */
        H withBeta1(double beta1);

        @Override
        default boolean hasMomentum() {
            return true;
        }

        @Override
        default double momentum() {
            return beta1();
        }

        @Override
        default H withMomentum(double momentum) {
            return withBeta1(momentum);
        }
    }
}
