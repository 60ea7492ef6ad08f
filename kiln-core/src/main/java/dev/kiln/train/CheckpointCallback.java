package dev.kiln.train;

import dev.kiln.tensor.Generator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Saves the last checkpoint after every epoch into {@code last/} and, when the validation accuracy
 * (or, for regression, loss) improves, the best one into {@code best/}.
 */
public final class CheckpointCallback implements Callback {
    private final Path runDir;
    private final List<Generator> generators;
    private final boolean classification;
    private double best = Double.NaN;

    /** Checkpoints into {@code runDir/last} and {@code runDir/best}, saving the given generators' states. */
    public CheckpointCallback(Path runDir, List<Generator> generators, boolean classification) {
        this.runDir = runDir;
        this.generators = List.copyOf(generators);
        this.classification = classification;
    }

    @Override
    public boolean onEpochEnd(Trainer trainer, EpochResult r) {
        try {
            TrainingState.save(runDir.resolve("last"), trainer, generators, Map.of());
            double metric = classification ? r.valAccuracy() : -r.valLoss();
            if (!Double.isNaN(metric) && (Double.isNaN(best) || metric > best)) {
                best = metric;
                TrainingState.save(runDir.resolve("best"), trainer, generators, Map.of("best_epoch", r.epoch()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint: cannot write into " + runDir + ": " + e.getMessage(), e);
        }
        return false;
    }
}
