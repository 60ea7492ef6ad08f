package dev.kiln.optim.lr;

/**
 * A learning rate as a closed-form function of the global step (the TensorFlow-style decays:
 * {@link ExponentialDecay}, {@link PiecewiseConstantDecay}, {@link PolynomialDecay},
 * {@link NaturalExpDecay}, {@link InverseTimeDecay}, {@link CosineDecay},
 * {@link CosineDecayRestarts}, {@link LinearCosineDecay}, {@link NoisyLinearCosineDecay}).
 * Drive an optimiser with {@link ScheduleLR}; put a warm-up in front with {@link #withWarmup(long)}.
 *
 * <pre>{@code
 * DecaySchedule s = new CosineDecay(0.1, 1000, 0.0).withWarmup(100);
 * double lr = s.lr(step);
 * }</pre>
 */
@FunctionalInterface
public interface DecaySchedule {
    /**
     * The learning rate at global step {@code step} (≥ 0).
     *
     * @param step the global step, from 0
     * @return the learning rate
     */
    double lr(long step);

    /**
     * This schedule preceded by a linear warm-up of {@code warmupSteps} steps (see {@link LinearWarmup}).
     *
     * @param warmupSteps steps of the linear rise from 0 to this schedule's first value
     * @return the schedule with warm-up
     */
    default DecaySchedule withWarmup(long warmupSteps) {
        return new LinearWarmup(warmupSteps, this);
    }

    /**
     * The exponent {@code p} of {@link ExponentialDecay}, {@link NaturalExpDecay} and
     * {@link InverseTimeDecay} at step {@code s}: continuous, or floored so that the learning rate
     * falls in jumps (TensorFlow's {@code staircase=True}).
     */
    enum Exponent {
        /** {@code p = s / decaySteps}: the learning rate falls a little at every step. */
        CONTINUOUS,
        /** {@code p = floor(s / decaySteps)}: the learning rate falls once every {@code decaySteps} steps. */
        STAIRCASE;

        /**
         * {@return the exponent p at {@code step}}
         *
         * @param step the global step
         * @param decaySteps the steps per decay period
         */
        double at(long step, long decaySteps) {
            double p = (double) step / decaySteps;
            return this == STAIRCASE ? Math.floor(p) : p;
        }
    }
}
