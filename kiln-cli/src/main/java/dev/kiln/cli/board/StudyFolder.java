package dev.kiln.cli.board;

import dev.kiln.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A study folder written by {@code kiln tune}: {@code trials.json} (every trial), {@code trials.csv},
 * {@code study.html} (the report) and {@code best/} (the best configuration retrained as a run).
 * {@code kiln tune} minimises the validation loss, so the best trial is the complete one with the
 * lowest value.
 */
final class StudyFolder {
    /** The largest trials.json read, in bytes. */
    private static final long MAX_BYTES = 64L << 20;

    private StudyFolder() {
    }

    /** Whether {@code dir} holds a study: a trials.json and a study.html. */
    static boolean isStudy(Path dir) {
        return Files.isRegularFile(dir.resolve("trials.json")) && Files.isRegularFile(dir.resolve("study.html"));
    }

    /**
     * The study folders under {@code root} (up to three levels deep), sorted by path.
     *
     * @param root the runs folder
     * @return the study folders
     * @throws IOException if a folder cannot be listed
     */
    static List<Path> find(Path root) throws IOException {
        List<Path> found = new ArrayList<>();
        RunFolder.collect(root, 0, found, StudyFolder::isStudy);
        found.sort(null);
        return found;
    }

    /**
     * A study's summary: {@code name}, {@code trials} (count), {@code states} (count per state),
     * {@code best} (number, value, validation accuracy and parameters of the best trial, or null while
     * none is complete), {@code report} and {@code trials_csv} (links under /files/), and
     * {@code best_run} (the name of the retrained run, when there is one).
     *
     * @param name the folder's path relative to the runs folder
     * @param dir the folder
     * @return the summary
     * @throws IOException if trials.json cannot be read or is not a list of trials
     */
    static Map<String, Object> read(String name, Path dir) throws IOException {
        Path file = dir.resolve("trials.json");
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException(file + ": " + Files.size(file) + " bytes is more than a study's trials can be (corrupt)");
        }
        Object parsed;
        try {
            byte[] bytes = Files.readAllBytes(file);
            parsed = Json.parse(Json.decodeUtf8(bytes, 0, bytes.length));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": corrupt: " + e.getMessage(), e);
        }
        if (!(parsed instanceof List<?> trials)) {
            throw new IOException(file + ": not a list of trials");
        }
        Map<String, Object> states = new TreeMap<>();
        Map<?, ?> best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        for (Object o : trials) {
            if (!(o instanceof Map<?, ?> t)) {
                throw new IOException(file + ": a trial is not an object");
            }
            String state = String.valueOf(t.get("state"));
            states.merge(state, 1L, (a, b) -> (Long) a + (Long) b);
            if (state.equals("COMPLETE") && t.get("values") instanceof List<?> values && !values.isEmpty()
                    && values.getFirst() instanceof Number v && v.doubleValue() < bestValue) {
                bestValue = v.doubleValue();
                best = t;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        String prefix = "/files/" + (name.equals(".") ? "" : name + "/");
        out.put("name", name);
        out.put("trials", (long) trials.size());
        out.put("states", states);
        if (best != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("number", best.get("number"));
            b.put("value", bestValue);
            if (best.get("user_attrs") instanceof Map<?, ?> attrs && attrs.get("validation_accuracy") instanceof Number acc) {
                b.put("validation_accuracy", acc.doubleValue());
            }
            b.put("params", best.get("params"));
            out.put("best", b);
        } else {
            out.put("best", null);
        }
        out.put("report", prefix + "study.html");
        out.put("trials_csv", Files.isRegularFile(dir.resolve("trials.csv")) ? prefix + "trials.csv" : null);
        out.put("best_run", RunFolder.isRun(dir.resolve("best")) ? (name.equals(".") ? "" : name + "/") + "best" : null);
        return out;
    }
}
