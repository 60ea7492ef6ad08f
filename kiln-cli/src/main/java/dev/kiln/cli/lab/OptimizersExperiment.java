package dev.kiln.cli.lab;

import dev.kiln.optim.Adadelta;
import dev.kiln.optim.Adagrad;
import dev.kiln.optim.Adam;
import dev.kiln.optim.AdamW;
import dev.kiln.optim.LBFGS;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.RMSprop;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln lab optimizers}: the trajectories of the optimisers of the notes on two classic
 * test functions of a point p = (x, y), from the same start, with the learning rates in the table:
 * the Rosenbrock function (1 − x)² + 100·(y − x²)² (a curved valley, minimum at (1, 1)) and the
 * ill-conditioned quadratic 0.1·x² + 2·y² (condition number 20, minimum at the origin).
 * The loss is computed by autograd on a float64 parameter; L-BFGS runs one iteration per step
 * with a strong-Wolfe line search.
 */
@Command(name = "optimizers", mixinStandardHelpOptions = true,
        description = "Trajectories of SGD, Momentum, Nesterov, Adagrad, Adadelta, RMSprop, Adam, AdamW, AMSGrad and L-BFGS.")
final class OptimizersExperiment implements Callable<Integer>, Experiment {
    /** A test function with its start point and minimum. */
    record Problem(String name, String file, UnaryOperator<Tensor> f, double[] start, double[] minimum, double[] lrs) {
    }

    /** An optimiser made from the parameter and the learning rate. */
    record Method(String name, String settings, Function<Tensor, Function<Double, Optimizer<?>>> make) {
    }

    /** One run: the points visited (index 0 the start) and the loss at each. */
    record Trajectory(String method, double lr, double[] xs, double[] ys, double[] loss) {
        double finalLoss() {
            return loss[loss.length - 1];
        }

        double distance(double[] minimum) {
            return Math.hypot(xs[xs.length - 1] - minimum[0], ys[ys.length - 1] - minimum[1]);
        }
    }

    @Mixin
    LabOptions options;

    @Option(names = "--steps", description = "Optimiser steps (default ${DEFAULT-VALUE}).")
    int steps = 1000;

    /** The Rosenbrock function of p = (x, y). */
    static Tensor rosenbrock(Tensor p) {
        Tensor x = p.select(0, 0);
        Tensor y = p.select(0, 1);
        return x.neg().add(1).square().add(y.sub(x.square()).square().mul(100));
    }

    /** The quadratic 0.1·x² + 2·y². */
    static Tensor quadratic(Tensor p) {
        return p.select(0, 0).square().mul(0.1).add(p.select(0, 1).square().mul(2));
    }

    /** The methods, in the order of {@link Problem#lrs()}. */
    static List<Method> methods() {
        return List.of(
                new Method("SGD", "", p -> lr -> new SGD(List.of(p), SGD.Options.of(lr))),
                new Method("Momentum", "0.9", p -> lr -> new SGD(List.of(p), SGD.Options.of(lr).withMomentum(0.9))),
                new Method("Nesterov", "0.9", p -> lr -> new SGD(List.of(p), SGD.Options.of(lr).withMomentum(0.9).withNesterov(true))),
                new Method("Adagrad", "", p -> lr -> new Adagrad(List.of(p), Adagrad.Options.of(lr))),
                new Method("Adadelta", "rho 0.9", p -> lr -> new Adadelta(List.of(p), Adadelta.Options.of(lr))),
                new Method("RMSprop", "alpha 0.99", p -> lr -> new RMSprop(List.of(p), RMSprop.Options.of(lr))),
                new Method("Adam", "betas 0.9, 0.999", p -> lr -> new Adam(List.of(p), Adam.Options.of(lr))),
                new Method("AdamW", "weight decay 0.01", p -> lr -> new AdamW(List.of(p), AdamW.defaults(lr))),
                new Method("AMSGrad", "", p -> lr -> new Adam(List.of(p), Adam.Options.of(lr).withAmsgrad(true))),
                new Method("L-BFGS", "strong Wolfe, 1 iteration/step", p -> lr -> new LBFGS(List.of(p),
                        LBFGS.Options.of(lr).withMaxIter(1).withStrongWolfe(true))));
    }

    /** The two problems, with a learning rate per method (same order as {@link #methods()}). */
    static List<Problem> problems() {
        return List.of(
                new Problem("Rosenbrock (1-x)² + 100(y-x²)²", "rosenbrock", OptimizersExperiment::rosenbrock,
                        new double[] {-1.5, 2}, new double[] {1, 1},
                        new double[] {1e-3, 1e-3, 1e-3, 1.0, 1.0, 1e-2, 0.1, 0.1, 0.1, 1.0}),
                new Problem("Ill-conditioned quadratic 0.1x² + 2y²", "quadratic", OptimizersExperiment::quadratic,
                        new double[] {-5, -2}, new double[] {0, 0},
                        new double[] {0.4, 0.05, 0.05, 0.4, 1.0, 0.01, 0.1, 0.1, 0.1, 1.0}));
    }

