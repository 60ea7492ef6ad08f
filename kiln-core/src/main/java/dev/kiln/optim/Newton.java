package dev.kiln.optim;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.GradOptions;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Newton's method with the exact Hessian, for small problems (up to a few thousand parameters):
 * each iteration solves
 * <pre>
 *     (H + λI) d = −g,      x ← x + t·d
 * </pre>
 * where g = ∇f(x) and H = ∇²f(x) come from autograd (the Hessian by differentiating the gradient
 * again: one reverse pass per parameter), λ ≥ 0 is the damping (Levenberg–Marquardt), and t is the
 * step length. The system is solved by a Cholesky factorisation; when H + λI is not positive
 * definite (a saddle point or a maximum, where the pure Newton step would climb), λ is raised
 * (to 1e-3·max|Hᵢᵢ| at first, then ×10) until it is, so d is always a descent direction. With the
 * backtracking line search, t starts at {@code lr} and is halved until the Armijo condition
 * f(x + t·d) ≤ f(x) + 10⁻⁴·t·gᵀd holds; without it, t = {@code lr}.
 *
 * <p>Near a minimum with a positive definite Hessian the convergence is quadratic: the number of
 * correct digits doubles at each iteration, where gradient descent gains a constant factor.
 * The cost is n reverse passes and an O(n³) solve per iteration for n parameters.
 *
 * <p>Newton's method needs the loss as a differentiable tensor (not a number), so it is stepped
 * with an {@link Objective} rather than a {@link Optimizer.Closure}; the objective is evaluated
 * with grad mode on and must not call backward itself.
 *
 * <pre>{@code
 * Tensor xy = Tensor.of(-1.2, 1.0).requiresGrad(true);
 * var newton = new Newton(List.of(xy), Newton.Options.defaults());
 * for (int i = 0; i < 30; i++) {
 *     newton.step(() -> rosenbrock(xy));
 * }
 * }</pre>
 */
public class Newton extends FlatVectorOptimizer<Newton.Options> {
    /** Computes the loss, as a tensor that depends on the parameters, without calling backward. */
    @FunctionalInterface
    public interface Objective {
        /**
         * {@return the loss at the parameters' current values: a single-element tensor}
         */
        Tensor loss();
    }

    /** How the step length t is chosen. */
    public enum LineSearch {
        /** t = lr. */
        NONE,
        /** t = lr, halved until the Armijo condition f(x + t·d) ≤ f(x) + 10⁻⁴·t·gᵀd holds. */
        BACKTRACKING
    }

    /**
     * Newton settings.
     *
     * @param lr the initial step length (1 for the full Newton step)
     * @param damping the smallest λ added to the Hessian's diagonal (0: pure Newton where H is positive definite)
     * @param lineSearch how the step length is chosen
     * @param maxIter Newton iterations per {@link #step(Objective)}
     * @param toleranceGrad stop when max|g| is at most this
     */
    public record Options(double lr, double damping, LineSearch lineSearch, int maxIter, double toleranceGrad)
            implements Hyperparameters<Options> {
        /** Validates. */
        public Options {
            Checks.nonNegative("Newton", "lr", lr);
            Checks.nonNegative("Newton", "damping", damping);
            Checks.nonNegative("Newton", "tolerance_grad", toleranceGrad);
            if (lineSearch == null) {
                throw new IllegalArgumentException("Newton: lineSearch must not be null");
            }
            if (maxIter < 1) {
                throw new IllegalArgumentException("Newton: max_iter must be >= 1, got " + maxIter);
            }
        }

        /**
         * {@return lr 1, no damping, backtracking line search, one iteration per step, tolerance 1e-10}
         */
        public static Options defaults() {
            return new Options(1, 0, LineSearch.BACKTRACKING, 1, 1e-10);
        }

        /**
         * {@return a copy with another damping λ}
         *
         * @param v the new damping λ added to the Hessian's diagonal (≥ 0)
         */
        public Options withDamping(double v) {
            return new Options(lr, v, lineSearch, maxIter, toleranceGrad);
        }

        /**
         * {@return a copy with another line search}
         *
         * @param v the new line search
         */
        public Options withLineSearch(LineSearch v) {
            return new Options(lr, damping, v, maxIter, toleranceGrad);
        }

        /**
         * {@return a copy with another number of iterations per step}
         *
         * @param v the new largest number of iterations per step (≥ 1)
         */
        public Options withMaxIter(int v) {
            return new Options(lr, damping, lineSearch, v, toleranceGrad);
        }
    }

    private static final double ARMIJO_C1 = 1e-4;
    private static final int MAX_HALVINGS = 40;

    /**
     * Newton's method over {@code params} (all together: one parameter group).
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param options the hyper-parameters of every parameter
     */
    public Newton(List<Tensor> params, Options options) {
        super(params, options, "step(objective)");
    }

    /** Not available: Newton's method needs the loss as a tensor. */
    @Override
    public void step() {
        throw new UnsupportedOperationException("Newton.step needs an objective that returns the loss tensor: call step(objective)");
    }

    /** Not available: a closure returns a number, and the Hessian needs the loss as a tensor. */
    @Override
    public double step(Closure closure) {
        throw new UnsupportedOperationException("Newton.step needs an objective that returns the loss tensor (not a number): "
                + "call step(objective)");
    }

