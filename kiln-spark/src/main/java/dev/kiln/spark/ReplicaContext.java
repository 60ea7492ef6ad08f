package dev.kiln.spark;

import java.io.Serializable;

/**
 * Where a replica runs: its rank in [0, worldSize), the number of replicas, and which attempt of
 * the run this is (0 first, then 1, 2 … after restarts from the last checkpoint).
 */
public record ReplicaContext(int rank, int worldSize, int attempt) implements Serializable {
    /** Whether this is rank 0, the replica that validates, logs and writes the checkpoints. */
    public boolean isLeader() {
        return rank == 0;
    }
}
