package dev.kiln.tune;

import java.util.List;
import java.util.SplittableRandom;

/**
 * TPE's density model: a mixture, with one kernel per observation plus one prior kernel, of products
 * of one-dimensional distributions — a truncated normal per numeric parameter (in log space for log
 * ranges, a discretised one for stepped and int ranges) and a smoothed one-hot per categorical —
 * exactly as Optuna 5's {@code _ParzenEstimator}.
 *
 * <p>Bandwidths (Optuna's rule, per dimension): with the sorted observations μ₍₁₎…μ₍ₙ₎ and the
 * range ends as neighbours, σᵢ = max(μᵢ − μᵢ₋₁, μᵢ₊₁ − μᵢ), the two outermost taking the gap to their
 * inner neighbour; then σ is clipped to [σ_min, high − low], where σ_min is Optuna's "magic clip"
 * (high − low)/min(100, n + 2) or, when a minimum bandwidth fraction b is given, b·(high − low).
 * The prior kernel is N((low + high)/2, (high − low)²). Mixture weights: Optuna's default ramp
 * (1 for the latest 25 observations, rising linearly from 1/n for older ones) plus the prior's 1,
 * normalised.
 */
final class ParzenEstimator {
    private static final double PRIOR_WEIGHT = 1.0;

    /** One dimension of the product. */
    private sealed interface Dim permits Numeric, Categorical {
    }

    /**
     * A numeric dimension. {@code lowT/highT} are the range ends in the transformed (log for log
     * ranges, widened by step/2 for stepped ranges) space in which the kernels live.
     */
    private record Numeric(double[] mu, double[] sigma, double[] logNorm, double low, double high,
                           double lowT, double highT, boolean log, double step) implements Dim {
    }

    /** A categorical dimension: {@code weights[k][c]} is kernel k's probability of choice c. */
    private record Categorical(double[][] weights) implements Dim {
    }

    private final double[] logWeights;
    private final double[] cumWeights;
    private final Dim[] dims;

    /**
     * @param observations internal values, one row per observation, one column per entry of {@code space}
     * @param space        the distributions, in column order
     * @param weights      the observations' weights, or null for Optuna's default ramp
     * @param minBandwidth the smallest kernel width as a fraction of each range, or 0 for Optuna's magic clip
     */
    ParzenEstimator(double[][] observations, List<Distribution> space, double[] weights, double minBandwidth) {
        int n = observations.length;
        double[] w = new double[n + 1];
        double[] base = weights != null ? weights : defaultWeights(n);
        System.arraycopy(base, 0, w, 0, n);
        w[n] = PRIOR_WEIGHT;
        if (n == 0) {
            w = new double[] {1.0};
        }
        double sum = 0;
        for (double v : w) {
            sum += v;
        }
        logWeights = new double[w.length];
        cumWeights = new double[w.length];
        double acc = 0;
        for (int k = 0; k < w.length; k++) {
            logWeights[k] = Math.log(w[k] / sum);
            acc += w[k] / sum;
            cumWeights[k] = acc;
        }
        cumWeights[w.length - 1] = 1.0;
        dims = new Dim[space.size()];
        for (int j = 0; j < space.size(); j++) {
            double[] column = new double[n];
            for (int i = 0; i < n; i++) {
                column[i] = observations[i][j];
            }
            dims[j] = switch (space.get(j)) {
                case CategoricalDistribution c -> categorical(column, c.size());
                case FloatDistribution f -> numeric(column, f.low(), f.high(), f.isLog(), f.step(), minBandwidth);
                case IntDistribution i -> numeric(column, i.low(), i.high(), i.isLog(), i.step(), minBandwidth);
            };
        }
    }

