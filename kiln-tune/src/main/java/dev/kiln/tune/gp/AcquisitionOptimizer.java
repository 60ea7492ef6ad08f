package dev.kiln.tune.gp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Maximises an {@link Acquisition} over a {@link SearchBox} from many starts, as Optuna's
 * {@code optimize_acqf_mixed}:
 * <ol>
 *   <li>evaluate a(x) on the given candidates (e.g. 2048 QMC points);</li>
 *   <li>start local searches from the best candidate, from {@code localSearches − 1 − |warm starts|}
 *       more drawn without replacement with probability ∝ exp(a(x) − max a), and from the warm starts
 *       (e.g. the best observed point);</li>
 *   <li>each local search alternates bounded L-BFGS over the continuous dimensions — in the
 *       preconditioned coordinates z_j = x_j/ℓ_j, z_j ∈ [0, 1/ℓ_j] — with a search over each discrete or
 *       categorical dimension's values (all of them up to 64, else 32 spread over the grid and the
 *       neighbours of the current one), until a round changes nothing;</li>
 *   <li>return the best point found.</li>
 * </ol>
 */
public final class AcquisitionOptimizer {
    private static final int EXHAUSTIVE_LIMIT = 64;
    private final int localSearches;
    private final double tolerance;

    /**
     * @param localSearches the number of local searches (Optuna: 10)
     * @param tolerance the L-BFGS projected-gradient tolerance is √tolerance (Optuna: 1e-4)
     */
    public AcquisitionOptimizer(int localSearches, double tolerance) {
        if (localSearches < 1 || !(tolerance > 0)) {
            throw new IllegalArgumentException("AcquisitionOptimizer: localSearches " + localSearches
                    + ", tolerance " + tolerance);
        }
        this.localSearches = localSearches;
        this.tolerance = tolerance;
    }

    /** The best point found and a(x) there. */
    public record Best(double[] x, double value) {}

    /**
     * @param candidates points of the box to screen, at least one
     * @param warmStarts extra starting points (fewer than localSearches), may be empty
     */
    public Best maximize(Acquisition a, SearchBox box, double[][] candidates, double[][] warmStarts,
            RandomGenerator rng) {
        int m = candidates.length;
        double[] values = new double[m];
        int best = 0;
        for (int i = 0; i < m; i++) {
            values[i] = a.value(candidates[i]);
            if (values[i] > values[best] || Double.isNaN(values[best])) {
                best = i;
            }
        }
        List<double[]> starts = new ArrayList<>();
        starts.add(candidates[best]);
        double[] weights = new double[m];
        int nonZero = 0;
        for (int i = 0; i < m; i++) {
            weights[i] = i == best || !Double.isFinite(values[i]) ? 0.0 : Math.exp(values[i] - values[best]);
            if (weights[i] > 0) {
                nonZero++;
            }
        }
        int extra = Math.min(localSearches - 1 - warmStarts.length, nonZero);
        for (int e = 0; e < extra; e++) {
            double total = 0;
            for (double w : weights) {
                total += w;
            }
            double r = rng.nextDouble() * total;
            int pick = -1;
            for (int i = 0; i < m; i++) {
                if (weights[i] > 0) {
                    pick = i;
                    r -= weights[i];
                    if (r <= 0) {
                        break;
                    }
                }
            }
            starts.add(candidates[pick]);
            weights[pick] = 0;
        }
        starts.addAll(Arrays.asList(warmStarts));
        double[] bestX = candidates[best].clone();
        double bestValue = values[best];
        for (double[] start : starts) {
            Best local = localSearch(a, box, start.clone());
            if (local.value() > bestValue) {
                bestValue = local.value();
                bestX = local.x();
            }
        }
        return new Best(bestX, bestValue);
    }

    private Best localSearch(Acquisition a, SearchBox box, double[] x) {
        int d = box.size();
        int[] continuous = java.util.stream.IntStream.range(0, d)
                .filter(j -> box.dimension(j) instanceof SearchBox.Continuous).toArray();
        double value = a.value(x);
        for (int round = 0; round < 100; round++) {
            boolean changed = false;
            if (continuous.length > 0) {
                Best g = gradientAscent(a, x, value, continuous);
                if (g.value() > value) {
                    x = g.x();
                    value = g.value();
                    changed = true;
                }
            }
            for (int j = 0; j < d; j++) {
                if (box.dimension(j) instanceof SearchBox.Continuous) {
                    continue;
                }
                double[] choices = choices(box.dimension(j), x[j]);
                double keep = x[j];
                double bestChoice = keep;
                for (double c : choices) {
                    if (c == keep) {
                        continue;
                    }
                    x[j] = c;
                    double v = a.value(x);
                    if (v > value) {
                        value = v;
                        bestChoice = c;
                    }
                }
                x[j] = bestChoice;
                if (bestChoice != keep) {
                    changed = true;
                }
            }
            if (!changed || continuous.length == d) {
                break;
            }
        }
        return new Best(x, value);
    }

    private static double[] choices(SearchBox.Dimension dim, double current) {
        if (dim instanceof SearchBox.Categorical(int k)) {
            double[] c = new double[k];
            for (int i = 0; i < k; i++) {
                c[i] = i;
            }
            return c;
        }
        double[] grid = ((SearchBox.Discrete) dim).grid();
        if (grid.length <= EXHAUSTIVE_LIMIT) {
            return grid;
        }
        int here = Arrays.binarySearch(grid, current);
        if (here < 0) {
            here = Math.min(grid.length - 1, -here - 1);
        }
        double[] c = new double[32 + 4];
        for (int i = 0; i < 32; i++) {
            c[i] = grid[(int) Math.round(i * (grid.length - 1) / 31.0)];
        }
        c[32] = grid[Math.max(0, here - 2)];
        c[33] = grid[Math.max(0, here - 1)];
        c[34] = grid[Math.min(grid.length - 1, here + 1)];
        c[35] = grid[Math.min(grid.length - 1, here + 2)];
        return c;
    }

    /** Bounded L-BFGS on the continuous dimensions, in the coordinates z_j = x_j/ℓ_j. */
    private Best gradientAscent(Acquisition a, double[] x0, double value0, int[] continuous) {
        double[] scales = a.lengthScales();
        int c = continuous.length;
        double[] z0 = new double[c];
        double[] lower = new double[c];
        double[] upper = new double[c];
        for (int i = 0; i < c; i++) {
            int j = continuous[i];
            z0[i] = x0[j] / scales[j];
            upper[i] = 1.0 / scales[j];
        }
        double[] point = x0.clone();
        double[] full = new double[x0.length];
        BoundedLbfgs.Objective negative = (z, grad) -> {
            for (int i = 0; i < c; i++) {
                point[continuous[i]] = Math.min(1.0, Math.max(0.0, z[i] * scales[continuous[i]]));
            }
            double v = a.valueAndGradient(point, full);
            for (int i = 0; i < c; i++) {
                grad[i] = -full[continuous[i]] * scales[continuous[i]];
            }
            return Double.isNaN(v) ? Double.POSITIVE_INFINITY : -v;
        };
        BoundedLbfgs.Result r = new BoundedLbfgs(10, Math.sqrt(tolerance), 200)
                .minimize(negative, z0, lower, upper);
        double[] x = x0.clone();
        for (int i = 0; i < c; i++) {
            x[continuous[i]] = Math.min(1.0, Math.max(0.0, r.x()[i] * scales[continuous[i]]));
        }
        double v = -r.value();
        return v > value0 && r.iterations() > 0 ? new Best(x, v) : new Best(x0, value0);
    }
}
