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
        withLog("cannot append to", log -> {
            log.write(String.format(Locale.ROOT, "%d,%.8g,%.6g%n", step, learningRate, loss));
            // at most once a second, so that a board following the run sees the steps as they come
            long now = System.nanoTime();
            if (now - lastFlush > FLUSH_INTERVAL_NANOS) {
                log.flush();
                lastFlush = now;
            }
        });
    }

    @Override
    public boolean onEpochEnd(Trainer trainer, EpochResult result) {
        withLog("cannot append to", BufferedWriter::flush);
        return false;
    }

    @Override
    public void onTrainEnd(Trainer trainer, History history) {
        withLog("cannot close", BufferedWriter::close);
    }

    /** An operation on the open log that may fail. */
    @FunctionalInterface
    private interface LogOperation {
        void run(BufferedWriter log) throws IOException;
    }

    /** Runs {@code operation} on the open log; an {@link IOException} is rethrown unchecked, with {@code failure} and the path in its message. */
    private void withLog(String failure, LogOperation operation) {
        try {
            operation.run(out);
        } catch (IOException e) {
            throw new UncheckedIOException("learning-rate log: " + failure + " " + file, e);
        }
    }
}
