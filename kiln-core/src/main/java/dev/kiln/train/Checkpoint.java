package dev.kiln.train;

import dev.kiln.io.Json;
import dev.kiln.io.Safetensors;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A checkpoint directory: {@code model.safetensors} (the model's state dict), {@code
 * optimizer.safetensors} (optimiser state tensors) and {@code state.json} (scalars: epoch, step,
 * scheduler state, RNG state, metrics).
 *
 * <p>Saving first encodes all three files in memory (so an unencodable value fails before anything
 * is written), writes them into a staging folder {@code .NAME.tmp} beside the target, and then
 * swaps the folders: the old checkpoint is renamed to {@code .NAME.old}, the staging folder to
 * {@code NAME}, and the old one is deleted. A failure at any point leaves the previous checkpoint
 * complete; after a crash between the two renames, {@link #load} finds it under {@code .NAME.old}.
 * Loading validates every file and refuses a corrupt one with its path and the reason.
 */
public record Checkpoint(Map<String, Tensor> model, Map<String, Tensor> optimizer, Map<String, Object> state) {
    /** The model weights file name. */
    public static final String MODEL_FILE = "model.safetensors";
    /** The optimiser state file name. */
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    /** The scalar state file name. */
    public static final String STATE_FILE = "state.json";

    /** Writes the checkpoint into {@code dir}, replacing a previous one only once the new one is complete. */
    public void save(Path dir) throws IOException {
        byte[] modelBytes = Safetensors.toBytes(model, Map.of("format", "pt", "producer", "kiln"));
        byte[] optimizerBytes = Safetensors.toBytes(optimizer == null ? Map.of() : optimizer, Map.of("producer", "kiln"));
        byte[] stateBytes;
        try {
            stateBytes = Json.write(state).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw new IOException(dir.resolve(STATE_FILE) + ": cannot encode the training state: " + e.getMessage(), e);
        }
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path staging = parent.resolve("." + target.getFileName() + ".tmp");
        Path old = parent.resolve("." + target.getFileName() + ".old");
        deleteTree(staging);
        Files.createDirectories(staging);
        Safetensors.writeAtomically(staging.resolve(MODEL_FILE), modelBytes);
        Safetensors.writeAtomically(staging.resolve(OPTIMIZER_FILE), optimizerBytes);
        Safetensors.writeAtomically(staging.resolve(STATE_FILE), stateBytes);
        if (Files.exists(target)) {
            deleteTree(old);
            move(target, old);
        }
        move(staging, target);
        deleteTree(old);
    }

    /** Reads a checkpoint directory written by {@link #save}. */
    public static Checkpoint load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Path abs = dir.toAbsolutePath().normalize();
            Path old = abs.getParent() == null ? null : abs.getParent().resolve("." + abs.getFileName() + ".old");
            if (old != null && Files.isRegularFile(old.resolve(STATE_FILE))) {
                dir = old;
            } else {
                throw new IOException(dir + ": not a checkpoint folder");
            }
        }
        Path statePath = dir.resolve(STATE_FILE);
        if (!Files.isRegularFile(statePath)) {
            throw new IOException(statePath + ": missing (not a complete checkpoint)");
        }
        Map<String, Object> state;
        try {
            state = Json.parseObject(Files.readString(statePath, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            throw new IOException(statePath + ": corrupt: " + e.getMessage(), e);
        }
        Map<String, Tensor> model = Safetensors.read(dir.resolve(MODEL_FILE)).tensors();
        Path opt = dir.resolve(OPTIMIZER_FILE);
        Map<String, Tensor> optimizer = Files.exists(opt) ? Safetensors.read(opt).tensors() : new LinkedHashMap<>();
        return new Checkpoint(model, optimizer, state);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
