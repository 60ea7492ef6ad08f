package dev.kiln.tune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hypervolume of a set of points (losses, smaller is better) with respect to a reference point,
 * by dimension sweep, and the greedy hypervolume subset selection used by multi-objective TPE.
 */
public final class Hypervolume {
    private Hypervolume() {
    }

    /**
     * The volume of the region dominated by {@code points} and bounded by {@code reference}, i.e.
     * the measure of ∪ₚ [p, reference]. Points not below the reference in every coordinate add nothing.
     */
    public static double compute(double[][] points, double[] reference) {
        List<double[]> kept = new ArrayList<>();
        for (double[] p : points) {
            boolean inside = true;
            for (int j = 0; j < reference.length; j++) {
                inside &= p[j] < reference[j];
            }
            if (inside) {
                kept.add(p);
            }
        }
        return sweep(kept.toArray(double[][]::new), reference, reference.length);
    }

    private static double sweep(double[][] pts, double[] ref, int d) {
        if (pts.length == 0) {
            return 0;
        }
        if (d == 1) {
            double min = Double.POSITIVE_INFINITY;
            for (double[] p : pts) {
                min = Math.min(min, p[0]);
            }
            return ref[0] - min;
        }
        double[][] sorted = pts.clone();
        Arrays.sort(sorted, (a, b) -> Double.compare(a[d - 1], b[d - 1]));
        double volume = 0;
        for (int i = 0; i < sorted.length; i++) {
            double next = i + 1 < sorted.length ? sorted[i + 1][d - 1] : ref[d - 1];
            double height = next - sorted[i][d - 1];
            if (height > 0) {
                volume += height * sweep(Arrays.copyOf(sorted, i + 1), ref, d - 1);
            }
        }
        return volume;
    }

    /**
     * Greedily picks {@code k} of {@code points}, each time the one adding the most hypervolume to
     * those already picked; returns their indices in order of choice.
     */
    public static int[] greedySubset(double[][] points, int k, double[] reference) {
        int n = points.length;
        boolean[] taken = new boolean[n];
        List<double[]> chosen = new ArrayList<>();
        int[] out = new int[Math.min(k, n)];
        double base = 0;
        for (int s = 0; s < out.length; s++) {
            int best = -1;
            double bestGain = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                if (taken[i]) {
                    continue;
                }
                chosen.add(points[i]);
                double gain = compute(chosen.toArray(double[][]::new), reference) - base;
                chosen.removeLast();
                if (gain > bestGain) {
                    bestGain = gain;
                    best = i;
                }
            }
            taken[best] = true;
            chosen.add(points[best]);
            base += bestGain;
            out[s] = best;
        }
        return out;
    }

    /**
     * The non-domination rank of each row of {@code losses} (0 = Pareto front, 1 = front once rank 0
     * is removed, …), by repeated front peeling.
     */
    public static int[] nonDominationRanks(double[][] losses) {
        int n = losses.length;
        int[] rank = new int[n];
        Arrays.fill(rank, -1);
        int assigned = 0;
        for (int r = 0; assigned < n; r++) {
            List<Integer> front = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (rank[i] >= 0) {
                    continue;
                }
                boolean dominated = false;
                for (int j = 0; j < n && !dominated; j++) {
                    if (j != i && rank[j] < 0 && dominatesLoss(losses[j], losses[i])) {
                        dominated = true;
                    }
                }
                if (!dominated) {
                    front.add(i);
                }
            }
            for (int i : front) {
                rank[i] = r;
            }
            assigned += front.size();
        }
        return rank;
    }

    /** True when loss vector a dominates b (≤ everywhere, &lt; somewhere). */
    static boolean dominatesLoss(double[] a, double[] b) {
        boolean strictly = false;
        for (int j = 0; j < a.length; j++) {
            if (a[j] > b[j]) {
                return false;
            }
            if (a[j] < b[j]) {
                strictly = true;
            }
        }
        return strictly;
    }
}
