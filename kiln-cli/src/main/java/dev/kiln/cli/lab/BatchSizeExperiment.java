package dev.kiln.cli.lab;

import dev.kiln.nn.Linear;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Generator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Epochs, iterations and the batch size: 1,000 training samples in batches of b take 1000/b
 * iterations per epoch (b = 10: 100 iterations). Batch gradient descent (b = 1000) takes one
 * exact, smooth step per epoch; stochastic gradient descent (b = 1) takes 1,000 noisy ones;
 * mini-batch gradient descent lies in between. Softmax regression on 1,000 of the 8×8 digits,
 * the same learning rate for every batch size.
 */
final class BatchSizeExperiment extends DescribedExperiment {
    /** Training samples. */
    static final int SAMPLES = 1000;
    /** Epochs per run. */
    static final int EPOCHS = 5;
    /** The learning rate shared by all batch sizes. */
    static final double LR = 0.1;
    /** The batch sizes compared. */
    static final int[] BATCHES = {1, 10, 100, 1000};

    /** One run: iterations per epoch, loss per epoch (index 0 before), the loss of each iteration, seconds per epoch. */
    record Run(int batch, int iterationsPerEpoch, double[] epochLoss, double[] iterationLoss, double secondsPerEpoch) {
        /** The fraction of iterations whose mini-batch loss is higher than the previous one's. */
        double rises() {
            int up = 0;
            for (int i = 1; i < iterationLoss.length; i++) {
                up += iterationLoss[i] > iterationLoss[i - 1] ? 1 : 0;
            }
            return iterationLoss.length < 2 ? 0 : (double) up / (iterationLoss.length - 1);
        }
    }

    BatchSizeExperiment() {
        super("batch-size", "Batch size: batch, stochastic and mini-batch gradient descent", Chapter.S002,
                "With 1000 training samples and batch size 10, one epoch takes 100 iterations. Batch gradient descent uses all "
                        + "samples per update (smooth, but one update per epoch), stochastic gradient descent one sample (many fast, "
                        + "strongly fluctuating updates), mini-batch gradient descent is the compromise.");
    }

    /** Trains softmax regression with batches of {@code batch}. */
    static Run train(int batch, LabTraining.Data data, long seed) {
        Generator g = new Generator(seed);
        Linear model = new Linear(64, 10, g);
        SGD opt = new SGD(model.parameters(), SGD.Options.of(LR));
        double[] epochLoss = new double[EPOCHS + 1];
        epochLoss[0] = LabTraining.loss(model, data);
        List<Double> iterations = new ArrayList<>();
        int perEpoch = 0;
        long nanos = 0;
        for (int e = 1; e <= EPOCHS; e++) {
            long t0 = System.nanoTime();
            double[] l = LabTraining.epoch(model, opt, data, batch, g);
            nanos += System.nanoTime() - t0;
            perEpoch = l.length;
            for (double v : l) {
                iterations.add(v);
            }
            epochLoss[e] = LabTraining.loss(model, data);
        }
        return new Run(batch, perEpoch, epochLoss, iterations.stream().mapToDouble(Double::doubleValue).toArray(),
                nanos / 1e9 / EPOCHS);
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        LabTraining.Data data = LabTraining.digits(seed).rows(0, SAMPLES);
        r.paragraph("Softmax regression (Linear 64 → 10) on " + SAMPLES + " of the 8×8 digits, SGD lr " + LR + " for every batch size, "
                + EPOCHS + " epochs. Time per epoch is wall-clock time on this machine (shown, not part of the claim).");
        List<Run> runs = new ArrayList<>();
        Map<String, double[]> epochCurves = new LinkedHashMap<>();
        List<List<String>> rows = new ArrayList<>();
        for (int b : BATCHES) {
            Run run = train(b, data, seed);
            runs.add(run);
            String name = b == 1 ? "b = 1 (SGD)" : b == SAMPLES ? "b = " + b + " (batch GD)" : "b = " + b + " (mini-batch)";
            epochCurves.put(name, run.epochLoss());
            rows.add(List.of(name, String.valueOf(run.iterationsPerEpoch()), LabReport.num(run.epochLoss()[1]),
                    LabReport.num(run.epochLoss()[EPOCHS]), String.format(Locale.ROOT, "%.0f%%", 100 * run.rises()),
                    String.format(Locale.ROOT, "%.1f ms", 1000 * run.secondsPerEpoch())));
        }
        r.table(List.of("batch size", "iterations per epoch", "loss after epoch 1", "after epoch " + EPOCHS,
                "iterations whose loss rose", "time per epoch"), rows);
        r.lineChart("loss_per_epoch.png", "Loss on the 1000 samples after each epoch (log scale)", "epoch", "cross-entropy",
                steps(EPOCHS + 1), epochCurves, true);
        List<LabReport.Panel> panels = new ArrayList<>();
        for (Run run : runs) {
            double[] it = run.iterationLoss();
            double[] x = new double[it.length];
            for (int i = 0; i < it.length; i++) {
                x[i] = (i + 1.0) / run.iterationsPerEpoch();
            }
            panels.add(new LabReport.Panel("b = " + run.batch() + ": loss of each iteration", "epoch", "mini-batch loss",
                    Map.of("b = " + run.batch(), new double[][] {x, it}), false));
        }
        r.grid("loss_per_iteration.png", "The loss each update sees: smooth for batch GD, noisy for SGD", panels, 2, 480, 320);
        Run sgd = runs.get(0);
        Run mini = runs.get(1);
        Run full = runs.get(BATCHES.length - 1);
        boolean counts = true;
        for (Run run : runs) {
            counts &= run.iterationsPerEpoch() == SAMPLES / run.batch();
        }
        boolean holds = counts && mini.iterationsPerEpoch() == 100 && full.rises() == 0 && sgd.rises() > 0.3
                && sgd.epochLoss()[EPOCHS] < mini.epochLoss()[EPOCHS] && mini.epochLoss()[EPOCHS] < full.epochLoss()[EPOCHS];
        return new Finding(String.format(Locale.ROOT, "iterations per epoch: b=1 %d, b=10 %d, b=100 %d, b=1000 %d; loss after %d epochs: "
                + "%.3f, %.3f, %.3f, %.3f; iterations whose loss rose: SGD %.0f%%, batch GD %.0f%%", sgd.iterationsPerEpoch(),
                mini.iterationsPerEpoch(), runs.get(2).iterationsPerEpoch(), full.iterationsPerEpoch(), EPOCHS, sgd.epochLoss()[EPOCHS],
                mini.epochLoss()[EPOCHS], runs.get(2).epochLoss()[EPOCHS], full.epochLoss()[EPOCHS], 100 * sgd.rises(),
                100 * full.rises()), holds);
    }
}
