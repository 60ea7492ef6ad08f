package dev.kiln.cli.lab;

import dev.kiln.optim.LBFGS;
import dev.kiln.optim.Newton;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Second-order optimisation: Newton's method p ← p − H⁻¹∇f uses the Hessian H (Kiln's
 * {@link Newton} optimiser, H by autograd, with a backtracking line search) and solves a quadratic
 * in one step; L-BFGS builds an
 * approximation of H⁻¹ from the last gradients (O(N) memory instead of O(N²)) and needs more
 * iterations, each of them cheaper. Both on the notes' two test functions, against gradient descent.
 */
final class NewtonExperiment extends DescribedExperiment {
    /** Iterations per method. */
    static final int ITERATIONS = 200;
    /** The loss that counts as converged. */
    static final double TOLERANCE = 1e-9;

    /** A test function and its start. */
    record Problem(String name, UnaryOperator<Tensor> f, double[] start) {
    }

    NewtonExperiment() {
        super("newton", "Newton's method vs L-BFGS vs gradient descent", Chapter.S004,
                "Second-order methods use the second derivatives (the Hessian): their direction is more accurate and they "
                        + "converge in far fewer iterations — Newton solves a quadratic in one step — at the price of computing or "
                        + "approximating an N×N matrix (L-BFGS keeps an O(N) approximation).");
    }

    static List<Problem> problems() {
        return List.of(
                new Problem("quadratic 0.1x² + 2y²", OptimizersExperiment::quadratic, new double[] {-5, -2}),
                new Problem("Rosenbrock (1−x)² + 100(y−x²)²", OptimizersExperiment::rosenbrock, new double[] {-1.5, 2}));
    }

    /**
     * The loss after each iteration of Kiln's {@link Newton} optimiser (index 0 the start): the
     * Hessian by autograd, a Cholesky solve, damping where H is not positive definite, and an
     * Armijo backtracking line search from the full step.
     */
    static double[] newton(Problem problem) {
        Tensor p = Tensor.fromArray(problem.start().clone(), 2).to(DType.FLOAT64).requiresGrad(true);
        Newton opt = new Newton(List.of(p), Newton.Options.defaults());
        double[] loss = new double[ITERATIONS + 1];
        for (int k = 0; k <= ITERATIONS; k++) {
            loss[k] = problem.f().apply(p.detach()).item();
            if (k < ITERATIONS) {
                opt.step(() -> problem.f().apply(p));
            }
        }
        return loss;
    }

    /** The loss after each L-BFGS iteration (one iteration per step, strong-Wolfe line search). */
    static double[] lbfgs(Problem problem) {
        Tensor p = Tensor.fromArray(problem.start().clone(), 2).to(DType.FLOAT64).requiresGrad(true);
        LBFGS opt = new LBFGS(List.of(p), LBFGS.Options.of(1).withMaxIter(1).withStrongWolfe(true));
        double[] loss = new double[ITERATIONS + 1];
        for (int k = 0; k <= ITERATIONS; k++) {
            loss[k] = problem.f().apply(p.detach()).item();
            if (k < ITERATIONS) {
                opt.step(() -> {
                    opt.zeroGrad();
                    Tensor l = problem.f().apply(p);
                    l.backward();
                    return l.item();
                });
            }
        }
        return loss;
    }

    /** The loss after each gradient-descent step with learning rate {@code lr}. */
    static double[] gradientDescent(Problem problem, double lr) {
        Tensor p = Tensor.fromArray(problem.start().clone(), 2).to(DType.FLOAT64).requiresGrad(true);
        double[] loss = new double[ITERATIONS + 1];
        for (int k = 0; k <= ITERATIONS; k++) {
            p.setGrad(null);
            Tensor l = problem.f().apply(p);
            loss[k] = l.item();
            if (k < ITERATIONS) {
                l.backward();
                p = p.detach().sub(p.grad().mul(lr)).requiresGrad(true);
            }
        }
        return loss;
    }

    /** The first iteration with loss below the tolerance, or −1. */
    static int converged(double[] loss) {
        return OptimizersExperiment.firstBelow(loss, TOLERANCE);
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        int[][] at = new int[2][3];
        int i = 0;
        for (Problem problem : problems()) {
            Map<String, double[]> curves = new LinkedHashMap<>();
            curves.put("Newton (Hessian by autograd)", newton(problem));
            curves.put("L-BFGS", lbfgs(problem));
            curves.put("gradient descent", gradientDescent(problem, i == 0 ? 0.4 : 1e-3));
            int j = 0;
            for (Map.Entry<String, double[]> e : curves.entrySet()) {
                at[i][j] = converged(e.getValue());
                rows.add(List.of(problem.name(), e.getKey(), at[i][j] < 0 ? "not within " + ITERATIONS : String.valueOf(at[i][j]),
                        LabReport.num(e.getValue()[ITERATIONS])));
                j++;
            }
            r.lineChart("newton_" + i + ".png", problem.name() + ": loss per iteration (log scale)", "iteration", "loss",
                    steps(ITERATIONS + 1), curves, true);
            i++;
        }
        r.table(List.of("problem", "method", "iterations to loss < " + TOLERANCE, "final loss"), rows);
        boolean holds = at[0][0] == 1 && at[1][0] > 0 && at[1][1] > 0 && at[1][0] < at[1][1] && at[0][1] > 0
                && (at[1][2] < 0 || at[1][2] > at[1][1]) && (at[0][2] < 0 || at[0][2] > at[0][1]);
        return new Finding(String.format(Locale.ROOT, "iterations to loss < 1e-9: quadratic Newton %d, L-BFGS %d, gradient descent %s; "
                + "Rosenbrock Newton %d, L-BFGS %d, gradient descent %s", at[0][0], at[0][1], at[0][2] < 0 ? "> " + ITERATIONS : at[0][2],
                at[1][0], at[1][1], at[1][2] < 0 ? "> " + ITERATIONS : at[1][2]), holds);
    }
}
