package dev.kiln.nn.zoo;

import dev.kiln.io.Safetensors;
import dev.kiln.nn.Module;
import dev.kiln.nn.Sequential;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The files behind {@link Models#save} and {@link Models#load}: model.json beside model.safetensors. */
final class SavedModel {
    /** The weights file name (as in a checkpoint folder). */
    static final String WEIGHTS = "model.safetensors";

    private SavedModel() {
    }

    static void save(Path folder, ModelSpec spec, Module model) throws IOException {
        Map<String, Tensor> state = model.stateDict();
        Map<String, Tensor> expected = spec.build().stateDict();
        boolean same = state.size() == expected.size() && expected.entrySet().stream()
                .allMatch(e -> state.get(e.getKey()) != null && Shape.same(state.get(e.getKey()).shape(), e.getValue().shape()));
        if (!same) {
            throw new IllegalArgumentException("Models.save: the model is not what " + spec + " builds (state-dict keys "
                    + state.keySet() + ", expected " + expected.keySet() + " with their shapes)");
        }
        byte[] weights = Safetensors.toBytes(state, Map.of("format", "pt", "producer", "kiln"));
        Files.createDirectories(folder);
        Safetensors.writeAtomically(folder.resolve(WEIGHTS), weights);
        spec.write(folder);
    }

    static Sequential load(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException(folder + ": " + (Files.exists(folder) ? "not a folder" : "no such folder")
                    + " (expected a folder with model.json and model.safetensors, or a run folder of 'kiln train')");
        }
        ModelSpec spec = ModelSpec.read(folder);
        Path weights = weights(folder);
        Sequential net;
        try {
            net = spec.build();
        } catch (IllegalArgumentException e) {
            throw new IOException(folder.resolve(ModelSpec.FILE) + ": the architecture cannot be built: " + e.getMessage(), e);
        }
        try {
            net.loadStateDict(Safetensors.read(weights).tensors());
        } catch (IllegalArgumentException e) {
            throw new IOException(weights + " does not fit the architecture of " + folder.resolve(ModelSpec.FILE) + ": " + e.getMessage(), e);
        }
        net.eval();
        return net;
    }

    /** model.safetensors in the folder itself, else in its best, else in its last checkpoint. */
    private static Path weights(Path folder) throws IOException {
        for (Path candidate : List.of(folder.resolve(WEIGHTS), folder.resolve("best").resolve(WEIGHTS), folder.resolve("last").resolve(WEIGHTS))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IOException(folder + ": " + ModelSpec.FILE + " but no weights (no " + WEIGHTS + " in the folder, best/ or last/)");
    }
}
