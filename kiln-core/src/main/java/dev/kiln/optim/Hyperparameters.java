package dev.kiln.optim;

/**
 * The typed hyper-parameters of one parameter group (a record per algorithm, such as
 * {@link SGD.Options}). Schedulers change {@link #lr()} (and, when cycling momentum,
 * {@link #momentum()}) through the {@code with…} methods, which return a new record.
 *
 * @param <H> the record type itself
 */
public interface Hyperparameters<H extends Hyperparameters<H>> {
    /** The learning rate. */
    double lr();

    /** A copy with another learning rate. */
    H withLr(double lr);

    /** The weight decay coefficient (0 for algorithms without one). */
    default double weightDecay() {
        return 0;
    }

    /** A copy with another weight decay; algorithms without weight decay accept only 0. */
    @SuppressWarnings("unchecked")
    default H withWeightDecay(double weightDecay) {
        if (weightDecay != 0) {
            throw new UnsupportedOperationException(getClass().getName() + " has no weight decay");
        }
        return (H) this;
    }

    /** True when the algorithm has a momentum a scheduler may cycle (SGD momentum, Adam β1). */
    default boolean hasMomentum() {
        return false;
    }

    /** The momentum (β1 for the Adam family). */
    default double momentum() {
        throw new UnsupportedOperationException(getClass().getName() + " has no momentum");
    }

    /** A copy with another momentum (β1 for the Adam family). */
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
        /** β1, the decay of the first moment. */
        double beta1();

        /** A copy with another β1. */
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
