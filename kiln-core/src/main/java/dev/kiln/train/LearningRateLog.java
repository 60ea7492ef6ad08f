package dev.kiln.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Writes the learning rate and loss of every optimiser step to {@code lr.csv} in the run folder
 * ({@code step,lr,loss}), flushed at least once a second and at the end of each epoch, so that
 * {@code kiln board} can follow a run while it trains.
 */
public final class LearningRateLog implements Callback {
    private final Path file;
    private static final long FLUSH_INTERVAL_NANOS = 1_000_000_000L;
    private BufferedWriter out;
    private long lastFlush = System.nanoTime();

    /**
     * Logs into {@code dir/lr.csv} (appending, so a resumed run continues the file).
     *
     * @param dir the run folder
     */
    public LearningRateLog(Path dir) {
        this.file = dir.resolve("lr.csv");
    }

    @Override
    public void onTrainBegin(Trainer trainer) {
        try {
            Files.createDirectories(file.getParent());
            boolean fresh = !Files.exists(file);
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (fresh) {
                out.write("step,lr,loss\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("learning-rate log: cannot write " + file, e);
        }
    }

    @Override
    public void onStepEnd(Trainer trainer, long step, double loss, double learningRate) {
        try {
            out.write(String.format(Locale.ROOT, "%d,%.8g,%.6g%n", step, learningRate, loss));
            // at most once a second, so that a board following the run sees the steps as they come
            long now = System.nanoTime();
            if (now - lastFlush > FLUSH_INTERVAL_NANOS) {
                out.flush();
                lastFlush = now;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("learning-rate log: cannot append to " + file, e);
        }
    }

    @Override
    public boolean onEpochEnd(Trainer trainer, EpochResult result) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("learning-rate log: cannot append to " + file, e);
        }
        return false;
    }

    @Override
    public void onTrainEnd(Trainer trainer, History history) {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("learning-rate log: cannot close " + file, e);
        }
    }
}
