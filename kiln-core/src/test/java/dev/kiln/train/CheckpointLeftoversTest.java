package dev.kiln.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12's checkpoint side files: the .old fallback, leftovers cleaned, an unfinished first checkpoint named as such. */
class CheckpointLeftoversTest {
    @TempDir
    Path dir;

    private static Checkpoint at(int epoch) {
        return new Checkpoint(Map.of("w", Tensor.full(epoch, 3)), Map.of(), Map.of("epoch", epoch));
    }

    private List<String> names() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void savingLeavesOnlyTheCheckpointFolder() throws IOException {
        Path last = dir.resolve("last");
        at(1).save(last);
        at(2).save(last);
        at(3).save(last);
        assertEquals(List.of("last"), names());
        try (var s = Files.list(last)) {
            assertEquals(3, s.count(), "model, optimizer, state; no temporary file");
        }
    }

    @Test
    void leftoversOfACrashAreRemovedByTheNextCompleteSave() throws IOException {
        Path last = dir.resolve("last");
        at(1).save(last);
        // a crash after the swap, half-way through deleting the old copy, and a stale staging folder
        Files.createDirectories(dir.resolve(".last.old.del"));
        Files.writeString(dir.resolve(".last.old.del/model.safetensors"), "partial");
        Files.createDirectories(dir.resolve(".last.tmp"));
        Files.writeString(dir.resolve(".last.tmp/model.safetensors"), "partial");
        at(1).save(dir.resolve(".last.old"));
        at(2).save(last);
        assertEquals(List.of("last"), names());
        assertEquals(2L, ((Number) Checkpoint.load(last).state().get("epoch")).longValue());
    }

    @Test
    void aCrashBetweenTheRenamesFallsBackToTheOldCopy() throws IOException {
        Path last = dir.resolve("last");
        at(4).save(last);
        Files.move(last, dir.resolve(".last.old"));
        assertTrue(Checkpoint.exists(last));
        assertEquals(dir.resolve(".last.old").toAbsolutePath().normalize(), Checkpoint.resolve(last));
        assertEquals(4L, ((Number) Checkpoint.load(last).state().get("epoch")).longValue());
        at(5).save(last);
        assertEquals(List.of("last"), names());
        assertEquals(5L, ((Number) Checkpoint.load(last).state().get("epoch")).longValue());
    }

    @Test
    void anUnfinishedFirstCheckpointIsNamedAsSuch() throws IOException {
        Files.createDirectories(dir.resolve(".last.tmp"));
        Files.writeString(dir.resolve(".last.tmp/model.safetensors"), "partial");
        Path last = dir.resolve("last");
        assertFalse(Checkpoint.exists(last));
        IOException e = assertThrows(IOException.class, () -> Checkpoint.load(last));
        assertTrue(e.getMessage().startsWith(last + ": not a checkpoint folder") && e.getMessage().contains("first checkpoint"), e.getMessage());
        // an old copy without its model file is not a checkpoint either
        Files.createDirectories(dir.resolve(".last.old"));
        Files.writeString(dir.resolve(".last.old/state.json"), "{}");
        assertFalse(Checkpoint.exists(last));
    }
}
