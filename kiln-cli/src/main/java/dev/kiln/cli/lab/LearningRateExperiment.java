package dev.kiln.cli.lab;

import dev.kiln.nn.Linear;
import dev.kiln.optim.SGD;
import dev.kiln.optim.lr.CosineAnnealingLR;
import dev.kiln.tensor.Generator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The learning rate on one problem: softmax regression on the 8×8 digits trained by mini-batch
 * SGD for a few epochs at a learning rate that is too small, about right and too large, and at
 * the too-large rate annealed to 0 by a cosine schedule.
 */
final class LearningRateExperiment extends DescribedExperiment {
    /** Epochs per run. */
    static final int EPOCHS = 8;
    /** Mini-batch size. */
    static final int BATCH = 32;
    /** The rates compared: too small, about right, too large. */
    static final double SMALL = 0.002;
    /** About right. */
    static final double RIGHT = 0.5;
    /** Too large. */
    static final double LARGE = 30;

    LearningRateExperiment() {
        super("learning-rate", "Learning rate: too small, right, too large, and a schedule", Chapter.S002,
                "The learning rate decides how far each step goes: too small and the loss falls very slowly, too large and it "
                        + "oscillates or diverges instead of converging; decaying the rate during training (a scheduler) lets a run "
                        + "that starts large still settle to a low loss.");
    }

    /** The training loss after each epoch (index 0 before training) at {@code lr}, cosine-annealed or not. */
    static double[] train(double lr, boolean cosine, LabTraining.Data data, long seed) {
        Generator g = new Generator(seed);
        Linear model = new Linear(64, 10, g);
        SGD opt = new SGD(model.parameters(), SGD.Options.of(lr));
        int perEpoch = (data.size() + BATCH - 1) / BATCH;
        CosineAnnealingLR schedule = cosine ? new CosineAnnealingLR(opt, (long) EPOCHS * perEpoch, 0) : null;
        double[] loss = new double[EPOCHS + 1];
        loss[0] = LabTraining.loss(model, data);
        for (int e = 1; e <= EPOCHS; e++) {
            LabTraining.epoch(model, opt, data, BATCH, g, schedule == null ? () -> { } : schedule::step);
            loss[e] = LabTraining.loss(model, data);
        }
        return loss;
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        LabTraining.Data data = LabTraining.digits(seed);
        r.paragraph("Softmax regression (Linear 64 → 10, cross-entropy) on the " + data.size() + " 8×8 digits, SGD with batches of "
                + BATCH + " for " + EPOCHS + " epochs; the loss on the whole training set after each epoch.");
        Map<String, double[]> curves = new LinkedHashMap<>();
        curves.put("lr " + SMALL + " (too small)", train(SMALL, false, data, seed));
        curves.put("lr " + RIGHT + " (about right)", train(RIGHT, false, data, seed));
        curves.put("lr " + LARGE + " (too large)", train(LARGE, false, data, seed));
        curves.put("lr " + LARGE + " with cosine annealing", train(LARGE, true, data, seed));
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<String, double[]> e : curves.entrySet()) {
            double[] l = e.getValue();
            rows.add(List.of(e.getKey(), LabReport.num(l[0]), LabReport.num(l[1]), LabReport.num(l[EPOCHS / 2]), LabReport.num(l[EPOCHS])));
        }
        r.table(List.of("run", "loss before", "after epoch 1", "after epoch " + EPOCHS / 2, "after epoch " + EPOCHS), rows);
        r.lineChart("learning_rate.png", "Training loss per epoch (log scale)", "epoch", "cross-entropy", steps(EPOCHS + 1), curves,
                true);
        double[] small = curves.get("lr " + SMALL + " (too small)");
        double[] right = curves.get("lr " + RIGHT + " (about right)");
        double[] large = curves.get("lr " + LARGE + " (too large)");
        double[] annealed = curves.get("lr " + LARGE + " with cosine annealing");
        boolean holds = small[EPOCHS] > 5 * right[EPOCHS] && (!Double.isFinite(large[EPOCHS]) || large[EPOCHS] > 5 * right[EPOCHS])
                && annealed[EPOCHS] < large[EPOCHS] / 5 && small[EPOCHS] < small[0];
        return new Finding(String.format(Locale.ROOT, "training loss after %d epochs: lr %s %s, lr %s %s, lr %s %s, lr %s + cosine %s",
                EPOCHS, LabReport.num(SMALL), LabReport.num(small[EPOCHS]), LabReport.num(RIGHT), LabReport.num(right[EPOCHS]),
                LabReport.num(LARGE), LabReport.num(large[EPOCHS]), LabReport.num(LARGE), LabReport.num(annealed[EPOCHS])), holds);
    }
}