    /** Runs one method on one problem for {@code steps} steps. */
    static Trajectory run(Problem problem, Method method, double lr, int steps) {
        Tensor p = Tensor.fromArray(problem.start().clone(), 2).to(DType.FLOAT64).requiresGrad(true);
        Optimizer<?> opt = method.make().apply(p).apply(lr);
        double[] xs = new double[steps + 1];
        double[] ys = new double[steps + 1];
        double[] loss = new double[steps + 1];
        for (int s = 0; s <= steps; s++) {
            double[] v = p.detach().toDoubleArray();
            xs[s] = v[0];
            ys[s] = v[1];
            loss[s] = problem.f().apply(p.detach()).item();
            if (s == steps || !Double.isFinite(loss[s])) {
                if (s < steps) {
                    java.util.Arrays.fill(xs, s + 1, steps + 1, Double.NaN);
                    java.util.Arrays.fill(ys, s + 1, steps + 1, Double.NaN);
                    java.util.Arrays.fill(loss, s + 1, steps + 1, Double.NaN);
                }
                break;
            }
            opt.step(() -> {
                opt.zeroGrad();
                Tensor l = problem.f().apply(p);
                l.backward();
                return l.item();
            });
        }
        return new Trajectory(method.name(), lr, xs, ys, loss);
    }

    @Override
    public Integer call() throws Exception {
        execute(System.out);
        return 0;
    }

    @Override
    public String id() {
        return "optimizers";
    }

    @Override
    public String title() {
        return "Optimiser trajectories on Rosenbrock and an ill-conditioned quadratic";
    }

    @Override
    public Chapter chapter() {
        return Chapter.S004;
    }

    @Override
    public String claim() {
        return "Momentum keeps the direction of past updates, speeding up where the gradient is consistent and damping oscillation, so "
                + "it converges in fewer steps than plain SGD on an ill-conditioned valley; second-order methods (L-BFGS) take the "
                + "most accurate steps and need the fewest iterations.";
    }

    void execute(PrintStream out) throws Exception {
        if (steps < 1 || steps > 100_000) {
            throw new IllegalArgumentException("--steps must be between 1 and 100000, got " + steps);
        }
        LabBook.runOne(this, options.dir("optimizers"), options.seed, out);
    }

    @Override
    public Finding run(LabReport r, long seed) throws java.io.IOException {
        r.paragraph("Every optimiser starts from the same point and takes " + steps + " steps on the same function (autograd "
                + "on a float64 point). Learning rates are per method and problem, chosen so that each converges or at least "
                + "does not diverge; L-BFGS runs one quasi-Newton iteration with a strong-Wolfe line search per step.");
        List<Method> methods = methods();
        Map<String, Integer> reachedAt = new LinkedHashMap<>();
        for (Problem problem : problems()) {
            r.heading(problem.name() + String.format(Locale.ROOT, ", start (%s, %s), minimum (%s, %s)",
                    LabReport.num(problem.start()[0]), LabReport.num(problem.start()[1]), LabReport.num(problem.minimum()[0]),
                    LabReport.num(problem.minimum()[1])));
            List<List<String>> rows = new ArrayList<>();
            Map<String, double[][]> paths = new LinkedHashMap<>();
            Map<String, double[]> losses = new LinkedHashMap<>();
            for (int m = 0; m < methods.size(); m++) {
                Method method = methods.get(m);
                Trajectory t = run(problem, method, problem.lrs()[m], steps);
                int reached = firstBelow(t.loss(), 1e-6);
                rows.add(List.of(method.name(), method.settings(), LabReport.num(t.lr()), LabReport.num(t.finalLoss()),
                        LabReport.num(t.distance(problem.minimum())), reached < 0 ? "-" : String.valueOf(reached)));
                paths.put(method.name(), new double[][] {t.xs(), t.ys()});
                reachedAt.put(problem.file() + "/" + method.name(), reached);
                losses.put(method.name(), t.loss());
            }
            r.table(List.of("method", "settings", "lr", "final loss", "distance to minimum", "first step with loss < 1e-6"),
                    rows);
            Map<String, double[][]> guides = guides(problem);
            double[] box = problem.file().equals("quadratic") ? LabReport.box(guides) : new double[] {-2, 2, -1, 3};
            String from = " from (" + LabReport.num(problem.start()[0]) + ", " + LabReport.num(problem.start()[1]) + ")";
            r.chart(problem.file() + "_paths.png", new LabReport.Panel(problem.name() + ": all paths" + from, "x", "y", paths,
                    guides, false, true, box), 900, 650);
            List<LabReport.Panel> panels = new ArrayList<>();
            for (Map.Entry<String, double[][]> e : paths.entrySet()) {
                panels.add(new LabReport.Panel(e.getKey(), "x", "y", Map.of(e.getKey(), e.getValue()), guides, false, true, box));
            }
            r.grid(problem.file() + "_paths_grid.png", problem.name() + ": one panel per method", panels, 5, 480, 360);
            double[] x = new double[steps + 1];
            for (int i = 0; i <= steps; i++) {
                x[i] = i;
            }
            r.lineChart(problem.file() + "_loss.png", problem.name() + ": loss per step (log scale)", "step", "loss", x, losses,
                    true);
        }
        Problem quadratic = problems().get(1);
        double momentumLr = quadratic.lrs()[1];
        int sgd = firstBelow(run(quadratic, methods.get(0), momentumLr, steps).loss(), 1e-6);
        int momentum = reachedAt.get("quadratic/Momentum");
        int lbfgs = reachedAt.get("rosenbrock/L-BFGS");
        int fastestFirstOrder = Integer.MAX_VALUE;
        for (Map.Entry<String, Integer> e : reachedAt.entrySet()) {
            if (e.getKey().startsWith("rosenbrock/") && !e.getKey().endsWith("L-BFGS") && e.getValue() >= 0) {
                fastestFirstOrder = Math.min(fastestFirstOrder, e.getValue());
            }
        }
        r.paragraph("At the same learning rate " + LabReport.num(momentumLr) + " on the quadratic, plain SGD needs "
                + (sgd < 0 ? "more than " + steps : String.valueOf(sgd)) + " steps to reach a loss below 1e-6, Momentum "
                + momentum + ".");
        boolean holds = momentum >= 0 && (sgd < 0 || momentum < sgd) && lbfgs >= 0 && lbfgs < fastestFirstOrder;
        return new Finding(String.format(Locale.ROOT,
                "steps to loss < 1e-6 on the quadratic at lr %s: SGD %s, Momentum %s; on Rosenbrock: L-BFGS %s, fastest "
                        + "first-order method %s", LabReport.num(momentumLr), sgd < 0 ? "more than " + steps : String.valueOf(sgd),
                momentum < 0 ? "never" : String.valueOf(momentum), lbfgs < 0 ? "never" : String.valueOf(lbfgs),
                fastestFirstOrder == Integer.MAX_VALUE ? "never" : String.valueOf(fastestFirstOrder)), holds);
    }

