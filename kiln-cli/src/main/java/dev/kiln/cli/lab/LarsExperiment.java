package dev.kiln.cli.lab;

import dev.kiln.nn.Linear;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.ReLU;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.optim.LARS;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * LARS (layer-wise adaptive rate scaling) for large batches: each layer's step is scaled by its
 * trust ratio λ = η‖w‖/‖∇w‖, so every layer moves by about the same fraction of its own norm
 * whatever the size of its gradient. The ratios ‖w‖/‖∇w‖ of an MLP's layers differ by more than an order of
 * magnitude; at a global learning rate where SGD with momentum fails, LARS (same momentum)
 * still trains. Full batch (all 1,797 8×8 digits), 64 → 128 → 128 → 10 ReLU MLP.
 */
final class LarsExperiment extends DescribedExperiment {
    /** Full-batch steps. */
    static final int STEPS = 100;
    /** The large global learning rate both use. */
    static final double LR = 5;

    LarsExperiment() {
        super("lars", "LARS: one learning rate for layers of very different gradient scales", Chapter.S004,
                "Using one global learning rate for all parameters is hard when layers' gradient scales differ; LARS gives each "
                        + "layer its own rate through the trust ratio η‖w‖/‖∇w‖, so at a large-batch learning rate where SGD with "
                        + "momentum fails (diverges or collapses to a constant prediction), LARS still converges.");
    }

    static Sequential model(long seed) {
        Generator g = new Generator(seed);
        return new Sequential(new Linear(64, 128, g), new ReLU(), new Linear(128, 128, g), new ReLU(),
                new Linear(128, 10, g));
    }

    /** ‖w‖/‖∇w‖ of every parameter tensor at initialisation, by name. */
    static Map<String, Double> ratios(LabTraining.Data data, long seed) {
        Sequential net = model(seed);
        new CrossEntropyLoss().forward(net.forward(data.x()), data.y()).backward();
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : net.namedParameters().entrySet()) {
            out.put(e.getKey(), e.getValue().detach().norm().item() / e.getValue().grad().norm().item());
        }
        return out;
    }

    /** The full-batch training loss per step (index 0 before training). */
    static double[] train(Function<List<Tensor>, Optimizer<?>> make, LabTraining.Data data, long seed) {
        Sequential net = model(seed);
        Optimizer<?> opt = make.apply(net.parameters());
        double[] loss = new double[STEPS + 1];
        Generator g = new Generator(seed);
        loss[0] = LabTraining.loss(net, data);
        for (int s = 1; s <= STEPS; s++) {
            LabTraining.epoch(net, opt, data, data.size(), g);
            loss[s] = LabTraining.loss(net, data);
            if (!Double.isFinite(loss[s])) {
                java.util.Arrays.fill(loss, s, STEPS + 1, Double.NaN);
                break;
            }
        }
        return loss;
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        LabTraining.Data data = LabTraining.digits(seed);
        Map<String, Double> ratios = ratios(data, seed);
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, Double> e : ratios.entrySet()) {
            rows.add(List.of(e.getKey(), LabReport.num(e.getValue())));
        }
        r.paragraph("MLP 64 → 128 → 128 → 10 (ReLU) on all " + data.size() + " 8×8 digits in one batch, " + STEPS + " steps. "
                + "First the ratio ‖w‖/‖∇w‖ of each parameter tensor at initialisation, then SGD (momentum 0.9) and LARS "
                + "(momentum 0.9, η = 0.001, weight decay 5e-4) at the same global learning rate " + LR + ", and SGD at 0.1 for reference.");
        r.table(List.of("parameter", "‖w‖/‖∇w‖ at initialisation"), rows);
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("SGD momentum, lr " + LR, train(p -> new SGD(p, SGD.Options.of(LR).withMomentum(0.9)), data, seed));
        curves.put("LARS, lr " + LR, train(p -> new LARS(p, LARS.Options.of(LR)), data, seed));
        curves.put("SGD momentum, lr 0.1", train(p -> new SGD(p, SGD.Options.of(0.1).withMomentum(0.9)), data, seed));
        List<List<String>> results = new ArrayList<>();
        for (Map.Entry<String, double[]> e : curves.entrySet()) {
            results.add(List.of(e.getKey(), LabReport.num(e.getValue()[0]), LabReport.num(e.getValue()[STEPS])));
        }
        r.table(List.of("optimiser", "loss before", "loss after " + STEPS + " steps"), results);
        r.lineChart("lars.png", "Full-batch training loss (log scale; a diverged run stops)", "step", "cross-entropy",
                steps(STEPS + 1), curves, true);
        double largest = ratios.values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double smallest = ratios.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double sgd = curves.get("SGD momentum, lr " + LR)[STEPS];
        double lars = curves.get("LARS, lr " + LR)[STEPS];
        double start = curves.get("LARS, lr " + LR)[0];
        boolean holds = largest / smallest > 10 && (!Double.isFinite(sgd) || sgd > start / 2) && lars < start / 4;
        return new Finding(String.format(Locale.ROOT, "‖w‖/‖∇w‖ spans %s to %s across the layers; after %d steps at lr %s: SGD momentum %s, "
                + "LARS %s (from %s)", LabReport.num(smallest), LabReport.num(largest), STEPS, LabReport.num(LR),
                Double.isFinite(sgd) ? LabReport.num(sgd) + (sgd > start / 2 ? " (did not train)" : "") : "diverged (NaN)", LabReport.num(lars), LabReport.num(start)), holds);
    }
}
