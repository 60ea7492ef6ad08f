package dev.kiln.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Linear;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.ReLU;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint folders: round trip, refusal of corrupt files, and saves that never destroy the previous checkpoint. */
class CheckpointTest {
    private static Checkpoint checkpoint(long seed, int epoch) {
        Sequential model = new Sequential(new Linear(4, 5, new Generator(seed)), new ReLU(), new Linear(5, 2, new Generator(seed + 1)));
        Map<String, Tensor> opt = new LinkedHashMap<>();
        opt.put("state.0.exp_avg", Tensor.randn(new Generator(seed + 2), 5, 4));
        opt.put("state.0.step", Tensor.of((double) epoch));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("epoch", epoch);
        state.put("rng", List.of(List.of("1", "-2", Long.toString(Long.MIN_VALUE))));
        return new Checkpoint(model.stateDict(), opt, state);
    }

    private static void assertSame(Checkpoint expected, Checkpoint actual) {
        assertEquals(expected.model().keySet(), actual.model().keySet());
        for (String k : expected.model().keySet()) {
            assertArrayEquals(expected.model().get(k).shape(), actual.model().get(k).shape(), k);
            assertArrayEquals(expected.model().get(k).toFloatArray(), actual.model().get(k).toFloatArray(), k);
        }
        assertEquals(expected.optimizer().keySet(), actual.optimizer().keySet());
        for (String k : expected.optimizer().keySet()) {
            assertEquals(expected.optimizer().get(k).dtype(), actual.optimizer().get(k).dtype(), k);
            assertArrayEquals(expected.optimizer().get(k).toDoubleArray(), actual.optimizer().get(k).toDoubleArray(), k);
        }
        assertEquals(((Number) expected.state().get("epoch")).intValue(), ((Number) actual.state().get("epoch")).intValue());
        assertEquals(expected.state().get("rng"), actual.state().get("rng"));
    }

