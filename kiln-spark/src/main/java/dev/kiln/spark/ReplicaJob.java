package dev.kiln.spark;

import java.io.Serializable;

/**
 * Builds one replica of a data-parallel run, inside its Spark task. It is serialised to the
 * executors, so it should hold only what describes the run (options, paths, seeds) and build the
 * model and read the data when called. Every replica must build the same architecture, the same
 * optimiser and schedule, and the same training data set (each replica reads only its shard of it,
 * see {@link ShardSampler}); the initial weights are made identical by broadcasting rank 0's.
 */
@FunctionalInterface
public interface ReplicaJob extends Serializable {
    /** Builds the replica of {@code context.rank()}. */
    Replica build(ReplicaContext context) throws Exception;
}
