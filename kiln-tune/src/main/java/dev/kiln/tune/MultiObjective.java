package dev.kiln.tune;

/** A multi-objective function of a trial: one value per study direction. */
@FunctionalInterface
public interface MultiObjective {
    /** Evaluates one trial; see {@link Objective#evaluate}. */
    double[] evaluate(Trial trial) throws Exception;
}
