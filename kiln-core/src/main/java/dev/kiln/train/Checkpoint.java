package dev.kiln.train;

import dev.kiln.io.DirectorySync;
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
 * complete; after a crash between the two renames, {@link #load} finds it under {@code .NAME.old}
 * (see {@link #resolve}, which evaluation and prediction use too). The folder is synced to disk
 * after each rename, and the old copy is removed (renamed away first, so it is never seen
 * half-deleted) once the new checkpoint is in place.
 * Loading validates every file and refuses a corrupt one with its path and the reason.
 *
 * @param model the model's state dict
 * @param optimizer the optimiser's state tensors (moments, momentum buffers)
 * @param state scalars: epoch, step, scheduler and generator states, metrics
 */
public record Checkpoint(Map<String, Tensor> model, Map<String, Tensor> optimizer, Map<String, Object> state) {
    /** The model weights file name. */
    public static final String MODEL_FILE = "model.safetensors";
    /** The optimiser state file name. */
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    /** The scalar state file name. */
    public static final String STATE_FILE = "state.json";

    /** The largest {@code state.json} read, in bytes: scalars only, so 64 MB is far beyond any real one. */
    public static final long MAX_STATE_BYTES = 64L << 20;

    /**
     * Writes the checkpoint into {@code dir}, replacing a previous one only once the new one is complete.
     *
     * @param dir the checkpoint folder (created or replaced)
     * @throws IOException if a file cannot be encoded or written (the previous checkpoint is then intact)
     */
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
        Path staging = sibling(target, ".tmp");
        Path old = sibling(target, ".old");
        deleteTree(staging);
        Files.createDirectories(staging);
        Safetensors.writeAtomically(staging.resolve(MODEL_FILE), modelBytes);
        Safetensors.writeAtomically(staging.resolve(OPTIMIZER_FILE), optimizerBytes);
        Safetensors.writeAtomically(staging.resolve(STATE_FILE), stateBytes);
        if (Files.exists(target)) {
            discard(old);
            move(target, old);
            DirectorySync.force(parent);
        }
        move(staging, target);
        DirectorySync.force(parent);
        discard(old);
    }

    /**
     * Where the complete checkpoint named {@code dir} is: {@code dir} itself, or, after a crash
     * between the two renames of {@link #save}, the previous one kept as {@code .NAME.old}.
     *
     * @param dir the checkpoint folder's name
     * @return the folder that holds the complete checkpoint
     * @throws IOException when there is neither
     */
    public static Path resolve(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path abs = dir.toAbsolutePath().normalize();
        if (abs.getParent() != null) {
            Path old = sibling(abs, ".old");
            if (Files.isRegularFile(old.resolve(STATE_FILE)) && Files.isRegularFile(old.resolve(MODEL_FILE))) {
                return old;
            }
        }
        throw new IOException(dir + ": not a checkpoint folder" + (abs.getParent() != null && Files.isDirectory(sibling(abs, ".tmp"))
                ? " (only an unfinished one: the run was stopped while writing its first checkpoint)" : ""));
    }

    /**
     * Whether {@link #resolve} finds a checkpoint for {@code dir}.
     *
     * @param dir the checkpoint folder's name
     * @return true when a complete checkpoint is there (or in its {@code .NAME.old} copy)
     */
    public static boolean exists(Path dir) {
        try {
            resolve(dir);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads a checkpoint directory written by {@link #save} (or its {@code .NAME.old} copy, see {@link #resolve}).
     *
     * @param dir the checkpoint folder
     * @return the model, optimiser and scalar state
     * @throws IOException naming the file that is missing or corrupt
     */
    public static Checkpoint load(Path dir) throws IOException {
        dir = resolve(dir);
        Path statePath = dir.resolve(STATE_FILE);
        if (!Files.isRegularFile(statePath)) {
            throw new IOException(statePath + ": missing (not a complete checkpoint)");
        }
        Map<String, Object> state = Json.readObject(statePath, MAX_STATE_BYTES, "a training state");
        Map<String, Tensor> model = Safetensors.read(dir.resolve(MODEL_FILE)).tensors();
        Path opt = dir.resolve(OPTIMIZER_FILE);
        Map<String, Tensor> optimizer = Files.exists(opt) ? Safetensors.read(opt).tensors() : new LinkedHashMap<>();
        return new Checkpoint(model, optimizer, state);
    }

    private static Path sibling(Path target, String suffix) {
        return target.getParent().resolve("." + target.getFileName() + suffix);
    }

    /**
     * Removes a folder so that it is never seen half-deleted: it is first renamed to {@code .NAME.del}
     * (one atomic step), then deleted; a {@code .del} left by a crash is removed by the next call.
     */
    private static void discard(Path folder) throws IOException {
        Path trash = folder.resolveSibling(folder.getFileName() + ".del");
        deleteTree(trash);
        if (Files.exists(folder)) {
            move(folder, trash);
            deleteTree(trash);
        }
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
