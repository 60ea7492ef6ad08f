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
 * resume rebuild it; {@code classes} are the class names of the data (image folders), or null;
 * {@code channels} is how images of an image folder are read: 1 (grey) or 3 (RGB). A run.json
 * written before {@code channels} was recorded read its images as grey, so a missing value means 1.
 */
record RunConfig(String model, String data, String optimizer, double lr, String scheduler, String init, int epochs, int batchSize,
        long seed, String freeze, int imageSize, double weightDecay, String pretrained, List<String> classes, int channels) {
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
        m.put("channels", channels);
        m.put("weight_decay", weightDecay);
        m.put("pretrained", pretrained);
        m.put("classes", classes);
        Safetensors.writeAtomically(dir.resolve(FILE), Json.write(m).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The same configuration with what its data turned out to be: the class names (kept when the data
     * has none) and, for images, their channels (those of an IDX folder or bundled digits too).
     */
    RunConfig withData(DataSource source) {
        int[] sample = source.sampleShape();
        return new RunConfig(model, data, optimizer, lr, scheduler, init, epochs, batchSize, seed, freeze, imageSize, weightDecay, pretrained,
                source.classNames() != null ? source.classNames() : classes, sample.length == 3 ? sample[0] : channels);
    }

    static RunConfig load(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a Kiln run folder (" + (Files.exists(dir) ? "not a folder" : "no such folder") + ")");
        }
        if (!Files.isRegularFile(f)) {
            throw new IOException(dir + ": not a Kiln run folder (no " + FILE + ")");
        }
        if (Files.size(f) > MAX_BYTES) {
            throw new IOException(f + ": " + Files.size(f) + " bytes is too large for a run configuration (corrupt)");
        }
        Map<String, Object> m;
        try {
            byte[] bytes = Files.readAllBytes(f);
            m = Json.parseObject(Json.decodeUtf8(bytes, 0, bytes.length));
        } catch (IllegalArgumentException e) {
            throw new IOException(f + ": corrupt run configuration: " + e.getMessage(), e);
        }
        Fields c = new Fields(m, f);
        return new RunConfig(c.text("model", true), c.text("data", true), c.text("optimizer", true), c.number("lr"),
                c.text("scheduler", true), c.text("init", true), c.integer("epochs"), c.integer("batch_size"), c.whole("seed"),
                c.text("freeze", false), c.integer("image_size"), c.number("weight_decay"), c.text("pretrained", false),
                m.get("classes") instanceof List<?> names ? names.stream().map(String::valueOf).toList() : null,
                m.containsKey("channels") ? c.channels("channels") : 1);
    }

    /** The largest run.json read, in bytes. */
    private static final long MAX_BYTES = 1 << 20;

    /** Typed access to run.json's fields, each failure naming the file and the key. */
    private record Fields(Map<String, Object> m, Path file) {
        String text(String key, boolean required) throws IOException {
            Object v = m.get(key);
            if (v == null && !required) {
                return null;
            }
            if (!(v instanceof String s) || s.isBlank()) {
                throw problem(key, "a non-empty string", v);
            }
            return s;
        }

        double number(String key) throws IOException {
            if (!(m.get(key) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                throw problem(key, "a finite number", m.get(key));
            }
            return n.doubleValue();
        }

        long whole(String key) throws IOException {
            if (!(m.get(key) instanceof Long n)) {
                throw problem(key, "an integer", m.get(key));
            }
            return n;
        }

        int integer(String key) throws IOException {
            long v = whole(key);
            if (v < 1 || v > Integer.MAX_VALUE) {
                throw problem(key, "a positive integer", v);
            }
            return (int) v;
        }

        int channels(String key) throws IOException {
            long v = whole(key);
            if (v != 1 && v != 3) {
                throw problem(key, "1 (grey) or 3 (RGB)", v);
            }
            return (int) v;
        }

        private IOException problem(String key, String expected, Object got) {
            return new IOException(file + ": corrupt run configuration: \"" + key + "\" must be " + expected + ", "
                    + (got == null ? (m.containsKey(key) ? "got null" : "missing") : "got " + Json.write(got)));
        }
    }
}
