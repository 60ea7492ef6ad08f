package dev.kiln.optim;

import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Limited-memory BFGS (Liu &amp; Nocedal, 1989), following PyTorch's {@code torch.optim.LBFGS}:
 * each {@link #step(Closure)} runs up to {@code maxIter} iterations, each taking the quasi-Newton
 * direction {@code d = −H·g} from the two-loop recursion over the last {@code historySize} pairs
 * (s = x_{k+1} − x_k, y = g_{k+1} − g_k), with {@code H₀ = (sᵀy/yᵀy)·I}, and a step of
 * {@code lr} (the first one {@code min(1, 1/‖g‖₁)·lr}), or one found by a strong-Wolfe line search
 * (cubic interpolation, c1 = 1e-4, c2 = 0.9).
 *
 * <p>All parameters form one vector, so there is a single parameter group. The closure is called
 * several times per step: it must zero the gradients, compute the loss, call backward and return
 * the loss.
 *
 * <pre>{@code
 * var opt = new LBFGS(List.of(x), LBFGS.Options.of(1).withStrongWolfe(true));
 * for (int i = 0; i < 10; i++) {
 *     opt.step(() -> { opt.zeroGrad(); Tensor l = f(x); l.backward(); return l.item(); });
 * }
 * }</pre>
 */
public class LBFGS extends FlatVectorOptimizer<LBFGS.Options> {
    /**
     * L-BFGS settings.
     *
     * @param lr the step length (1 for a pure quasi-Newton step)
     * @param maxIter iterations per {@code step}
     * @param maxEval function evaluations per {@code step}
     * @param toleranceGrad stop when max|g| is at most this
     * @param toleranceChange stop when the loss or the step changes by less than this
     * @param historySize pairs kept for the Hessian approximation
     * @param strongWolfe use the strong-Wolfe line search
     */
    public record Options(double lr, int maxIter, int maxEval, double toleranceGrad, double toleranceChange, int historySize,
            boolean strongWolfe) implements Hyperparameters<Options> {
        /** Validates. */
        public Options {
            Checks.nonNegative("LBFGS", "lr", lr);
            if (maxIter < 1 || maxEval < 1 || historySize < 1) {
                throw new IllegalArgumentException("LBFGS: max_iter, max_eval and history_size must be >= 1, got " + maxIter + ", "
                        + maxEval + ", " + historySize);
            }
        }

        /**
         * {@return PyTorch's defaults (20 iterations, 25 evaluations, tolerances 1e-7/1e-9, history 100, no line search)}
         *
         * @param lr the learning rate (≥ 0)
         */
        public static Options of(double lr) {
            return new Options(lr, 20, 25, 1e-7, 1e-9, 100, false);
        }

        /**
         * {@return a copy with another iteration limit (and max_eval = 5/4 of it)}
         *
         * @param v the new largest number of iterations per step (≥ 1)
         */
        public Options withMaxIter(int v) {
            return new Options(lr, v, v * 5 / 4, toleranceGrad, toleranceChange, historySize, strongWolfe);
        }

        /**
         * {@return a copy with another history size}
         *
         * @param v the new number of past updates kept (≥ 1)
         */
        public Options withHistorySize(int v) {
            return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, v, strongWolfe);
        }

        /**
         * {@return a copy with the strong-Wolfe line search on or off}
         *
         * @param v true to search along the direction for the strong Wolfe conditions
         */
        public Options withStrongWolfe(boolean v) {
            return new Options(lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, v);
        }
    }

    /**
     * L-BFGS over {@code params}.
     *
     * @param params the parameters to optimise, each a leaf tensor that requires grad
     * @param options the hyper-parameters of every parameter
     */
    public LBFGS(List<Tensor> params, Options options) {
        super(params, options, "step(closure)");
    }

    /** Not available: L-BFGS needs a closure. */
    @Override
    public void step() {
        throw new UnsupportedOperationException("LBFGS.step needs a closure that re-evaluates the loss: call step(closure)");
    }

    // ------------------------------------------------------------------ flat vectors

    private double[] gatherGrad() {
        List<Tensor> grads = new ArrayList<>(params.size());
        for (Tensor p : params) {
            grads.add(p.grad());
        }
        return flatten(grads);
    }

    private double evaluate(Closure closure) {
        try (var on = GradMode.enabled()) {
            return closure.evaluate();
        }
    }

    // ------------------------------------------------------------------ state

    private Tensor vec(double[] v) {
        return Tensor.fromArray(v.clone(), v.length);
    }

    private static double[] arr(Tensor t) {
        return t.dtype() == DType.FLOAT64 ? t.toDoubleArray() : t.to(DType.FLOAT64).toDoubleArray();
    }

    /**
     * Runs up to {@code maxIter} L-BFGS iterations and returns the loss of the first evaluation.
     */
    @Override
    public double step(Closure closure) {
        if (paramGroups().size() != 1) {
            throw new IllegalStateException("LBFGS doesn't support per-parameter options (parameter groups): it has "
                    + paramGroups().size() + " groups");
        }
        Options o = paramGroups().getFirst().options();
        ParamState st = state(params.getFirst());
        double origLoss = evaluate(closure);
        double loss = origLoss;
        int currentEvals = 1;
        st.putScalar("func_evals", st.scalar("func_evals", 0) + 1);
        double[] flatGrad = gatherGrad();
        if (maxAbs(flatGrad) <= o.toleranceGrad()) {
            return origLoss;
        }
        // restore the history
        double[] d = st.tensor("d") == null ? null : arr(st.tensor("d"));
        double t = st.scalar("t", 0);
        double hDiag = st.scalar("H_diag", 1);
        double[] prevFlatGrad = st.tensor("prev_flat_grad") == null ? null : arr(st.tensor("prev_flat_grad"));
        double prevLoss = st.scalar("prev_loss", 0);
        List<double[]> oldDirs = new ArrayList<>();
        List<double[]> oldStps = new ArrayList<>();
        List<Double> ro = new ArrayList<>();
        for (int k = 0; st.tensor("old_dirs." + k) != null; k++) {
            oldDirs.add(arr(st.tensor("old_dirs." + k)));
            oldStps.add(arr(st.tensor("old_stps." + k)));
            ro.add(st.scalar("ro." + k, 0));
        }
        int nIter = 0;
        double nIterTotal = st.scalar("n_iter", 0);
        while (nIter < o.maxIter()) {
            nIter++;
            nIterTotal++;
            if (nIterTotal == 1) {
                d = new double[size];
                for (int i = 0; i < size; i++) {
                    d[i] = -flatGrad[i];
                }
                oldDirs.clear();
                oldStps.clear();
                ro.clear();
                hDiag = 1;
            } else {
                double[] y = new double[size];
                double[] s = new double[size];
                for (int i = 0; i < size; i++) {
                    y[i] = flatGrad[i] - prevFlatGrad[i];
                    s[i] = d[i] * t;
                }
                double ys = dot(y, s);
                if (ys > 1e-10) {
                    if (oldDirs.size() == o.historySize()) {
                        oldDirs.removeFirst();
                        oldStps.removeFirst();
                        ro.removeFirst();
                    }
                    oldDirs.add(y);
                    oldStps.add(s);
                    ro.add(1 / ys);
                    hDiag = ys / dot(y, y);
                }
                // two-loop recursion: d = −H·g
                int m = oldDirs.size();
                double[] al = new double[m];
                double[] q = new double[size];
                for (int i = 0; i < size; i++) {
                    q[i] = -flatGrad[i];
                }
                for (int k = m - 1; k >= 0; k--) {
                    al[k] = dot(oldStps.get(k), q) * ro.get(k);
                    double[] yk = oldDirs.get(k);
                    for (int i = 0; i < size; i++) {
                        q[i] -= al[k] * yk[i];
                    }
                }
                d = q;
                for (int i = 0; i < size; i++) {
                    d[i] *= hDiag;
                }
                for (int k = 0; k < m; k++) {
                    double be = dot(oldDirs.get(k), d) * ro.get(k);
                    double[] sk = oldStps.get(k);
                    for (int i = 0; i < size; i++) {
                        d[i] += (al[k] - be) * sk[i];
                    }
                }
            }
            prevFlatGrad = flatGrad.clone();
            prevLoss = loss;
            if (nIterTotal == 1) {
                double l1 = 0;
                for (double v : flatGrad) {
                    l1 += Math.abs(v);
                }
                t = Math.min(1, 1 / l1) * o.lr();
            } else {
                t = o.lr();
            }
            double gtd = dot(flatGrad, d);
            if (gtd > -o.toleranceChange()) {
                break;
            }
            int lsEvals = 0;
            boolean optCond = false;
            if (o.strongWolfe()) {
                double[] x0 = gatherParams();
                StrongWolfe.Result r = StrongWolfe.search((x, step, dir) -> {
                    setParams(x, step, dir);
                    double f = evaluate(closure);
                    double[] g = gatherGrad();
                    setParams(x);
                    return new StrongWolfe.Eval(f, g);
                }, x0, t, d, loss, flatGrad, gtd, o.toleranceChange(), 25);
                loss = r.f();
                flatGrad = r.g();
                t = r.t();
                lsEvals = r.evals();
                setParams(x0, t, d);
                optCond = maxAbs(flatGrad) <= o.toleranceGrad();
            } else {
                setParams(gatherParams(), t, d);
                if (nIter != o.maxIter()) {
                    loss = evaluate(closure);
                    flatGrad = gatherGrad();
                    optCond = maxAbs(flatGrad) <= o.toleranceGrad();
                    lsEvals = 1;
                }
            }
            currentEvals += lsEvals;
            st.putScalar("func_evals", st.scalar("func_evals", 0) + lsEvals);
            if (nIter == o.maxIter() || currentEvals >= o.maxEval() || optCond) {
                break;
            }
            if (maxAbs(d) * Math.abs(t) <= o.toleranceChange() || Math.abs(loss - prevLoss) < o.toleranceChange()) {
                break;
            }
        }
        // save the history
        st.putScalar("n_iter", nIterTotal);
        st.putScalar("t", t);
        st.putScalar("H_diag", hDiag);
        st.putScalar("prev_loss", prevLoss);
        if (d != null) {
            st.putTensor("d", vec(d));
        }
        if (prevFlatGrad != null) {
            st.putTensor("prev_flat_grad", vec(prevFlatGrad));
        }
        for (int k = 0; st.tensor("old_dirs." + k) != null || k < oldDirs.size(); k++) {
            if (k < oldDirs.size()) {
                st.putTensor("old_dirs." + k, vec(oldDirs.get(k)));
                st.putTensor("old_stps." + k, vec(oldStps.get(k)));
                st.putScalar("ro." + k, ro.get(k));
            } else {
                st.removeTensor("old_dirs." + k);
                st.removeTensor("old_stps." + k);
                st.removeScalar("ro." + k);
            }
        }
        return origLoss;
    }
}
