package dev.kiln.cli;

import dev.kiln.cli.board.RunFolder;
import dev.kiln.data.DataLoader;
import dev.kiln.io.Json;
import dev.kiln.io.Safetensors;
import dev.kiln.train.EvalResult;
import dev.kiln.train.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one test figure a run reports, labelled with the checkpoint it was measured on: the best
 * checkpoint (highest validation accuracy) when the run has one, otherwise the last epoch's weights.
 * Saved as {@code results.json} with the last epoch's figure beside it, so that the console, the
 * board and report.html say the same thing.
 *
 * @param checkpoint "best" or "last"
 * @param epoch the epoch whose weights were measured
 * @param epochs the epochs the run has trained in all
 * @param test the figure on the test split
 * @param last the last epoch's weights on the test split
 */
record TestFigure(String checkpoint, int epoch, int epochs, EvalResult test, EvalResult last) {
    /**
     * Measures the test figure at the end of training: loads {@code best/model.safetensors} into the
     * trainer's model (if the run has a best checkpoint) and evaluates it.
     *
     * @param runDir the run folder
     * @param trainer the trainer, its model holding the last epoch's weights
     * @param test the test split
     * @param lastTest the last epoch's weights already evaluated on {@code test}
     * @return the figure
     * @throws IOException if the best checkpoint cannot be read
     */
    static TestFigure measure(Path runDir, Trainer trainer, DataLoader test, EvalResult lastTest) throws IOException {
        Path best = runDir.resolve("best");
        Path weights = best.resolve("model.safetensors");
        Path state = best.resolve("state.json");
        if (!Files.isRegularFile(weights) || !Files.isRegularFile(state)) {
            return new TestFigure("last", trainer.epoch(), trainer.epoch(), lastTest, lastTest);
        }
        Map<String, Object> saved = Json.parseObject(Files.readString(state, StandardCharsets.UTF_8));
        Object epoch = saved.containsKey("best_epoch") ? saved.get("best_epoch") : saved.get("epoch");
        int bestEpoch = epoch instanceof Number n ? n.intValue() : trainer.epoch();
        if (bestEpoch == trainer.epoch()) {
            return new TestFigure("best", bestEpoch, trainer.epoch(), lastTest, lastTest);
        }
        trainer.model().loadStateDict(Safetensors.read(weights).tensors(), true);
        return new TestFigure("best", bestEpoch, trainer.epoch(), trainer.evaluate(test), lastTest);
    }

    /**
     * The label printed after the figure.
     *
     * @return for example "best checkpoint: epoch 8 of 10, by validation accuracy"
     */
    String label() {
        return checkpoint.equals("best")
                ? String.format(Locale.ROOT, "best checkpoint: epoch %d of %d, by validation accuracy", epoch, epochs)
                : String.format(Locale.ROOT, "last epoch's weights: epoch %d", epoch);
    }

    /**
     * Writes {@code results.json}.
     *
     * @param runDir the run folder
     * @param classes the number of classes (top-5 accuracy is recorded only for more than 5)
     * @throws IOException if it cannot be written
     */
    void save(Path runDir, int classes) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("checkpoint", checkpoint);
        m.put("checkpoint_epoch", epoch);
        m.put("epochs", epochs);
        m.put("test_samples", test.samples());
        m.put("test_loss", test.loss());
        m.put("test_accuracy", test.accuracy());
        if (classes > 5 && !Double.isNaN(test.top5Accuracy())) {
            m.put("test_top5_accuracy", test.top5Accuracy());
        }
        m.put("last_test_loss", last.loss());
        m.put("last_test_accuracy", last.accuracy());
        Safetensors.writeAtomically(runDir.resolve(RunFolder.RESULTS), Json.write(m).getBytes(StandardCharsets.UTF_8));
    }
}
