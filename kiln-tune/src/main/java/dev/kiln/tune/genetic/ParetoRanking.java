package dev.kiln.tune.genetic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Pareto ranking for minimisation, as in NSGA-II (K. Deb et al., "A fast and elitist multiobjective
 * genetic algorithm: NSGA-II", IEEE TEC 6(2), 2002).
 * <ul>
 *   <li>a dominates b iff a_k ≤ b_k for every objective k and a_k &lt; b_k for at least one;</li>
 *   <li>fast non-dominated sorting: front 0 holds the points no one dominates, front r+1 those dominated
 *       only by points of fronts ≤ r;</li>
 *   <li>crowding distance within a front: Σ_k (f_k(next) − f_k(previous))/(max f_k − min f_k) over the
 *       front sorted by f_k, +∞ at both ends.</li>
 * </ul>
 */
public final class ParetoRanking {
    private ParetoRanking() {}

    /** Whether {@code a} Pareto-dominates {@code b} (minimisation). */
    public static boolean dominates(double[] a, double[] b) {
        boolean strictly = false;
        for (int k = 0; k < a.length; k++) {
            if (a[k] > b[k]) {
                return false;
            }
            if (a[k] < b[k]) {
                strictly = true;
            }
        }
        return strictly;
    }

    /**
     * Deb's constrained domination: a feasible point (violation 0) dominates an infeasible one, of two
     * infeasible points the one with the smaller total violation dominates, and two feasible points
     * compare by Pareto dominance.
     */
    public static boolean constrainedDominates(double[] a, double violationA, double[] b, double violationB) {
        if (violationA == 0 && violationB == 0) {
            return dominates(a, b);
        }
        return violationA < violationB;
    }

    /** The non-dominated fronts of the points (indices into {@code objectives}), best front first. */
    public static List<int[]> fronts(double[][] objectives) {
        return fronts(objectives, new double[objectives.length]);
    }

    /**
     * The fronts under {@link #constrainedDominates}, with {@code violation[i]} ≥ 0 the total constraint
     * violation of point i (0 when feasible).
     */
    public static List<int[]> fronts(double[][] objectives, double[] violation) {
        int n = objectives.length;
        int[] dominatedBy = new int[n];
        List<List<Integer>> dominates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            dominates.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (constrainedDominates(objectives[i], violation[i], objectives[j], violation[j])) {
                    dominates.get(i).add(j);
                    dominatedBy[j]++;
                } else if (constrainedDominates(objectives[j], violation[j], objectives[i], violation[i])) {
                    dominates.get(j).add(i);
                    dominatedBy[i]++;
                }
            }
        }
        List<int[]> fronts = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (dominatedBy[i] == 0) {
                current.add(i);
            }
        }
        while (!current.isEmpty()) {
            fronts.add(current.stream().mapToInt(Integer::intValue).toArray());
            List<Integer> next = new ArrayList<>();
            for (int i : current) {
                for (int j : dominates.get(i)) {
                    if (--dominatedBy[j] == 0) {
                        next.add(j);
                    }
                }
            }
            current = next;
        }
        return fronts;
    }

    /** The crowding distance of each member of {@code front} (same order as {@code front}). */
    public static double[] crowdingDistance(double[][] objectives, int[] front) {
        int m = front.length;
        double[] distance = new double[m];
        if (m == 0) {
            return distance;
        }
        int objectivesCount = objectives[front[0]].length;
        Integer[] order = new Integer[m];
        for (int k = 0; k < objectivesCount; k++) {
            for (int i = 0; i < m; i++) {
                order[i] = i;
            }
            final int kk = k;
            Arrays.sort(order, Comparator.comparingDouble(i -> objectives[front[i]][kk]));
            double min = objectives[front[order[0]]][k];
            double max = objectives[front[order[m - 1]]][k];
            distance[order[0]] = Double.POSITIVE_INFINITY;
            distance[order[m - 1]] = Double.POSITIVE_INFINITY;
            if (max - min <= 0 || !Double.isFinite(max - min)) {
                continue;
            }
            for (int i = 1; i < m - 1; i++) {
                distance[order[i]] += (objectives[front[order[i + 1]]][k] - objectives[front[order[i - 1]]][k])
                        / (max - min);
            }
        }
        return distance;
    }

    /**
     * NSGA-II's environmental selection: the indices of the {@code count} survivors, taken front by front,
     * the last front that does not fit whole by decreasing crowding distance (ties by index).
     * Also fills {@code rank} and {@code crowding} (indexed like {@code objectives}) when not null.
     * {@code violation} as in {@link #fronts(double[][], double[])}.
     */
    public static int[] select(double[][] objectives, double[] violation, int count, int[] rank, double[] crowding) {
        List<int[]> fronts = fronts(objectives, violation);
        int[] chosen = new int[Math.min(count, objectives.length)];
        int filled = 0;
        for (int r = 0; r < fronts.size(); r++) {
            int[] front = fronts.get(r);
            double[] dist = crowdingDistance(objectives, front);
            for (int i = 0; i < front.length; i++) {
                if (rank != null) {
                    rank[front[i]] = r;
                }
                if (crowding != null) {
                    crowding[front[i]] = dist[i];
                }
            }
            if (filled >= chosen.length) {
                continue;
            }
            if (filled + front.length <= chosen.length) {
                System.arraycopy(front, 0, chosen, filled, front.length);
                filled += front.length;
            } else {
                Integer[] order = new Integer[front.length];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -dist[i]).thenComparingInt(i -> front[i]));
                for (int i = 0; filled < chosen.length; i++) {
                    chosen[filled++] = front[order[i]];
                }
            }
        }
        return chosen;
    }
}
