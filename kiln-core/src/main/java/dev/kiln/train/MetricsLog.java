package dev.kiln.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Appends one line per epoch to a CSV file ({@code metrics.csv}) and one JSON object per epoch to a
 * JSON-lines file ({@code metrics.jsonl}) in the run folder.
 */
public final class MetricsLog implements Callback {
    private final Path csv;
    private final Path jsonl;

    /**
     * Logs into {@code dir}.
     *
     * @param dir the run folder (metrics.csv and metrics.jsonl are appended to)
     */
    public MetricsLog(Path dir) {
        this.csv = dir.resolve("metrics.csv");
        this.jsonl = dir.resolve("metrics.jsonl");
    }

    @Override
    public void onTrainBegin(Trainer trainer) {
        try {
            Files.createDirectories(csv.getParent());
            if (!Files.exists(csv)) {
                Files.writeString(csv, "epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,seconds,samples_per_second\n",
                        StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("metrics log: cannot write " + csv, e);
        }
    }

    @Override
    public boolean onEpochEnd(Trainer trainer, EpochResult r) {
        String line = String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6g,%.3f,%.1f%n", r.epoch(), r.trainLoss(), r.trainAccuracy(),
                r.valLoss(), r.valAccuracy(), r.learningRate(), r.seconds(), r.samplesPerSecond());
        String json = String.format(Locale.ROOT,
                "{\"epoch\":%d,\"train_loss\":%s,\"train_accuracy\":%s,\"val_loss\":%s,\"val_accuracy\":%s,\"lr\":%s,\"seconds\":%.3f}%n",
                r.epoch(), num(r.trainLoss()), num(r.trainAccuracy()), num(r.valLoss()), num(r.valAccuracy()), num(r.learningRate()),
                r.seconds());
        try {
            Files.writeString(csv, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            Files.writeString(jsonl, json, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("metrics log: cannot append to " + csv, e);
        }
        return false;
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
    }
}
