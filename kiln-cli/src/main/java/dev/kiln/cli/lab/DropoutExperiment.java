package dev.kiln.cli.lab;

import dev.kiln.nn.Dropout;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.ReLU;
import dev.kiln.optim.Adam;
import dev.kiln.tensor.Generator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Dropout against L2 on a small net that can over-fit: a 64 → 256 → 256 → 10 ReLU MLP trained on
 * only 100 of the 8×8 digits (full batch, Adam) and tested on the other 1,697. Without
 * regularisation the training loss goes to 0 while the test loss climbs back up; dropout (p = 0.5
 * on both hidden layers) and L2 (weight decay, i.e. λ‖w‖² added to the loss) both keep the test
 * loss lower.
 */
final class DropoutExperiment extends DescribedExperiment {
    /** Training samples. */
    static final int TRAIN = 100;
    /** Full-batch Adam steps. */
    static final int STEPS = 300;
    /** Steps between two evaluations. */
    static final int EVERY = 10;
    /** The L2 coefficient (Adam's weight decay adds λw to the gradient, the gradient of λ‖w‖²/2). */
    static final double WEIGHT_DECAY = 0.01;

    /** The regularisation of one run. */
    enum Regularization {
        NONE("none"), L2("L2 (weight decay 0.01)"), DROPOUT("dropout 0.5");

        final String label;

        Regularization(String label) {
            this.label = label;
        }
    }

    DropoutExperiment() {
        super("dropout-l2", "Dropout vs L2 regularisation on a small over-fitting net", Chapter.S002,
                "Regularisation reduces over-fitting: a large net trained on few samples drives its training loss to 0 while "
                        + "its test loss grows; L2 regularisation and dropout both keep the test loss lower and narrow the gap "
                        + "between training and test.");
    }

    static Sequential model(Regularization reg, long seed) {
        Generator g = new Generator(seed);
        List<Module> layers = new ArrayList<>(List.of(new Linear(64, 256, g), new ReLU()));
        if (reg == Regularization.DROPOUT) {
            layers.add(new Dropout(0.5, new Generator(seed + 7)));
        }
        layers.add(new Linear(256, 256, g));
        layers.add(new ReLU());
        if (reg == Regularization.DROPOUT) {
            layers.add(new Dropout(0.5, new Generator(seed + 8)));
        }
        layers.add(new Linear(256, 10, g));
        return new Sequential(layers.toArray(Module[]::new));
    }

    /** {training loss per evaluation, test loss per evaluation, final test accuracy}. */
    static double[][] train(Regularization reg, LabTraining.Data train, LabTraining.Data test, long seed) {
        Sequential net = model(reg, seed);
        Adam.Options o = Adam.Options.of(1e-3);
        Adam opt = new Adam(net.parameters(), reg == Regularization.L2 ? o.withWeightDecay(WEIGHT_DECAY) : o);
        int points = STEPS / EVERY + 1;
        double[] trainLoss = new double[points];
        double[] testLoss = new double[points];
        Generator g = new Generator(seed + 1);
        for (int s = 0; s <= STEPS; s++) {
            if (s % EVERY == 0) {
                trainLoss[s / EVERY] = LabTraining.loss(net, train);
                testLoss[s / EVERY] = LabTraining.loss(net, test);
            }
            if (s < STEPS) {
                LabTraining.epoch(net, opt, train, TRAIN, g);
            }
        }
        return new double[][] {trainLoss, testLoss, {LabTraining.accuracy(net, test)}};
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        LabTraining.Data all = LabTraining.digits(seed);
        LabTraining.Data train = all.rows(0, TRAIN);
        LabTraining.Data test = all.rows(TRAIN, all.size());
        r.paragraph("MLP 64 → 256 → 256 → 10 (ReLU), Adam lr 1e-3, full batch of the " + TRAIN + " training digits for " + STEPS
                + " steps; test on the other " + test.size() + ".");
        Map<String, double[]> curves = new LinkedHashMap<>();
        Map<Regularization, double[][]> runs = new LinkedHashMap<>();
        List<List<String>> rows = new ArrayList<>();
        for (Regularization reg : Regularization.values()) {
            double[][] run = train(reg, train, test, seed);
            runs.put(reg, run);
            curves.put(reg.label + ": training", run[0]);
            curves.put(reg.label + ": test", run[1]);
            double best = java.util.Arrays.stream(run[1]).min().orElseThrow();
            rows.add(List.of(reg.label, LabReport.num(run[0][run[0].length - 1]), LabReport.num(run[1][run[1].length - 1]),
                    LabReport.num(best), String.format(Locale.ROOT, "%.1f%%", 100 * run[2][0])));
        }
        r.table(List.of("regularisation", "final training loss", "final test loss", "lowest test loss", "test accuracy"), rows);
        double[] x = new double[STEPS / EVERY + 1];
        for (int i = 0; i < x.length; i++) {
            x[i] = i * EVERY;
        }
        r.lineChart("losses.png", "Training and test loss (log scale)", "Adam step", "cross-entropy", x, curves, true);
        int last = STEPS / EVERY;
        double none = runs.get(Regularization.NONE)[1][last];
        double l2 = runs.get(Regularization.L2)[1][last];
        double dropout = runs.get(Regularization.DROPOUT)[1][last];
        double gapNone = none - runs.get(Regularization.NONE)[0][last];
        double gapL2 = l2 - runs.get(Regularization.L2)[0][last];
        double gapDropout = dropout - runs.get(Regularization.DROPOUT)[0][last];
        boolean holds = l2 < none && dropout < none && gapL2 < gapNone && gapDropout < gapNone;
        return new Finding(String.format(Locale.ROOT, "final test loss: none %.3f, L2 %.3f, dropout %.3f; test − training gap: none %.3f, "
                + "L2 %.3f, dropout %.3f; test accuracy %.1f%%, %.1f%%, %.1f%%", none, l2, dropout, gapNone, gapL2, gapDropout,
                100 * runs.get(Regularization.NONE)[2][0], 100 * runs.get(Regularization.L2)[2][0],
                100 * runs.get(Regularization.DROPOUT)[2][0]), holds);
    }
}
