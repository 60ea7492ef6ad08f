package dev.kiln.cli.lab;

import dev.kiln.nn.BatchNorm1d;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.Sigmoid;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Generator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The same deep sigmoid MLP on the 8×8 digits trained three ways: without Batch Normalization,
 * with BN before each activation (Linear → BN → sigmoid, as in the BN paper) and with BN after it
 * (Linear → sigmoid → BN). BN keeps every layer's input normalised, so the gradients do not vanish
 * through the sigmoids and training is much faster at the same learning rate.
 */
final class BatchNormTrainingExperiment extends DescribedExperiment {
    /** Hidden layers. */
    static final int DEPTH = 5;
    /** Units per hidden layer. */
    static final int WIDTH = 64;
    /** Epochs. */
    static final int EPOCHS = 6;
    /** Mini-batch size. */
    static final int BATCH = 64;
    /** Learning rate of plain SGD. */
    static final double LR = 0.1;

    /** Where BN goes. */
    enum Placement {
        NONE("no BN"), BEFORE("BN before the activation"), AFTER("BN after the activation");

        final String label;

        Placement(String label) {
            this.label = label;
        }
    }

    BatchNormTrainingExperiment() {
        super("batchnorm-training", "Training with and without Batch Normalization, BN before vs after the activation", Chapter.S002,
                "Batch Normalization speeds up training: with BN layers the same network reaches a much lower loss in the same "
                        + "number of epochs at the same learning rate (the notes place BN before the activation; after it also works).");
    }

    static Sequential model(Placement placement, long seed) {
        Generator g = new Generator(seed);
        List<Module> layers = new ArrayList<>();
        int in = 64;
        for (int l = 0; l < DEPTH; l++) {
            layers.add(new Linear(in, WIDTH, g));
            if (placement == Placement.BEFORE) {
                layers.add(new BatchNorm1d(WIDTH));
            }
            layers.add(new Sigmoid());
            if (placement == Placement.AFTER) {
                layers.add(new BatchNorm1d(WIDTH));
            }
            in = WIDTH;
        }
        layers.add(new Linear(in, 10, g));
        return new Sequential(layers.toArray(Module[]::new));
    }

    /** The training-set loss after each epoch (index 0 before training) and the final accuracy. */
    static double[] train(Placement placement, LabTraining.Data data, long seed) {
        Sequential net = model(placement, seed);
        SGD opt = new SGD(net.parameters(), SGD.Options.of(LR));
        Generator g = new Generator(seed + 1);
        double[] out = new double[EPOCHS + 2];
        out[0] = LabTraining.loss(net, data);
        for (int e = 1; e <= EPOCHS; e++) {
            LabTraining.epoch(net, opt, data, BATCH, g);
            out[e] = LabTraining.loss(net, data);
        }
        out[EPOCHS + 1] = LabTraining.accuracy(net, data);
        return out;
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        LabTraining.Data data = LabTraining.digits(seed);
        r.paragraph("MLP 64 → " + DEPTH + "×" + WIDTH + " sigmoid → 10 on the " + data.size() + " 8×8 digits, plain SGD lr " + LR
                + ", batches of " + BATCH + ", " + EPOCHS + " epochs; loss and accuracy on the training set in eval mode (BN with "
                + "its running statistics).");
        Map<String, double[]> curves = new LinkedHashMap<>();
        Map<Placement, double[]> runs = new LinkedHashMap<>();
        List<List<String>> rows = new ArrayList<>();
        for (Placement p : Placement.values()) {
            double[] run = train(p, data, seed);
            runs.put(p, run);
            curves.put(p.label, java.util.Arrays.copyOf(run, EPOCHS + 1));
            rows.add(List.of(p.label, LabReport.num(run[0]), LabReport.num(run[1]), LabReport.num(run[EPOCHS]),
                    String.format(Locale.ROOT, "%.1f%%", 100 * run[EPOCHS + 1])));
        }
        r.table(List.of("network", "loss before", "after epoch 1", "after epoch " + EPOCHS, "accuracy"), rows);
        r.lineChart("bn_training.png", "Training loss per epoch, same net and lr", "epoch", "cross-entropy", steps(EPOCHS + 1), curves,
                false);
        double none = runs.get(Placement.NONE)[EPOCHS];
        double before = runs.get(Placement.BEFORE)[EPOCHS];
        double after = runs.get(Placement.AFTER)[EPOCHS];
        boolean holds = before < none / 2 && after < none / 2;
        return new Finding(String.format(Locale.ROOT, "loss after %d epochs: no BN %.3f (accuracy %.1f%%), BN before %.3f (%.1f%%), "
                + "BN after %.3f (%.1f%%)", EPOCHS, none, 100 * runs.get(Placement.NONE)[EPOCHS + 1], before,
                100 * runs.get(Placement.BEFORE)[EPOCHS + 1], after, 100 * runs.get(Placement.AFTER)[EPOCHS + 1]), holds);
    }
}
