package dev.kiln.train;

import dev.kiln.io.Json;
import dev.kiln.tensor.Generator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Saves the last checkpoint after every epoch into {@code last/} and, when the validation accuracy
 * (or, for regression, loss) improves, the best one into {@code best/}. The best metric is stored
 * in the checkpoint's state as {@code best_metric}, so a resumed run only replaces {@code best/}
 * with a better epoch.
 */
public final class CheckpointCallback implements Callback {
    private final Path runDir;
    private final List<Generator> generators;
    private final Task task;
    private double best = Double.NaN;

    /**
     * Checkpoints into {@code runDir/last} and {@code runDir/best}, saving the given generators' states.
     *
     * @param runDir the run folder
     * @param generators the random generators whose states a resume needs (shuffling, dropout)
     * @param task {@link Task#CLASSIFICATION} to choose "best" by validation accuracy, {@link Task#REGRESSION} by validation loss
     */
    public CheckpointCallback(Path runDir, List<Generator> generators, Task task) {
        this.runDir = runDir;
        this.generators = List.copyOf(generators);
        this.task = Objects.requireNonNull(task, "task");
    }

    @Override
    public void onTrainBegin(Trainer trainer) {
        if (Double.isNaN(best) && Checkpoint.exists(runDir.resolve("best"))) {
            try {
                Path state = Checkpoint.resolve(runDir.resolve("best")).resolve(Checkpoint.STATE_FILE);
                if (Json.parseObject(Files.readString(state, StandardCharsets.UTF_8)).get("best_metric") instanceof Number n) {
                    best = n.doubleValue();
                }
            } catch (IOException | IllegalArgumentException e) {
                // an unreadable best/ is simply replaced by the next epoch's checkpoint
            }
        }
    }

    @Override
    public boolean onEpochEnd(Trainer trainer, EpochResult r) {
        try {
            double metric = task.hasAccuracy() ? r.valAccuracy() : -r.valLoss();
            boolean improved = !Double.isNaN(metric) && (Double.isNaN(best) || metric > best);
            if (improved) {
                best = metric;
            }
            Map<String, Object> extra = Double.isNaN(best) ? Map.of() : Map.of("best_metric", best);
            TrainingState.save(runDir.resolve("last"), trainer, generators, extra);
            if (improved) {
                TrainingState.save(runDir.resolve("best"), trainer, generators, Map.of("best_metric", best, "best_epoch", r.epoch()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint: cannot write into " + runDir + ": " + e.getMessage(), e);
        }
        return false;
    }
}
