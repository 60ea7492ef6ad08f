package dev.kiln.spark;

import java.io.Serializable;

/**
 * A single-objective function evaluated on an executor. It is serialised to the executors with
 * each trial, so it should hold only a description (data path, fixed options) and load what it
 * needs when called. Throwing {@link dev.kiln.tune.TrialPrunedException} marks the trial PRUNED;
 * any other exception, once Spark's task retries are used up, marks it FAIL.
 */
@FunctionalInterface
public interface RemoteObjective extends Serializable {
    /** Evaluates one trial with the parameters the driver chose. */
    RemoteResult evaluate(RemoteTrial trial) throws Exception;
}
