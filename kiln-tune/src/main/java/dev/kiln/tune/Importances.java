package dev.kiln.tune;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameter importances by PED-ANOVA (Watanabe et al., IJCAI 2023), as Optuna's
 * PedAnovaImportanceEvaluator: a parameter matters as much as its distribution among the best
 * trials differs from its distribution among all of them.
 *
 * <p>For each parameter, with p_all the density of its values over the completed trials and
 * p_top the density over the best {@code topQuantile} of them (at least two), the importance is the
 * Pearson divergence D = ∫ p_all(x)·(p_top(x)/p_all(x) − 1)² dx, evaluated on 50 evenly spaced points
 * of the range (in log space for log ranges) with Gaussian kernels of Scott's bandwidth, or exactly
 * over the choices (add-one-smoothed frequencies) for categoricals. The importances are
 * normalised to sum to 1 and returned largest first.
 */
public final class Importances {
    private static final int GRID = 50;

    private Importances() {
    }

    /** PED-ANOVA importances over the completed trials of a single-objective study, top 10 % as the target. */
    public static Map<String, Double> pedAnova(Study study) {
        return pedAnova(study, 0.1);
    }

    /** PED-ANOVA importances with the given top quantile (0 &lt; q &lt; 1). */
    public static Map<String, Double> pedAnova(Study study, double topQuantile) {
        if (!(topQuantile > 0 && topQuantile < 1)) {
            throw new IllegalArgumentException("importances: topQuantile must be in (0, 1), got " + topQuantile);
        }
        StudyDirection dir = study.direction();
        List<FrozenTrial> done = new ArrayList<>(study.completedTrials());
        if (done.size() < 3) {
            throw new IllegalStateException("importances: need at least 3 completed trials, have " + done.size());
        }
        done.sort(Comparator.comparingDouble(t -> dir.asLoss(t.value())));
        int nTop = Math.max(2, (int) Math.ceil(topQuantile * done.size()));
        Map<String, Distribution> space = SearchSpaces.intersection(done, TrialState.COMPLETE);
        Map<String, Double> raw = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Distribution> e : space.entrySet()) {
            double[] all = new double[done.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = done.get(i).internal(e.getKey());
            }
            double[] top = java.util.Arrays.copyOf(all, nTop);
            double d = divergence(all, top, e.getValue());
            raw.put(e.getKey(), d);
            total += d;
        }
        Map<String, Double> out = new LinkedHashMap<>();
        final double sum = total;
        raw.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), sum > 0 ? e.getValue() / sum : 1.0 / raw.size()));
        return out;
    }

    private static double divergence(double[] all, double[] top, Distribution d) {
        if (d instanceof CategoricalDistribution c) {
            double[] pa = frequencies(all, c.size());
            double[] pt = frequencies(top, c.size());
            double s = 0;
            for (int k = 0; k < c.size(); k++) {
                s += pa[k] * Math.pow(pt[k] / pa[k] - 1, 2);
            }
            return s;
        }
        boolean log = d instanceof FloatDistribution f ? f.isLog() : ((IntDistribution) d).isLog();
        double low = d instanceof FloatDistribution f ? f.low() : ((IntDistribution) d).low();
        double high = d instanceof FloatDistribution f ? f.high() : ((IntDistribution) d).high();
        double[] a = transform(all, log);
        double[] t = transform(top, log);
        double lo = log ? Math.log(low) : low;
        double hi = log ? Math.log(high) : high;
        double[] grid = new double[GRID];
        for (int i = 0; i < GRID; i++) {
            grid[i] = lo + (hi - lo) * i / (GRID - 1);
        }
        double[] pa = kde(a, grid, hi - lo);
        double[] pt = kde(t, grid, hi - lo);
        double s = 0;
        for (int i = 0; i < GRID; i++) {
            if (pa[i] > 0) {
                s += pa[i] * Math.pow(pt[i] / pa[i] - 1, 2);
            }
        }
        return s;
    }

    private static double[] transform(double[] v, boolean log) {
        double[] out = v.clone();
        if (log) {
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.log(out[i]);
            }
        }
        return out;
    }

    private static double[] frequencies(double[] idx, int k) {
        double[] f = new double[k];
        java.util.Arrays.fill(f, 1.0);
        for (double v : idx) {
            f[(int) v] += 1;
        }
        double s = idx.length + k;
        for (int i = 0; i < k; i++) {
            f[i] /= s;
        }
        return f;
    }

    /** A Gaussian KDE with Scott's bandwidth (at least 1 % of the range), normalised over the grid points. */
    private static double[] kde(double[] x, double[] grid, double range) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(var / Math.max(1, x.length - 1));
        double h = Math.max(1.06 * sd * Math.pow(x.length, -0.2), 0.01 * Math.max(range, 1e-12));
        double[] p = new double[grid.length];
        double sum = 0;
        for (int i = 0; i < grid.length; i++) {
            for (double v : x) {
                double z = (grid[i] - v) / h;
                p[i] += Math.exp(-0.5 * z * z);
            }
            sum += p[i];
        }
        for (int i = 0; i < grid.length; i++) {
            p[i] /= sum;
        }
        return p;
    }
}