    /** The first step whose loss is below {@code threshold}, or −1. */
    static int firstBelow(double[] loss, double threshold) {
        for (int s = 0; s < loss.length; s++) {
            if (loss[s] < threshold) {
                return s;
            }
        }
        return -1;
    }

    /** Level sets drawn behind the paths (ellipses for the quadratic, banana-shaped curves for Rosenbrock). */
    private static Map<String, double[][]> guides(Problem problem) {
        Map<String, double[][]> g = new LinkedHashMap<>();
        if (problem.file().equals("quadratic")) {
            for (double c : new double[] {0.1, 0.5, 1.5, 3.3, 6}) {
                double[] xs = new double[121];
                double[] ys = new double[121];
                for (int i = 0; i <= 120; i++) {
                    double a = 2 * Math.PI * i / 120;
                    xs[i] = Math.sqrt(c / 0.1) * Math.cos(a);
                    ys[i] = Math.sqrt(c / 2) * Math.sin(a);
                }
                g.put("f = " + c, new double[][] {xs, ys});
            }
        } else {
            // closed level sets f = c: y = x² ± √((c − (1−x)²)/100) for |1 − x| ≤ √c, kept inside [-2, 2] × [-1, 3]
            for (double c : new double[] {0.25, 1, 4, 12.5, 40}) {
                int n = 400;
                double[] xs = new double[2 * n + 1];
                double[] ys = new double[2 * n + 1];
                double r = Math.sqrt(c);
                for (int i = 0; i <= 2 * n; i++) {
                    boolean upper = i <= n;
                    double u = upper ? (double) i / n : (double) (2 * n - i) / n;
                    double x = 1 - r + 2 * r * (0.5 - 0.5 * Math.cos(Math.PI * u));
                    double d = Math.sqrt(Math.max(0, (c - (1 - x) * (1 - x)) / 100));
                    xs[i] = x;
                    ys[i] = x * x + (upper ? d : -d);
                }
                int segment = 0;
                List<Double> sx = new ArrayList<>();
                List<Double> sy = new ArrayList<>();
                for (int i = 0; i <= 2 * n + 1; i++) {
                    boolean inside = i <= 2 * n && xs[i] >= -2 && xs[i] <= 2 && ys[i] >= -1 && ys[i] <= 3;
                    if (inside) {
                        sx.add(xs[i]);
                        sy.add(ys[i]);
                    } else if (sx.size() > 1) {
                        g.put("f = " + c + " #" + segment++, new double[][] {
                            sx.stream().mapToDouble(Double::doubleValue).toArray(), sy.stream().mapToDouble(Double::doubleValue).toArray()});
                        sx.clear();
                        sy.clear();
                    } else {
                        sx.clear();
                        sy.clear();
                    }
                }
            }
        }
        return g;
    }
}
