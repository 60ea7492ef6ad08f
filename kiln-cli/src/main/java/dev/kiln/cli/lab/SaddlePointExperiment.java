package dev.kiln.cli.lab;

import dev.kiln.optim.Adam;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A saddle point: f(x, y) = x²/2 + y⁴/4 − y²/2 has a saddle at (0, 0) (a minimum along x, a
 * maximum along y) and minima at (0, ±1) with f = −1/4. From (1, 10⁻⁶), almost on the ridge,
 * gradient descent creeps: the y-gradient is −y + y³ ≈ −y, so |y| grows only by (1 + lr) per step.
 * Momentum accumulates that small push and escapes far sooner.
 */
final class SaddlePointExperiment extends DescribedExperiment {
    /** The learning rate shared by the methods. */
    static final double LR = 0.01;
    /** The start, just off the ridge y = 0. */
    static final double[] START = {1, 1e-6};
    /** Steps per run. */
    static final int STEPS = 2500;

    SaddlePointExperiment() {
        super("saddle-point", "Escaping a saddle point: SGD vs Momentum", Chapter.S004,
                "Besides minima and maxima there are saddle points, where the gradient vanishes though the surface falls away "
                        + "in some directions; plain SGD can get stuck near one, while momentum keeps moving and escapes.");
    }

    /** f(p) for p = (x, y). */
    static Tensor f(Tensor p) {
        Tensor x = p.select(0, 0);
        Tensor y = p.select(0, 1);
        return x.square().mul(0.5).add(y.pow(4).mul(0.25)).sub(y.square().mul(0.5));
    }

    /** The optimisers compared, by name. */
    static Map<String, Function<Tensor, Optimizer<?>>> methods() {
        Map<String, Function<Tensor, Optimizer<?>>> m = new LinkedHashMap<>();
        m.put("SGD", p -> new SGD(List.of(p), SGD.Options.of(LR)));
        m.put("Momentum 0.9", p -> new SGD(List.of(p), SGD.Options.of(LR).withMomentum(0.9)));
        m.put("Adam", p -> new Adam(List.of(p), Adam.Options.of(LR)));
        return m;
    }

    /** The values of f along the run, index 0 the start; and the path, {xs, ys, f}. */
    static double[][] run(Function<Tensor, Optimizer<?>> make) {
        Tensor p = Tensor.fromArray(START.clone(), 2).to(DType.FLOAT64).requiresGrad(true);
        Optimizer<?> opt = make.apply(p);
        double[][] out = new double[3][STEPS + 1];
        for (int s = 0; s <= STEPS; s++) {
            double[] v = p.detach().toDoubleArray();
            out[0][s] = v[0];
            out[1][s] = v[1];
            out[2][s] = f(p.detach()).item();
            if (s < STEPS) {
                opt.zeroGrad();
                f(p).backward();
                opt.step();
            }
        }
        return out;
    }

    /** The first step at which f < −0.2 (the saddle left behind, close to a minimum), or −1. */
    static int escapedAt(double[] f) {
        for (int s = 0; s < f.length; s++) {
            if (f[s] < -0.2) {
                return s;
            }
        }
        return -1;
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        r.paragraph("f(x, y) = x²/2 + y⁴/4 − y²/2 from (1, 1e-6), lr " + LR + " for every method, " + STEPS + " steps. "
                + "At the saddle (0, 0), f = 0; the minima (0, ±1) have f = −0.25. A run has escaped once f < −0.2.");
        Map<String, double[]> values = new LinkedHashMap<>();
        Map<String, double[][]> paths = new LinkedHashMap<>();
        Map<String, Integer> escaped = new LinkedHashMap<>();
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Function<Tensor, Optimizer<?>>> m : methods().entrySet()) {
            double[][] run = run(m.getValue());
            values.put(m.getKey(), run[2]);
            paths.put(m.getKey(), new double[][] {run[0], run[1]});
            int at = escapedAt(run[2]);
            escaped.put(m.getKey(), at);
            rows.add(List.of(m.getKey(), at < 0 ? "not within " + STEPS : String.valueOf(at), LabReport.num(run[2][STEPS])));
        }
        r.table(List.of("method", "steps until f < −0.2", "final f"), rows);
        r.lineChart("saddle_f.png", "f along the run (the saddle has f = 0, the minima −0.25)", "step", "f(x, y)", steps(STEPS + 1),
                values, false);
        Map<String, double[][]> guides = new LinkedHashMap<>();
        for (double c : new double[] {-0.2, -0.1, 0, 0.1, 0.3}) {
            for (int sign : new int[] {1, -1}) {
                double[] ys = grid(-1.45, 1.45, 200);
                double[] xs = new double[ys.length];
                for (int i = 0; i < ys.length; i++) {
                    double rest = 2 * (c - Math.pow(ys[i], 4) / 4 + ys[i] * ys[i] / 2);
                    xs[i] = rest >= 0 ? sign * Math.sqrt(rest) : Double.NaN;
                }
                addSegments(guides, "f = " + c + (sign > 0 ? "+" : "-"), xs, ys);
            }
        }
        r.chart("saddle_paths.png", new LabReport.Panel("Paths from (1, 1e-6) over the level sets of f", "x", "y", paths, guides,
                false, false, new double[] {-1.2, 1.2, -1.3, 1.3}), 800, 600);
        int sgd = escaped.get("SGD");
        int momentum = escaped.get("Momentum 0.9");
        boolean holds = momentum > 0 && (sgd < 0 || momentum * 3 < sgd);
        return new Finding("steps until f < −0.2 at lr " + LR + ": SGD " + (sgd < 0 ? "more than " + STEPS : sgd) + ", Momentum "
                + (momentum < 0 ? "more than " + STEPS : momentum) + ", Adam " + escaped.get("Adam"), holds);
    }
}
