package dev.kiln.train;

import dev.kiln.io.Json;
import dev.kiln.io.Safetensors;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A checkpoint directory: {@code model.safetensors} (the model's state dict), {@code
 * optimizer.safetensors} (optimiser state tensors) and {@code state.json} (scalars: epoch, step,
 * scheduler state, RNG state, metrics).
 *
 * <p>Each file is written to a temporary file and renamed over the old one; {@code state.json} is
 * written last, so a crash mid-save leaves the previous checkpoint readable. Loading validates every
 * file and refuses a corrupt one with its path, the key and the reason.
 */
public record Checkpoint(Map<String, Tensor> model, Map<String, Tensor> optimizer, Map<String, Object> state) {
    /** The model weights file name. */
    public static final String MODEL_FILE = "model.safetensors";
    /** The optimiser state file name. */
    public static final String OPTIMIZER_FILE = "optimizer.safetensors";
    /** The scalar state file name. */
    public static final String STATE_FILE = "state.json";

    /** Writes the checkpoint into {@code dir} (created if needed). */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Safetensors.write(dir.resolve(MODEL_FILE), model, Map.of("format", "pt", "producer", "kiln"));
        Safetensors.write(dir.resolve(OPTIMIZER_FILE), optimizer == null ? Map.of() : optimizer, Map.of("producer", "kiln"));
        Safetensors.writeAtomically(dir.resolve(STATE_FILE), Json.write(state).getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a checkpoint directory written by {@link #save}. */
    public static Checkpoint load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a checkpoint folder");
        }
        Path statePath = dir.resolve(STATE_FILE);
        if (!Files.isRegularFile(statePath)) {
            throw new IOException(statePath + ": missing (not a complete checkpoint)");
        }
        Map<String, Object> state;
        try {
            state = Json.parseObject(Files.readString(statePath, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new IOException(statePath + ": corrupt: " + e.getMessage(), e);
        }
        Map<String, Tensor> model = Safetensors.read(dir.resolve(MODEL_FILE)).tensors();
        Path opt = dir.resolve(OPTIMIZER_FILE);
        Map<String, Tensor> optimizer = Files.exists(opt) ? Safetensors.read(opt).tensors() : new LinkedHashMap<>();
        return new Checkpoint(model, optimizer, state);
    }
}
