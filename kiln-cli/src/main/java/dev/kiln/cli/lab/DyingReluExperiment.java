package dev.kiln.cli.lab;

import dev.kiln.autograd.GradMode;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.ReLU;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Dying ReLU: a unit whose pre-activation is negative for every input outputs 0 and gets zero
 * gradient, so it never recovers. One large step can push many units there. A 64 → 128 ReLU → 10
 * classifier on the 8×8 digits is trained with SGD at several learning rates; a hidden unit
 * counts as dead when its pre-activation is ≤ 0 on every training sample.
 */
final class DyingReluExperiment extends DescribedExperiment {
    /** Hidden units. */
    static final int HIDDEN = 128;
    /** Epochs. */
    static final int EPOCHS = 3;
    /** The learning rates compared. */
    static final double[] LRS = {0.01, 0.1, 1, 5};

    DyingReluExperiment() {
        super("dying-relu", "Dying ReLU at a high learning rate", Chapter.S001,
                "ReLU units can die: after some training a unit may output 0 for every input and, its gradient being 0, never "
                        + "recover — especially with a large learning rate; a suitable learning rate keeps them alive.");
    }

    /** The fraction of dead hidden units after each epoch (index 0 at initialisation). */
    static double[] deadFraction(double lr, LabTraining.Data data, long seed) {
        Generator g = new Generator(seed);
        Linear hidden = new Linear(64, HIDDEN, g);
        Sequential net = new Sequential(hidden, new ReLU(), new Linear(HIDDEN, 10, g));
        SGD opt = new SGD(net.parameters(), SGD.Options.of(lr));
        double[] dead = new double[EPOCHS + 1];
        dead[0] = dead(hidden, data);
        for (int e = 1; e <= EPOCHS; e++) {
            LabTraining.epoch(net, opt, data, 32, g);
            dead[e] = dead(hidden, data);
        }
        return dead;
    }

    /** The fraction of units whose pre-activation is ≤ 0 (or not finite) on every sample. */
    static double dead(Linear hidden, LabTraining.Data data) {
        try (var off = GradMode.disabled()) {
            Tensor z = hidden.forward(data.x());
            Tensor alive = z.gt(0).any(0, false);
            return 1 - alive.to(dev.kiln.tensor.DType.FLOAT64).mean().item();
        }
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        LabTraining.Data data = LabTraining.digits(seed);
        r.paragraph("Linear 64 → " + HIDDEN + ", ReLU, Linear → 10 on the " + data.size() + " 8×8 digits, SGD with batches of 32 for "
                + EPOCHS + " epochs. A hidden unit is dead when its pre-activation is ≤ 0 for all " + data.size() + " samples.");
        Map<String, double[]> curves = new LinkedHashMap<>();
        List<List<String>> rows = new ArrayList<>();
        for (double lr : LRS) {
            double[] d = deadFraction(lr, data, seed);
            curves.put("lr " + LabReport.num(lr), d);
            rows.add(List.of(LabReport.num(lr), String.format(Locale.ROOT, "%.1f%%", 100 * d[0]),
                    String.format(Locale.ROOT, "%.1f%%", 100 * d[EPOCHS])));
        }
        r.table(List.of("learning rate", "dead at initialisation", "dead after " + EPOCHS + " epochs"), rows);
        r.lineChart("dead_units.png", "Fraction of dead ReLU units during training", "epoch", "dead fraction", steps(EPOCHS + 1),
                curves, false);
        double initial = curves.get("lr " + LabReport.num(LRS[0]))[0];
        double small = curves.get("lr " + LabReport.num(LRS[0]))[EPOCHS];
        double large = curves.get("lr " + LabReport.num(LRS[LRS.length - 1]))[EPOCHS];
        boolean holds = small - initial < 0.02 && large > 0.5;
        return new Finding(String.format(Locale.ROOT, "dead hidden units: %.1f%% at initialisation; after %d epochs %.1f%% at lr %s, "
                + "%.1f%% at lr %s", 100 * initial, EPOCHS, 100 * small, LabReport.num(LRS[0]), 100 * large,
                LabReport.num(LRS[LRS.length - 1])), holds);
    }
}
