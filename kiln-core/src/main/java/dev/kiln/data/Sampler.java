package dev.kiln.data;

import dev.kiln.tensor.Generator;

/**
 * Chooses the order in which a data loader visits sample indices, one epoch at a time.
 * Implementations: {@link #sequential}, {@link #random}, {@link #weighted}, {@link #subsetRandom}.
 */
public interface Sampler {
    /**
     * The indices of one epoch, in visiting order.
     *
     * @return the indices to visit this epoch
     */
    int[] epoch();

    /**
     * 0, 1, …, n−1 every epoch.
     *
     * @param n the data set's size
     * @return the sampler
     */
    static Sampler sequential(int n) {
        return () -> {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            return order;
        };
    }

    /**
     * A fresh uniform permutation of 0…n−1 each epoch (Fisher–Yates), drawn from {@code g}.
     *
     * @param n the data set's size
     * @param g draws the permutations
     * @return the sampler
     */
    static Sampler random(int n, Generator g) {
        return () -> permutation(n, g);
    }

    /**
     * A uniform permutation of 0…n−1 (Fisher–Yates).
     *
     * @param n the number of indices
     * @param g draws the permutation
     * @return a permutation of 0…n−1
     */
    static int[] permutation(int n, Generator g) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = (int) g.nextLong(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /**
     * The given indices in a fresh random order each epoch.
     *
     * @param indices the indices to visit
     * @param g draws the orders
     * @return the sampler
     */
    static Sampler subsetRandom(int[] indices, Generator g) {
        int[] copy = indices.clone();
        return () -> {
            int[] p = permutation(copy.length, g);
            int[] out = new int[copy.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = copy[p[i]];
            }
            return out;
        };
    }

    /**
     * {@code numSamples} indices drawn with probability proportional to {@code weights}, with or
     * without replacement (like {@code WeightedRandomSampler}), e.g. to balance classes.
     *
     * @param weights a non-negative weight per sample
     * @param numSamples indices per epoch
     * @param replacement whether an index may be drawn more than once per epoch
     * @param g draws the indices
     * @return the sampler
     */
    static Sampler weighted(double[] weights, int numSamples, boolean replacement, Generator g) {
        double total = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weighted sampler: weights must be finite and non-negative, found " + w);
            }
            total += w;
        }
        if (total <= 0) {
            throw new IllegalArgumentException("weighted sampler: the weights sum to zero");
        }
        if (!replacement && numSamples > weights.length) {
            throw new IllegalArgumentException("weighted sampler: cannot draw " + numSamples + " samples without replacement from "
                    + weights.length);
        }
        double[] w = weights.clone();
        return () -> {
            double[] remaining = w.clone();
            int[] out = new int[numSamples];
            for (int s = 0; s < numSamples; s++) {
                double sum = 0;
                for (double v : remaining) {
                    sum += v;
                }
                double u = g.nextDouble() * sum;
                int pick = remaining.length - 1;
                double acc = 0;
                for (int i = 0; i < remaining.length; i++) {
                    acc += remaining[i];
                    if (u < acc && remaining[i] > 0) {
                        pick = i;
                        break;
                    }
                }
                out[s] = pick;
                if (!replacement) {
                    remaining[pick] = 0;
                }
            }
            return out;
        };
    }
}
