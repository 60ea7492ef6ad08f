package dev.kiln.cli.lab;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Why a non-zero-centred activation slows learning: a neuron z = w·x whose inputs x are sigmoid
 * outputs (all positive) gets ∂L/∂wᵢ = δ·xᵢ, the same sign δ for every weight, so one update
 * moves all weights up or all down. To reach w* = (1, −1) from (−1, 1) — one weight must grow, the
 * other shrink — it can only zig-zag. With tanh outputs (zero-centred) the signs differ freely.
 */
final class ZigZagExperiment extends DescribedExperiment {
    /** The weights to learn. */
    static final double[] TARGET = {1, -1};
    /** The start. */
    static final double[] START = {-1, 1};
    /** Per-sample SGD steps. */
    static final int STEPS = 400;
    /** Learning rate. */
    static final double LR = 0.2;

    /** One run: the path, the fraction of updates whose two components had the same sign, steps to within 0.1 of w*. */
    record Run(double[] w1, double[] w2, double sameSign, int reached) {
    }

    ZigZagExperiment() {
        super("zigzag", "The zig-zag of non-zero-centred sigmoid outputs", Chapter.S001,
                "Sigmoid outputs are not zero-centred: when a neuron's inputs are all positive, the gradients of all its weights "
                        + "have the same sign, so the weights can only all increase or all decrease together and the descent "
                        + "zig-zags; tanh is zero-centred and does not have this problem.");
    }

    /** Per-sample SGD on (w·x − w*·x)²/2 with inputs σ(u) (positive) or tanh(u), u ~ N(0, 1)². */
    static Run run(boolean positive, long seed) {
        Generator g = new Generator(seed);
        Tensor u = Tensor.randn(g, STEPS, 2).to(DType.FLOAT64);
        Tensor inputs = positive ? u.sigmoid() : u.tanh();
        Tensor target = Tensor.of(TARGET);
        Tensor w = Tensor.of(START.clone()).requiresGrad(true);
        double[] w1 = new double[STEPS + 1];
        double[] w2 = new double[STEPS + 1];
        int same = 0;
        int reached = -1;
        for (int s = 0; s <= STEPS; s++) {
            double[] v = w.detach().toDoubleArray();
            w1[s] = v[0];
            w2[s] = v[1];
            if (reached < 0 && Math.hypot(v[0] - TARGET[0], v[1] - TARGET[1]) < 0.1) {
                reached = s;
            }
            if (s == STEPS) {
                break;
            }
            Tensor x = inputs.select(0, s);
            w.setGrad(null);
            Tensor loss = w.mul(x).sum().sub(target.mul(x).sum()).square().mul(0.5);
            loss.backward();
            double[] grad = w.grad().toDoubleArray();
            same += Math.signum(grad[0]) == Math.signum(grad[1]) ? 1 : 0;
            w = w.detach().sub(w.grad().mul(LR)).requiresGrad(true);
        }
        return new Run(w1, w2, (double) same / STEPS, reached);
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        Run sigmoid = run(true, seed);
        Run tanh = run(false, seed);
        r.paragraph("A linear neuron with two weights learns w* = (1, −1) from (−1, 1) by per-sample SGD (lr " + LR + ", " + STEPS
                + " samples), its inputs being σ(u) or tanh(u) for u ~ N(0, I).");
        List<List<String>> rows = new ArrayList<>();
        for (Run run : List.of(sigmoid, tanh)) {
            rows.add(List.of(run == sigmoid ? "sigmoid inputs (all > 0)" : "tanh inputs (zero-centred)",
                    String.format(Locale.ROOT, "%.0f%%", 100 * run.sameSign()),
                    run.reached() < 0 ? "not within " + STEPS : String.valueOf(run.reached())));
        }
        r.table(List.of("inputs", "updates with both weights moving the same way", "steps to within 0.1 of w*"), rows);
        Map<String, double[][]> paths = new LinkedHashMap<>();
        paths.put("sigmoid inputs", new double[][] {sigmoid.w1(), sigmoid.w2()});
        paths.put("tanh inputs", new double[][] {tanh.w1(), tanh.w2()});
        Map<String, double[][]> guide = Map.of("straight line", new double[][] {{START[0], TARGET[0]}, {START[1], TARGET[1]}});
        r.chart("paths.png", new LabReport.Panel("Weight paths from (−1, 1) to (1, −1)", "w1", "w2", paths, guide, false, true,
                new double[] {-1.3, 1.3, -1.3, 1.3}), 800, 650);
        boolean holds = sigmoid.sameSign() == 1.0 && tanh.sameSign() < 0.8 && sigmoid.reached() > 0
                && (tanh.reached() > 0 && tanh.reached() < sigmoid.reached());
        return new Finding(String.format(Locale.ROOT, "updates moving both weights the same way: sigmoid inputs %.0f%%, tanh inputs "
                + "%.0f%%; steps to reach w*: sigmoid %s, tanh %s", 100 * sigmoid.sameSign(), 100 * tanh.sameSign(),
                sigmoid.reached() < 0 ? "> " + STEPS : sigmoid.reached(), tanh.reached() < 0 ? "> " + STEPS : tanh.reached()), holds);
    }
}
