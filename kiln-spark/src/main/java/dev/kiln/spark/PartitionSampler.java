package dev.kiln.spark;

import dev.kiln.data.Sampler;
import dev.kiln.tensor.Generator;

/**
 * The order in which a replica reads its own partition of an RDD: every epoch a fresh permutation
 * of the partition's {@code n} samples, continued with further permutations until the epoch has
 * {@code steps·batch} samples, so that every replica takes the same number of optimiser steps
 * (with {@code steps = ⌈max_r n_r / batch⌉}, the longest partition's; a shorter partition repeats
 * some samples in the epoch, as PyTorch's {@code DistributedSampler} pads).
 */
final class PartitionSampler implements Sampler {
    private final int n;
    private final int length;
    private final Generator generator;

    /**
     * @param n the partition's size (at least 1)
     * @param steps the optimiser steps per epoch, the same on every rank
     * @param batch the replica's batch size
     * @param generator the shuffling generator
     */
    PartitionSampler(int n, int steps, int batch, Generator generator) {
        if (n < 1) {
            throw new IllegalArgumentException("partition sampler: an empty partition cannot feed a replica");
        }
        this.n = n;
        this.length = Math.multiplyExact(steps, batch);
        this.generator = generator;
    }

    /** The steps per epoch for partitions of the given sizes: the longest partition's. */
    static int stepsPerEpoch(int[] partitionSizes, int batch) {
        int max = 0;
        for (int s : partitionSizes) {
            max = Math.max(max, s);
        }
        return (max + batch - 1) / batch;
    }

    @Override
    public int[] epoch() {
        int[] order = new int[length];
        for (int at = 0; at < length; at += n) {
            int[] p = Sampler.permutation(n, generator);
            System.arraycopy(p, 0, order, at, Math.min(n, length - at));
        }
        return order;
    }
}