    /** Optuna's default_weights: ones for n &lt; 25, else a ramp from 1/n up to 1 for the n − 25 oldest. */
    static double[] defaultWeights(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0);
        int ramp = n - 25;
        if (n >= 25) {
            for (int i = 0; i < ramp; i++) {
                w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + i * (1.0 - 1.0 / n) / (ramp - 1);
            }
        }
        return w;
    }

    private static Categorical categorical(double[] observed, int choices) {
        int n = observed.length;
        if (n == 0) {
            double[][] u = new double[1][choices];
            java.util.Arrays.fill(u[0], 1.0 / choices);
            return new Categorical(u);
        }
        int kernels = n + 1;
        double[][] w = new double[kernels][choices];
        for (int k = 0; k < kernels; k++) {
            java.util.Arrays.fill(w[k], PRIOR_WEIGHT / kernels);
            if (k < n) {
                w[k][(int) observed[k]] += 1;
            }
            double s = 0;
            for (double v : w[k]) {
                s += v;
            }
            for (int c = 0; c < choices; c++) {
                w[k][c] /= s;
            }
        }
        return new Categorical(w);
    }

    private static Numeric numeric(double[] observed, double low, double high, boolean log, double step,
                                   double minBandwidth) {
        double lowT = low;
        double highT = high;
        if (step > 0) {
            lowT -= step / 2;
            highT += step / 2;
        }
        int n = observed.length;
        double[] mus = new double[n + 1];
        for (int i = 0; i < n; i++) {
            mus[i] = log ? Math.log(observed[i]) : observed[i];
        }
        if (log) {
            lowT = Math.log(lowT);
            highT = Math.log(highT);
        }
        double[] sigmas = new double[n + 1];
        if (n > 0) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (x, y) -> Double.compare(mus[x], mus[y]));
            double[] s = new double[n + 2];
            s[0] = lowT;
            for (int i = 0; i < n; i++) {
                s[i + 1] = mus[order[i]];
            }
            s[n + 1] = highT;
            double[] sorted = new double[n];
            for (int i = 0; i < n; i++) {
                sorted[i] = Math.max(s[i + 1] - s[i], s[i + 2] - s[i + 1]);
            }
            if (n >= 2) { // consider_endpoints = False
                sorted[0] = s[2] - s[1];
                sorted[n - 1] = s[n] - s[n - 1];
            }
            double maxSigma = highT - lowT;
            double minSigma = minBandwidth > 0 ? minBandwidth * (highT - lowT)
                    : (highT - lowT) / Math.min(100.0, 1.0 + (n + 1));
            for (int i = 0; i < n; i++) {
                sigmas[order[i]] = Math.min(maxSigma, Math.max(minSigma, sorted[i]));
            }
        }
        mus[n] = 0.5 * (lowT + highT);
        sigmas[n] = highT - lowT;
        double[] logNorm = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            logNorm[k] = TruncatedNormal.logGaussMass((lowT - mus[k]) / sigmas[k], (highT - mus[k]) / sigmas[k]);
        }
        return new Numeric(mus, sigmas, logNorm, low, high, lowT, highT, log, step);
    }

    /** {@code size} draws from the mixture, as internal values, one row per draw. */
    double[][] sample(SplittableRandom rng, int size) {
        double[][] out = new double[size][dims.length];
        for (int s = 0; s < size; s++) {
            double u = rng.nextDouble();
            int k = 0;
            while (k < cumWeights.length - 1 && cumWeights[k] < u) {
                k++;
            }
            for (int j = 0; j < dims.length; j++) {
                out[s][j] = switch (dims[j]) {
                    case Categorical c -> {
                        double q = rng.nextDouble();
                        double[] p = c.weights()[k];
                        int choice = 0;
                        double cum = p[0];
                        while (choice < p.length - 1 && cum < q) {
                            choice++;
                            cum += p[choice];
                        }
                        yield choice;
                    }
                    case Numeric d -> {
                        double x = TruncatedNormal.sample(rng.nextDouble(), d.mu()[k], d.sigma()[k], d.lowT(), d.highT());
                        if (d.log()) {
                            x = Math.exp(x);
                        }
                        if (d.step() > 0) {
                            x = d.low() + Math.rint((x - d.low()) / d.step()) * d.step();
                        }
                        yield Math.min(d.high(), Math.max(d.low(), x));
                    }
                };
            }
        }
        return out;
    }

    /** ln p(x) of each row of internal values under the mixture (log-sum-exp over kernels). */
    double[] logPdf(double[][] x) {
        int kernels = logWeights.length;
        double[] out = new double[x.length];
        double[] acc = new double[kernels];
        for (int s = 0; s < x.length; s++) {
            System.arraycopy(logWeights, 0, acc, 0, kernels);
            for (int j = 0; j < dims.length; j++) {
                double v = x[s][j];
                switch (dims[j]) {
                    case Categorical c -> {
                        for (int k = 0; k < kernels; k++) {
                            acc[k] += Math.log(c.weights()[k][(int) v]);
                        }
                    }
                    case Numeric d -> {
                        if (d.step() == 0) {
                            double xt = d.log() ? Math.log(v) : v;
                            for (int k = 0; k < kernels; k++) {
                                double z = (xt - d.mu()[k]) / d.sigma()[k];
                                acc[k] += TruncatedNormal.logNormPdf(z) - d.logNorm()[k] - Math.log(d.sigma()[k]);
                            }
                        } else {
                            double left = d.log() ? Math.log(v - d.step() / 2) : v - d.step() / 2;
                            double right = d.log() ? Math.log(v + d.step() / 2) : v + d.step() / 2;
                            for (int k = 0; k < kernels; k++) {
                                acc[k] += TruncatedNormal.logGaussMass((left - d.mu()[k]) / d.sigma()[k],
                                        (right - d.mu()[k]) / d.sigma()[k]) - d.logNorm()[k];
                            }
                        }
                    }
                }
            }
            double max = Double.NEGATIVE_INFINITY;
            for (double a : acc) {
                max = Math.max(max, a);
            }
            if (max == Double.NEGATIVE_INFINITY) {
                out[s] = max;
                continue;
            }
            double sum = 0;
            for (double a : acc) {
                sum += Math.exp(a - max);
            }
            out[s] = max + Math.log(sum);
        }
        return out;
    }
}
