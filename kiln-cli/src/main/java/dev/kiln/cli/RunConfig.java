package dev.kiln.cli;

import dev.kiln.io.Json;
import dev.kiln.io.Safetensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of a training run, saved as {@code run.json} in its folder so that evaluate, predict and
 * resume rebuild it; {@code classes} are the class names of the data (image folders), or null.
 */
record RunConfig(String model, String data, String optimizer, double lr, String scheduler, String init, int epochs, int batchSize,
        long seed, String freeze, int imageSize, double weightDecay, String pretrained, List<String> classes) {
    static final String FILE = "run.json";

    void save(Path dir) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("data", data);
        m.put("optimizer", optimizer);
        m.put("lr", lr);
        m.put("scheduler", scheduler);
        m.put("init", init);
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("seed", seed);
        m.put("freeze", freeze);
        m.put("image_size", imageSize);
        m.put("weight_decay", weightDecay);
        m.put("pretrained", pretrained);
        m.put("classes", classes);
        Safetensors.writeAtomically(dir.resolve(FILE), Json.write(m).getBytes(StandardCharsets.UTF_8));
    }

    /** The same configuration with the data's class names. */
    RunConfig withClasses(List<String> names) {
        return new RunConfig(model, data, optimizer, lr, scheduler, init, epochs, batchSize, seed, freeze, imageSize, weightDecay, pretrained,
                names);
    }

    static RunConfig load(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            throw new IOException(dir + " is not a Kiln run folder (no " + FILE + ")");
        }
        try {
            Map<String, Object> m = Json.parseObject(Files.readString(f, StandardCharsets.UTF_8));
            return new RunConfig((String) m.get("model"), (String) m.get("data"), (String) m.get("optimizer"),
                    ((Number) m.get("lr")).doubleValue(), (String) m.get("scheduler"), (String) m.get("init"),
                    ((Number) m.get("epochs")).intValue(), ((Number) m.get("batch_size")).intValue(), ((Number) m.get("seed")).longValue(),
                    (String) m.get("freeze"), ((Number) m.get("image_size")).intValue(), ((Number) m.get("weight_decay")).doubleValue(),
                    (String) m.get("pretrained"), m.get("classes") instanceof List<?> names ? names.stream().map(String::valueOf).toList() : null);
        } catch (RuntimeException e) {
            throw new IOException(f + ": corrupt run configuration: " + e.getMessage(), e);
        }
    }
}