    @Test
    void roundTrip(@TempDir Path dir) throws IOException {
        Checkpoint c = checkpoint(1, 3);
        c.save(dir.resolve("last"));
        assertSame(c, Checkpoint.load(dir.resolve("last")));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("last"), files.map(p -> p.getFileName().toString()).toList(), "no staging folders left behind");
        }
    }

    @Test
    void overwritingReplacesTheWholeCheckpoint(@TempDir Path dir) throws IOException {
        checkpoint(1, 1).save(dir.resolve("last"));
        Checkpoint second = checkpoint(10, 2);
        second.save(dir.resolve("last"));
        assertSame(second, Checkpoint.load(dir.resolve("last")));
    }

    @Test
    void refusesATruncatedModelFileWithItsPath(@TempDir Path dir) throws IOException {
        Path last = dir.resolve("last");
        checkpoint(1, 1).save(last);
        Path model = last.resolve(Checkpoint.MODEL_FILE);
        byte[] bytes = Files.readAllBytes(model);
        Files.write(model, Arrays.copyOf(bytes, bytes.length - 7));
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(last));
        assertTrue(e.getMessage().contains(model.toString()), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("truncated") || e.getMessage().contains("bytes"), e.getMessage());
    }

    @Test
    void refusesAGarbageModelHeader(@TempDir Path dir) throws IOException {
        Path last = dir.resolve("last");
        checkpoint(1, 1).save(last);
        Path model = last.resolve(Checkpoint.MODEL_FILE);
        byte[] bytes = Files.readAllBytes(model);
        bytes[9] = '#';
        Files.write(model, bytes);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(last));
        assertTrue(e.getMessage().contains(model.toString()), e.getMessage());
    }

    @Test
    void refusesACorruptOrMissingStateFile(@TempDir Path dir) throws IOException {
        Path last = dir.resolve("last");
        checkpoint(1, 1).save(last);
        Path state = last.resolve(Checkpoint.STATE_FILE);
        String text = Files.readString(state, StandardCharsets.UTF_8);
        Files.writeString(state, text.substring(0, text.length() / 2), StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(last));
        assertTrue(e.getMessage().startsWith(state.toString()) && e.getMessage().contains("corrupt"), e.getMessage());
        Files.delete(state);
        e = assertThrows(IOException.class, () -> Checkpoint.load(last));
        assertTrue(e.getMessage().startsWith(state.toString()) && e.getMessage().contains("missing"), e.getMessage());
        e = assertThrows(IOException.class, () -> Checkpoint.load(dir.resolve("nowhere")));
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
    }

    @Test
    void aFailedSaveLeavesThePreviousCheckpointIntact(@TempDir Path dir) throws IOException {
        Path last = dir.resolve("last");
        Checkpoint good = checkpoint(1, 1);
        good.save(last);
        Checkpoint next = checkpoint(20, 2);
        Map<String, Object> unencodable = new LinkedHashMap<>(next.state());
        unencodable.put("callback", new Object());
        Checkpoint bad = new Checkpoint(next.model(), next.optimizer(), unencodable);
        IOException e = assertThrows(IOException.class, () -> bad.save(last));
        assertTrue(e.getMessage().contains(Checkpoint.STATE_FILE), e.getMessage());
        assertSame(good, Checkpoint.load(last));
    }

    @Test
    void restoreRefusesAModelOfAnotherShapeNamingTheFile(@TempDir Path dir) throws IOException {
        Path last = dir.resolve("last");
        checkpoint(1, 1).save(last);
        Sequential other = new Sequential(new Linear(4, 6), new ReLU(), new Linear(6, 2));
        dev.kiln.optim.SGD sgd = new dev.kiln.optim.SGD(other.parameters(), dev.kiln.optim.SGD.Options.of(0.1));
        IOException e = assertThrows(IOException.class, () -> TrainingState.restore(last, other, sgd, null, List.of()));
        assertTrue(e.getMessage().startsWith(last.resolve(Checkpoint.MODEL_FILE) + ": does not match the model"), e.getMessage());
        assertTrue(e.getMessage().contains("0.weight (checkpoint [5, 4], model [6, 4])"), e.getMessage());
    }

    private static int bestEpoch(Path run) throws IOException {
        return ((Number) Checkpoint.load(run.resolve("best")).state().get("best_epoch")).intValue();
    }

    @Test
    void bestCheckpointIsOnlyReplacedByABetterEpochEvenAcrossAResume(@TempDir Path run) throws IOException {
        Sequential model = new Sequential(new Linear(4, 2));
        dev.kiln.optim.SGD sgd = new dev.kiln.optim.SGD(model.parameters(), dev.kiln.optim.SGD.Options.of(0.1));
        Trainer trainer = Trainer.builder(model, (o, t) -> o.sum(), sgd).epochs(9).build();
        CheckpointCallback first = new CheckpointCallback(run, List.of(), Task.CLASSIFICATION);
        first.onTrainBegin(trainer);
        first.onEpochEnd(trainer, new EpochResult(1, 1, 0.5, 1, 0.80, 0.1, 1, 10));
        first.onEpochEnd(trainer, new EpochResult(2, 1, 0.5, 1, 0.70, 0.1, 1, 10));
        assertEquals(1, bestEpoch(run));
        assertTrue(Files.isRegularFile(run.resolve("last").resolve(Checkpoint.STATE_FILE)));
        CheckpointCallback resumed = new CheckpointCallback(run, List.of(), Task.CLASSIFICATION);
        resumed.onTrainBegin(trainer);
        resumed.onEpochEnd(trainer, new EpochResult(3, 1, 0.5, 1, 0.75, 0.1, 1, 10));
        assertEquals(1, bestEpoch(run), "a resumed run remembers the best metric");
        resumed.onEpochEnd(trainer, new EpochResult(4, 1, 0.5, 1, 0.90, 0.1, 1, 10));
        assertEquals(4, bestEpoch(run));
    }

    @Test
    void aStaleStagingFolderFromACrashIsReplaced(@TempDir Path dir) throws IOException {
        Path stale = dir.resolve(".last.tmp");
        Files.createDirectories(stale);
        Files.writeString(stale.resolve(Checkpoint.MODEL_FILE), "half-written");
        Checkpoint c = checkpoint(2, 4);
        c.save(dir.resolve("last"));
        assertSame(c, Checkpoint.load(dir.resolve("last")));
        assertFalse(Files.exists(stale));
    }

    @Test
    void aCrashBetweenTheTwoRenamesKeepsThePreviousCheckpointLoadable(@TempDir Path dir) throws IOException {
        Path last = dir.resolve("last");
        Checkpoint good = checkpoint(3, 5);
        good.save(last);
        // the state just after the old checkpoint was moved aside and before the new one was moved in
        Files.move(last, dir.resolve(".last.old"));
        assertSame(good, Checkpoint.load(last));
        Checkpoint next = checkpoint(4, 6);
        next.save(last);
        assertSame(next, Checkpoint.load(last));
        assertFalse(Files.exists(dir.resolve(".last.old")));
    }
}
