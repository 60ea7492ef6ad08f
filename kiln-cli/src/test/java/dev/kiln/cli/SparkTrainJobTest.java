package dev.kiln.cli;

import static dev.kiln.cli.CliRun.kiln;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.spark.ReplicaContext;
import dev.kiln.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replica job of {@code kiln train --spark} (built here without Spark, as its task would):
 * after a restart, rank 0 cuts metrics.csv and lr.csv back to the checkpoint the restarted stage
 * continues from, so that no epoch and no step is logged twice.
 */
class SparkTrainJobTest {
    private static final String[] IRIS = {"train", "--data", "iris", "--lr", "0.01", "--batch-size", "16", "--scheduler", "step", "--out"};

    private static String[] iris(String epochs, Path out) {
        return Stream.concat(Stream.of(IRIS), Stream.of(out.toString(), "--epochs", epochs)).toArray(String[]::new);
    }

    private static List<Long> firstColumn(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().skip(1).map(l -> Long.parseLong(l.split(",")[0])).toList();
    }

    private static void replaceDirectory(Path from, Path to) throws IOException {
        try (Stream<Path> old = Files.walk(to)) {
            for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    @Test
    void aRestartedLeaderCutsTheLogsBackToItsCheckpoint(@TempDir Path tmp) throws Exception {
        Path one = tmp.resolve("one");
        Path run = tmp.resolve("run");
        assertEquals(0, kiln(iris("1", one)).status());
        assertEquals(0, kiln(iris("2", run)).status());
        // what a stage that failed late in epoch 2 leaves: the logs of two epochs, the checkpoint of epoch 1
        replaceDirectory(one.resolve("last"), run.resolve("last"));
        long checkpointSteps = ((Number) Checkpoint.load(run.resolve("last")).state().get("step")).longValue();
        List<Long> lrSteps = firstColumn(run.resolve("lr.csv"));
        assertEquals(List.of(1L, 2L), firstColumn(run.resolve("metrics.csv")));
        assertEquals(2 * checkpointSteps, lrSteps.getLast());

        // the first attempt, and the other ranks of a restart, leave the logs alone
        new SparkTrainJob(run.toString(), false).build(new ReplicaContext(0, 2, 0));
        new SparkTrainJob(run.toString(), false).build(new ReplicaContext(1, 2, 1));
        assertEquals(List.of(1L, 2L), firstColumn(run.resolve("metrics.csv")));
        assertEquals(lrSteps, firstColumn(run.resolve("lr.csv")));

        // rank 0 of the restarted stage: epoch 2 and its steps go, to be logged once by the new attempt
        new SparkTrainJob(run.toString(), false).build(new ReplicaContext(0, 2, 1));
        assertEquals(List.of(1L), firstColumn(run.resolve("metrics.csv")));
        assertEquals(firstColumn(one.resolve("lr.csv")), firstColumn(run.resolve("lr.csv")));
        assertEquals(checkpointSteps, firstColumn(run.resolve("lr.csv")).getLast());
    }
}
