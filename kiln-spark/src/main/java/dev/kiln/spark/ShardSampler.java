package dev.kiln.spark;

import dev.kiln.data.Sampler;
import dev.kiln.tensor.Generator;
import java.util.Arrays;

/**
 * The sampler of one replica in data-parallel training. Every replica draws the same permutation
 * of the {@code n} samples each epoch (the same generator seed on every rank), cuts it into global
 * batches of {@code worldSize × localBatch} samples, and keeps its own slice of each: rank
 * {@code r} gets samples {@code [r·m/N, (r+1)·m/N)} of a global batch of {@code m} samples. So N
 * replicas with batch B visit exactly the samples one process with batch N·B would, batch by
 * batch; with the gradients averaged (weighted by the slices' sizes) each step equals that
 * process's step.
 *
 * <p>A last global batch smaller than N samples cannot give every replica a sample and is
 * dropped (all replicas must take the same number of steps).
 */
public final class ShardSampler implements Sampler {
    private final int n;
    private final int rank;
    private final int worldSize;
    private final int localBatch;
    private final Generator generator;

    /**
     * @param n the data set's size
     * @param rank this replica's rank in [0, worldSize)
     * @param worldSize the number of replicas N
     * @param localBatch the batch size B of each replica
     * @param generator the shuffling generator, seeded alike on every rank
     */
    public ShardSampler(int n, int rank, int worldSize, int localBatch, Generator generator) {
        if (worldSize < 1 || rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("shard sampler: rank " + rank + " is outside 0.." + (worldSize - 1));
        }
        if (localBatch < 1) {
            throw new IllegalArgumentException("shard sampler: the batch size must be at least 1, got " + localBatch);
        }
        if (n < worldSize) {
            throw new IllegalArgumentException("shard sampler: " + n + " samples cannot feed " + worldSize + " replicas");
        }
        this.n = n;
        this.rank = rank;
        this.worldSize = worldSize;
        this.localBatch = localBatch;
        this.generator = generator;
    }

    /** The optimiser steps per epoch of {@code worldSize} replicas with batch {@code localBatch} on {@code n} samples (the same on every rank). */
    public static int stepsPerEpoch(int n, int worldSize, int localBatch) {
        int global = worldSize * localBatch;
        int steps = n / global;
        return n % global >= worldSize ? steps + 1 : steps;
    }

    @Override
    public int[] epoch() {
        int[] order = Sampler.permutation(n, generator);
        int global = worldSize * localBatch;
        int[] mine = new int[n];
        int count = 0;
        for (int start = 0; start < n; start += global) {
            int m = Math.min(global, n - start);
            if (m < worldSize) {
                break;
            }
            int lo = start + (int) ((long) rank * m / worldSize);
            int hi = start + (int) ((long) (rank + 1) * m / worldSize);
            System.arraycopy(order, lo, mine, count, hi - lo);
            count += hi - lo;
        }
        return Arrays.copyOf(mine, count);
    }
}