    /**
     * Runs up to {@code maxIter} Newton iterations; returns the loss at the start. Leaves the
     * parameters' {@code .grad} untouched.
     *
     * @param objective evaluates the loss, gradient and Hessian-vector products at the current parameters
     * @return the loss at the final parameters
     */
    public double step(Objective objective) {
        if (paramGroups().size() != 1) {
            throw new IllegalStateException("Newton doesn't support parameter groups: it has " + paramGroups().size() + " groups");
        }
        Options o = paramGroups().getFirst().options();
        ParamState st = state(params.getFirst());
        double firstLoss = Double.NaN;
        for (int iter = 0; iter < o.maxIter(); iter++) {
            Tensor loss;
            List<Tensor> grads;
            try (var on = GradMode.enabled()) {
                loss = objective.loss();
                if (loss.numel() != 1) {
                    throw new IllegalArgumentException("Newton: the objective must return a single-element loss, got "
                            + loss.numel() + " elements");
                }
                if (!loss.requiresGrad()) {
                    throw new IllegalArgumentException("Newton: the loss does not depend on the parameters (it does not require grad)");
                }
                grads = Autograd.grad(List.of(loss), params, null, GradOptions.DEFAULT.createGraph(true).materializeGrads(true));
            }
            double f = loss.item();
            if (iter == 0) {
                firstLoss = f;
            }
            st.putScalar("func_evals", st.scalar("func_evals", 0) + 1);
            double[] g = flatten(grads);
            if (maxAbs(g) <= o.toleranceGrad()) {
                break;
            }
            double[][] h = hessian(grads);
            double[] d = solveDamped(h, g, o.damping());
            double gtd = dot(g, d);
            double[] x0 = gatherParams();
            double t = o.lr();
            if (o.lineSearch() == LineSearch.BACKTRACKING) {
                for (int k = 0; k < MAX_HALVINGS; k++) {
                    setParams(x0, t, d);
                    double ft = valueAtParams(objective);
                    st.putScalar("func_evals", st.scalar("func_evals", 0) + 1);
                    if (ft <= f + ARMIJO_C1 * t * gtd) {
                        break;
                    }
                    t *= 0.5;
                }
            }
            setParams(x0, t, d);
            st.putScalar("n_iter", st.scalar("n_iter", 0) + 1);
            st.putScalar("t", t);
        }
        return firstLoss;
    }

    /** The rows of the Hessian: row i is ∂gᵢ/∂x, one reverse pass through the gradient's graph each. */
    private double[][] hessian(List<Tensor> grads) {
        double[][] h = new double[size][];
        List<Tensor> outputs = new ArrayList<>();
        List<int[]> where = new ArrayList<>();
        int k = 0;
        for (Tensor g : grads) {
            if (g.requiresGrad()) {
                outputs.add(g);
                where.add(new int[] {k, g.numel()});
            }
            k += g.numel();
        }
        for (int i = 0; i < size; i++) {
            if (outputs.isEmpty()) {
                h[i] = new double[size];
                continue;
            }
            List<Tensor> seeds = new ArrayList<>(outputs.size());
            for (int j = 0; j < outputs.size(); j++) {
                Tensor g = outputs.get(j);
                int start = where.get(j)[0];
                int n = where.get(j)[1];
                Tensor e = Tensor.zeros(g.dtype(), n);
                if (i >= start && i < start + n) {
                    e.set(1, i - start);
                }
                seeds.add(e.reshape(g.shape()));
            }
            List<Tensor> row = Autograd.grad(outputs, params, seeds, GradOptions.DEFAULT.retainGraph(true).materializeGrads(true));
            h[i] = flatten(row);
        }
        // symmetrise the rounding: H is symmetric in exact arithmetic
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < i; j++) {
                double m = 0.5 * (h[i][j] + h[j][i]);
                h[i][j] = m;
                h[j][i] = m;
            }
        }
        return h;
    }

    /**
     * d solving (H + λI) d = −g by Cholesky, starting at λ = {@code damping} and raising it until
     * H + λI is positive definite.
     */
    static double[] solveDamped(double[][] h, double[] g, double damping) {
        int n = g.length;
        double maxDiag = 0;
        for (int i = 0; i < n; i++) {
            maxDiag = Math.max(maxDiag, Math.abs(h[i][i]));
        }
        double lambda = damping;
        for (int attempt = 0; attempt < 60; attempt++) {
            double[][] l = cholesky(h, lambda);
            if (l != null) {
                double[] y = new double[n];
                for (int i = 0; i < n; i++) {
                    double s = -g[i];
                    for (int j = 0; j < i; j++) {
                        s -= l[i][j] * y[j];
                    }
                    y[i] = s / l[i][i];
                }
                double[] d = new double[n];
                for (int i = n - 1; i >= 0; i--) {
                    double s = y[i];
                    for (int j = i + 1; j < n; j++) {
                        s -= l[j][i] * d[j];
                    }
                    d[i] = s / l[i][i];
                }
                return d;
            }
            lambda = lambda == 0 ? Math.max(1e-3 * maxDiag, 1e-8) : lambda * 10;
        }
        throw new ArithmeticException("Newton: the Hessian could not be made positive definite by damping (non-finite values?)");
    }

    /** The lower factor L of H + λI = L·Lᵀ, or null when it is not (numerically) positive definite. */
    private static double[][] cholesky(double[][] h, double lambda) {
        int n = h.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = h[i][j] + (i == j ? lambda : 0);
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > 0) || !Double.isFinite(s)) {
                        return null;
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }

    private static double valueAtParams(Objective objective) {
        try (var off = GradMode.disabled()) {
            double f = objective.loss().item();
            return Double.isNaN(f) ? Double.POSITIVE_INFINITY : f;
        }
    }
}
