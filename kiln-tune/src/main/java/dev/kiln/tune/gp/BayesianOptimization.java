package dev.kiln.tune.gp;

import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * One step of GP Bayesian optimisation on a {@link SearchBox}, independent of any study: given the points
 * observed so far and their values (to be <em>maximised</em>), fit the GP and return the point that
 * maximises log EI.
 *
 * <ol>
 *   <li>standardise the values: y = (v − mean v)/max(std v, 10⁻¹⁰);</li>
 *   <li>fit the kernel by {@link KernelFit}, from the previous step's parameters (when the dimension is
 *       unchanged) and from the default start;</li>
 *   <li>maximise {@link LogEiAcquisition} with f₀ = max y by {@link AcquisitionOptimizer} from
 *       {@code candidates} screening points and the best observed point.</li>
 * </ol>
 * The instance keeps the last fitted parameters; it is not thread-safe.
 */
public final class BayesianOptimization {
    private final int candidates;
    private final AcquisitionOptimizer optimizer;
    private KernelParams lastParams;

    /**
     * @param candidates the number of screening points per step (Optuna: 2048)
     * @param localSearches the number of local searches per step (Optuna: 10)
     */
    public BayesianOptimization(int candidates, int localSearches) {
        if (candidates < 1) {
            throw new IllegalArgumentException("BayesianOptimization: candidates " + candidates);
        }
        this.candidates = candidates;
        this.optimizer = new AcquisitionOptimizer(localSearches, 1e-4);
    }

    /** The kernel parameters of the last fit, or null before the first. */
    public KernelParams lastParams() {
        return lastParams;
    }

    /** Standardises values: (v − mean)/max(std, 10⁻¹⁰) with the population standard deviation. */
    public static double[] standardize(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
        }
        double std = Math.max(Math.sqrt(var / values.length), 1e-10);
        double[] y = new double[values.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = (values[i] - mean) / std;
        }
        return y;
    }

    /** Where the value {@code v} falls on the scale of {@link #standardize}{@code (values)}. */
    public static double threshold(double[] values, double v) {
        double mean = 0;
        for (double x : values) {
            mean += x;
        }
        mean /= values.length;
        double var = 0;
        for (double x : values) {
            var += (x - mean) * (x - mean);
        }
        return (v - mean) / Math.max(Math.sqrt(var / values.length), 1e-10);
    }

    /** The fitted GP on the standardised values (also remembered as the next warm start). */
    public GaussianProcess fit(SearchBox box, double[][] x, double[] values) {
        double[] y = standardize(values);
        KernelParams start = lastParams != null && lastParams.dimensions() == box.size() ? lastParams : null;
        GaussianProcess gp = new KernelFit(x, box.categoricalMask(), y).fit(start);
        lastParams = gp.params();
        return gp;
    }

    /**
     * The next point to evaluate.
     *
     * @param x observed points of the box, n ≥ 1
     * @param values their values, to be maximised (finite)
     * @param unitPoints draws points of [0, 1)^d for screening (e.g. scrambled Sobol or uniform)
     */
    public double[] propose(SearchBox box, double[][] x, double[] values,
            Function<Integer, double[][]> unitPoints, RandomGenerator rng) {
        GaussianProcess gp = fit(box, x, values);
        double[] y = standardize(values);
        int bestIndex = 0;
        for (int i = 1; i < y.length; i++) {
            if (y[i] > y[bestIndex]) {
                bestIndex = i;
            }
        }
        Acquisition acquisition = new LogEiAcquisition(gp, y[bestIndex]);
        double[][] unit = unitPoints.apply(candidates);
        double[][] screen = new double[unit.length][];
        for (int i = 0; i < unit.length; i++) {
            screen[i] = box.fromUnit(unit[i]);
        }
        return optimizer.maximize(acquisition, box, screen, new double[][] {x[bestIndex].clone()}, rng).x();
    }
}
