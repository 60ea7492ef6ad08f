package dev.kiln.data;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Train/validation/test splits: random (like {@code random_split}) and stratified by class. */
public final class Splits {
    private Splits() {
    }

    /**
     * Splits a data set into random, non-overlapping subsets of the given fractions (summing to 1;
     * the remainder of rounding goes to the earlier subsets, as PyTorch does).
     *
     * @param dataset the data set
     * @param fractions the share of each subset, summing to 1
     * @param g draws the shuffle
     * @return one subset per fraction
     */
    public static List<Subset> randomSplit(Dataset dataset, double[] fractions, Generator g) {
        int n = dataset.size();
        int[] lengths = lengths(n, fractions);
        int[] perm = Sampler.permutation(n, g);
        List<Subset> out = new ArrayList<>();
        int start = 0;
        for (int len : lengths) {
            out.add(new Subset(dataset, java.util.Arrays.copyOfRange(perm, start, start + len)));
            start += len;
        }
        return out;
    }

    /**
     * Splits so that each subset keeps the class proportions of {@code labels} (int64, one per
     * sample): each class is shuffled and cut by the fractions separately.
     *
     * @param dataset the data set
     * @param labels the class of each sample (int64, N)
     * @param fractions the share of each subset, summing to 1
     * @param g draws the shuffles
     * @return one subset per fraction
     */
    public static List<Subset> stratified(Dataset dataset, Tensor labels, double[] fractions, Generator g) {
        long[] y = labels.toLongArray();
        if (y.length != dataset.size()) {
            throw new IllegalArgumentException("stratified: " + y.length + " labels for a data set of " + dataset.size());
        }
        Map<Long, List<Integer>> byClass = new LinkedHashMap<>();
        for (int i = 0; i < y.length; i++) {
            byClass.computeIfAbsent(y[i], k -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> parts = new ArrayList<>();
        for (int k = 0; k < fractions.length; k++) {
            parts.add(new ArrayList<>());
        }
        for (List<Integer> members : new java.util.TreeMap<>(byClass).values()) {
            int[] perm = Sampler.permutation(members.size(), g);
            int[] lengths = lengths(members.size(), fractions);
            int start = 0;
            for (int k = 0; k < lengths.length; k++) {
                for (int i = start; i < start + lengths[k]; i++) {
                    parts.get(k).add(members.get(perm[i]));
                }
                start += lengths[k];
            }
        }
        List<Subset> out = new ArrayList<>();
        for (List<Integer> p : parts) {
            int[] idx = p.stream().mapToInt(Integer::intValue).toArray();
            int[] shuffle = Sampler.permutation(idx.length, g);
            int[] ordered = new int[idx.length];
            for (int i = 0; i < idx.length; i++) {
                ordered[i] = idx[shuffle[i]];
            }
            out.add(new Subset(dataset, ordered));
        }
        return out;
    }

    private static int[] lengths(int n, double[] fractions) {
        double total = 0;
        for (double f : fractions) {
            if (!(f >= 0)) {
                throw new IllegalArgumentException("split: fractions must be non-negative, got " + f);
            }
            total += f;
        }
        if (Math.abs(total - 1) > 1e-6) {
            throw new IllegalArgumentException("split: fractions must sum to 1, got " + total);
        }
        int[] lengths = new int[fractions.length];
        int assigned = 0;
        for (int i = 0; i < fractions.length; i++) {
            lengths[i] = (int) Math.floor(n * fractions[i]);
            assigned += lengths[i];
        }
        for (int i = 0; assigned < n; i = (i + 1) % fractions.length) {
            lengths[i]++;
            assigned++;
        }
        return lengths;
    }

    /**
     * Materialises a subset of a tensor data set as a new TensorDataset (rows copied).
     *
     * @param subset a subset of a TensorDataset
     * @return its rows as a new TensorDataset
     */
    public static TensorDataset materialize(Subset subset) {
        if (!(subset.source() instanceof TensorDataset td)) {
            throw new IllegalArgumentException("materialize: the subset's source is not a TensorDataset");
        }
        Batch rows = td.rows(subset.indices());
        return new TensorDataset(rows.inputs(), rows.targets());
    }
}
