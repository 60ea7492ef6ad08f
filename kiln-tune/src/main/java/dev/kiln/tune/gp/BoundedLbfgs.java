package dev.kiln.tune.gp;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Limited-memory BFGS minimisation within a box l ≤ x ≤ u (projected L-BFGS, in the manner of L-BFGS-B):
 * <ol>
 *   <li>the variables at a bound whose gradient pushes outward are held fixed for the step;</li>
 *   <li>the direction is d = −H·g over the free variables, H the two-loop-recursion inverse-Hessian
 *       estimate from the last {@code memory} pairs (s, y), scaled by sᵀy/yᵀy;</li>
 *   <li>the step is x(t) = P(x + t·d), P the projection on the box, with backtracking until the
 *       Armijo condition f(x(t)) ≤ f(x) + 10⁻⁴ gᵀ(x(t) − x) holds;</li>
 *   <li>a pair is kept only if sᵀy &gt; 10⁻¹⁰ (curvature condition).</li>
 * </ol>
 * It stops when the projected gradient max_i |P(x − g)_i − x_i| ≤ gtol, when the relative decrease of f
 * falls below 2.2·10⁻⁹ (SciPy's default {@code ftol}), or after {@code maxIterations}. Infinite bounds
 * make it plain L-BFGS.
 */
public final class BoundedLbfgs {
    /** A function whose gradient is known: returns f(x) and writes ∇f(x) into {@code gradient}. */
    @FunctionalInterface
    public interface Objective {
        double valueAndGradient(double[] x, double[] gradient);
    }

    /** The outcome: the best point, its value, the number of iterations and whether a test was met. */
    public record Result(double[] x, double value, int iterations, boolean converged) {}

    private static final double FTOL = 2.220446049250313e-9;
    private final int memory;
    private final double gtol;
    private final int maxIterations;

    /**
     * @param memory the number of (s, y) pairs kept, e.g. 10
     * @param gtol the projected-gradient tolerance
     * @param maxIterations the iteration limit
     */
    public BoundedLbfgs(int memory, double gtol, int maxIterations) {
        if (memory < 1 || !(gtol >= 0) || maxIterations < 0) {
            throw new IllegalArgumentException("BoundedLbfgs: memory " + memory + ", gtol " + gtol
                    + ", maxIterations " + maxIterations);
        }
        this.memory = memory;
        this.gtol = gtol;
        this.maxIterations = maxIterations;
    }

    /** Minimises {@code f} from {@code x0} within [lower, upper] (either may be null: unbounded). */
    public Result minimize(Objective f, double[] x0, double[] lower, double[] upper) {
        int n = x0.length;
        double[] lo = lower != null ? lower : filled(n, Double.NEGATIVE_INFINITY);
        double[] hi = upper != null ? upper : filled(n, Double.POSITIVE_INFINITY);
        double[] x = project(x0.clone(), lo, hi);
        double[] g = new double[n];
        double fx = f.valueAndGradient(x, g);
        if (!Double.isFinite(fx)) {
            throw new IllegalArgumentException("BoundedLbfgs: objective is " + fx + " at the start");
        }
        Deque<double[][]> pairs = new ArrayDeque<>();
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        for (int iter = 0; iter < maxIterations; iter++) {
            if (projectedGradientNorm(x, g, lo, hi) <= gtol) {
                return new Result(x, fx, iter, true);
            }
            boolean[] free = new boolean[n];
            for (int i = 0; i < n; i++) {
                free[i] = !((x[i] <= lo[i] && g[i] > 0) || (x[i] >= hi[i] && g[i] < 0));
            }
            double[] d = direction(g, free, pairs);
            double slope = dot(g, d);
            if (!(slope < 0)) {
                pairs.clear();
                for (int i = 0; i < n; i++) {
                    d[i] = free[i] ? -g[i] : 0;
                }
                slope = dot(g, d);
                if (!(slope < 0)) {
                    return new Result(x, fx, iter, true);
                }
            }
            double t = pairs.isEmpty() ? Math.min(1.0, 1.0 / Math.max(norm(d), 1e-300)) : 1.0;
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int k = 0; k < 40; k++) {
                for (int i = 0; i < n; i++) {
                    xNew[i] = Math.min(hi[i], Math.max(lo[i], x[i] + t * d[i]));
                }
                fNew = f.valueAndGradient(xNew, gNew);
                double decrease = 0;
                for (int i = 0; i < n; i++) {
                    decrease += g[i] * (xNew[i] - x[i]);
                }
                if (Double.isFinite(fNew) && fNew <= fx + 1e-4 * decrease) {
                    accepted = true;
                    break;
                }
                t *= 0.5;
            }
            if (!accepted) {
                return new Result(x, fx, iter, false);
            }
            double[] s = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = xNew[i] - x[i];
                y[i] = gNew[i] - g[i];
            }
            if (dot(s, y) > 1e-10) {
                pairs.addLast(new double[][] {s, y});
                if (pairs.size() > memory) {
                    pairs.removeFirst();
                }
            }
            double relative = (fx - fNew) / Math.max(Math.max(Math.abs(fx), Math.abs(fNew)), 1.0);
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            if (relative <= FTOL) {
                return new Result(x, fx, iter + 1, true);
            }
        }
        return new Result(x, fx, maxIterations, projectedGradientNorm(x, g, lo, hi) <= gtol);
    }

    /** d = −H g over the free variables, by the two-loop recursion. */
    private static double[] direction(double[] g, boolean[] free, Deque<double[][]> pairs) {
        int n = g.length;
        double[] q = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = free[i] ? g[i] : 0;
        }
        int m = pairs.size();
        double[] a = new double[m];
        double[] rho = new double[m];
        double[][][] list = pairs.toArray(new double[0][][]);
        for (int k = m - 1; k >= 0; k--) {
            double[] s = list[k][0];
            double[] y = list[k][1];
            double sy = maskedDot(s, y, free);
            rho[k] = sy > 1e-300 ? 1.0 / sy : 0;
            a[k] = rho[k] * maskedDot(s, q, free);
            for (int i = 0; i < n; i++) {
                if (free[i]) {
                    q[i] -= a[k] * y[i];
                }
            }
        }
        if (m > 0) {
            double[] s = list[m - 1][0];
            double[] y = list[m - 1][1];
            double yy = maskedDot(y, y, free);
            double gamma = yy > 0 ? maskedDot(s, y, free) / yy : 1.0;
            if (gamma > 0) {
                for (int i = 0; i < n; i++) {
                    q[i] *= gamma;
                }
            }
        }
        for (int k = 0; k < m; k++) {
            double[] s = list[k][0];
            double[] y = list[k][1];
            double b = rho[k] * maskedDot(y, q, free);
            for (int i = 0; i < n; i++) {
                if (free[i]) {
                    q[i] += (a[k] - b) * s[i];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            q[i] = free[i] ? -q[i] : 0;
        }
        return q;
    }

    private static double projectedGradientNorm(double[] x, double[] g, double[] lo, double[] hi) {
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            double p = Math.min(hi[i], Math.max(lo[i], x[i] - g[i])) - x[i];
            m = Math.max(m, Math.abs(p));
        }
        return m;
    }

    private static double[] project(double[] x, double[] lo, double[] hi) {
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.min(hi[i], Math.max(lo[i], x[i]));
        }
        return x;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double maskedDot(double[] a, double[] b, boolean[] mask) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            if (mask[i]) {
                s += a[i] * b[i];
            }
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
