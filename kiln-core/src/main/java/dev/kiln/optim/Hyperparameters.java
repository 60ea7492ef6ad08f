package dev.kiln.optim;

import dev.kiln.internal.Records;

/**
 * The typed hyper-parameters of one parameter group (a record per algorithm, such as
 * {@link SGD.Options}). Schedulers change {@link #lr()} (and, when cycling momentum,
 * {@link #momentum()}) through the {@code with…} methods, which return a new record.
 *
 * <p>The {@code with…} methods of the settings several algorithms share are written once, here and
 * in the sub-interfaces ({@link Momentum}, {@link Maximizing}, {@link Epsilon}, {@link Beta1Momentum}): each copies
 * the record with the one component of that name replaced, through the record's canonical
 * constructor, so the copy is validated as a new record is. An algorithm's record implements the
 * sub-interfaces of the settings it has and declares {@code with…} methods only for its own.
 *
 * @param <H> the record type itself, which has a component {@code lr}
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
    @SuppressWarnings("unchecked")
    default H withLr(double lr) {
        return Records.with((H) this, "lr", lr);
    }

    /**
     * {@return the weight decay coefficient (0 for algorithms without one)}
     */
    default double weightDecay() {
        return 0;
    }

    /**
     * {@return a copy with another weight decay; algorithms without a {@code weightDecay} component accept only 0}
     *
     * @param weightDecay the L2 penalty coefficient added to the gradient as {@code weightDecay·p} (≥ 0)
     */
    @SuppressWarnings("unchecked")
    default H withWeightDecay(double weightDecay) {
        if (Records.has(this, "weightDecay")) {
            return Records.with((H) this, "weightDecay", weightDecay);
        }
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
     * The hyper-parameters of an algorithm with a heavy-ball momentum (SGD, RMSprop, LARS), which a
     * scheduler may cycle.
     *
     * @param <H> the record type itself, which has a component {@code momentum}
     */
    interface Momentum<H extends Momentum<H>> extends Hyperparameters<H> {
        @Override
        default boolean hasMomentum() {
            return true;
        }

        @Override
        double momentum();

        @Override
        @SuppressWarnings("unchecked")
        default H withMomentum(double momentum) {
            return Records.with((H) this, "momentum", momentum);
        }
    }

    /**
     * The hyper-parameters of an algorithm that can maximise its objective instead of minimising it
     * (it negates the gradient).
     *
     * @param <H> the record type itself, which has a component {@code maximize}
     */
    interface Maximizing<H extends Maximizing<H>> extends Hyperparameters<H> {
        /**
         * {@return true when the objective is maximised}
         */
        boolean maximize();

        /**
         * {@return a copy that maximises (or minimises)}
         *
         * @param maximize true to maximise the objective instead of minimising it
         */
        @SuppressWarnings("unchecked")
        default H withMaximize(boolean maximize) {
            return Records.with((H) this, "maximize", maximize);
        }
    }

    /**
     * The hyper-parameters of an algorithm that adds {@code eps} to a denominator for numerical
     * stability (Adagrad, Adadelta, RMSprop, LARS's trust ratio and the Adam family).
     *
     * @param <H> the record type itself, which has a component {@code eps}
     */
    interface Epsilon<H extends Epsilon<H>> extends Hyperparameters<H> {
        /**
         * {@return the term added to the denominator}
         */
        double eps();

        /**
         * {@return a copy with another eps}
         *
         * @param eps the stability term added to the denominator (≥ 0)
         */
        @SuppressWarnings("unchecked")
        default H withEps(double eps) {
            return Records.with((H) this, "eps", eps);
        }
    }

    /**
     * The hyper-parameters of the Adam family (Adam, AdamW, Adamax, NAdam, RAdam, LAMB): the decay
     * rates β1 and β2 of the first and second moments (and, as {@link Epsilon}, the {@code eps} added
     * to the denominator). Their momentum is β1: a scheduler that cycles momentum changes β1.
     *
     * @param <H> the record type itself, which has components {@code beta1}, {@code beta2} and {@code eps}
     */
    interface Beta1Momentum<H extends Beta1Momentum<H>> extends Epsilon<H> {
        /**
         * {@return β1, the decay of the first moment}
         */
        double beta1();

        /**
         * {@return β2, the decay of the second moment}
         */
        double beta2();

        /**
         * {@return a copy with another β1}
         *
         * @param beta1 the decay rate of the first-moment average, in [0, 1)
         */
        @SuppressWarnings("unchecked")
        default H withBeta1(double beta1) {
            return Records.with((H) this, "beta1", beta1);
        }

        /**
         * {@return a copy with another β2}
         *
         * @param beta2 the decay rate of the second-moment average, in [0, 1)
         */
        @SuppressWarnings("unchecked")
        default H withBeta2(double beta2) {
            return Records.with((H) this, "beta2", beta2);
        }

        /**
         * {@return a copy with other betas}
         *
         * @param beta1 the decay rate of the first-moment average, in [0, 1)
         * @param beta2 the decay rate of the second-moment average, in [0, 1)
         */
        default H withBetas(double beta1, double beta2) {
            return withBeta1(beta1).withBeta2(beta2);
        }

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
