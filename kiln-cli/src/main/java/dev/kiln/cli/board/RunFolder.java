package dev.kiln.cli.board;

import dev.kiln.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A run folder written by {@code kiln train}, read into the JSON object the board page draws.
 *
 * <p>The object has: {@code name} (the folder relative to the runs folder), {@code config} (run.json),
 * {@code epochs} (metrics.csv as columns: epoch, train_loss, train_accuracy, val_loss, val_accuracy, lr,
 * seconds, samples_per_second), {@code steps} (lr.csv as columns: step, lr, loss), {@code results}
 * (results.json: the test figure and the checkpoint it was measured on), {@code confusion}
 * (confusion.json), {@code misclassified} (misclassified.json), {@code summary} (best and last
 * validation figures, duration, status), {@code files} and {@code version} (the newest modification
 * time, so that a page polling the board redraws only what changed). Rows logged twice for the same
 * epoch or step (a run resumed before its logs were cut back) keep their last value.
 */
public final class RunFolder {
    /** The file that marks a folder as a run. */
    public static final String CONFIG = "run.json";
    /** Per-epoch metrics. */
    public static final String METRICS = "metrics.csv";
    /** Per-step learning rate and loss. */
    public static final String STEPS = "lr.csv";
    /** The final test figure: which checkpoint, its epoch, loss and accuracy. */
    public static final String RESULTS = "results.json";
    /** The test split's confusion matrix with the class names. */
    public static final String CONFUSION = "confusion.json";
    /** A few misclassified test examples (images as data URIs, or feature rows). */
    public static final String MISCLASSIFIED = "misclassified.json";
    /** A run whose logs changed less than this long ago and that has no results yet counts as running. */
    static final long RUNNING_WINDOW_MILLIS = 120_000;

    private static final List<String> LOGS = List.of(CONFIG, METRICS, STEPS, RESULTS, CONFUSION, MISCLASSIFIED);

    private RunFolder() {
    }

    /**
     * Whether {@code dir} is a run folder.
     *
     * @param dir a folder
     * @return true if it holds a {@code run.json}
     */
    public static boolean isRun(Path dir) {
        return Files.isRegularFile(dir.resolve(CONFIG));
    }

    /**
     * The run folders under {@code root} (the root itself if it is one, otherwise sub-folders up to
     * three levels deep, not looking inside runs), sorted by path.
     *
     * @param root the runs folder
     * @return the run folders
     * @throws IOException if the folder cannot be listed
     */
    public static List<Path> find(Path root) throws IOException {
        List<Path> runs = new ArrayList<>();
        collect(root, 0, runs, RunFolder::isRun);
        runs.sort(null);
        return runs;
    }

    /**
     * The other pages under {@code root} that are not runs: folders up to three levels deep with an
     * {@code index.html} (lab books of {@code kiln lab}, studies), sorted by path.
     *
     * @param root the runs folder
     * @return the folders holding an index.html
     * @throws IOException if the folder cannot be listed
     */
    public static List<Path> findPages(Path root) throws IOException {
        List<Path> found = new ArrayList<>();
        collect(root, 0, found, dir -> !isRun(dir) && Files.isRegularFile(dir.resolve("index.html")));
        found.sort(null);
        return found;
    }

    static void collect(Path dir, int depth, List<Path> found, Predicate<Path> wanted) throws IOException {
        if (wanted.test(dir)) {
            found.add(dir);
            return;
        }
        if (isRun(dir)) {
            return;
        }
        if (depth == 3) {
            return;
        }
        try (Stream<Path> children = Files.list(dir)) {
            // symbolic links are not followed: the board serves only what lies inside the runs folder
            for (Path child : children.filter(c -> Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS)).toList()) {
                collect(child, depth + 1, found, wanted);
            }
        }
    }

    /**
     * Reads a run.
     *
     * @param name the run's name (its path relative to the runs folder)
     * @param dir the run folder
     * @param nowMillis the current time in milliseconds since the epoch (decides "running")
     * @return the run as a JSON-ready map (see the class comment)
     * @throws IOException if a file cannot be read
     */
    public static Map<String, Object> read(String name, Path dir, long nowMillis) throws IOException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("name", name);
        run.put("config", jsonFile(dir.resolve(CONFIG)));
        Map<String, List<Double>> epochs = csvColumns(dir.resolve(METRICS));
        Map<String, List<Double>> steps = csvColumns(dir.resolve(STEPS));
        run.put("epochs", epochs);
        run.put("steps", steps);
        Object results = jsonFile(dir.resolve(RESULTS));
        run.put("results", results);
        run.put("confusion", jsonFile(dir.resolve(CONFUSION)));
        run.put("misclassified", jsonFile(dir.resolve(MISCLASSIFIED)));
        long version = version(dir);
        String status = results != null ? "finished" : nowMillis - version < RUNNING_WINDOW_MILLIS ? "running" : "stopped";
        run.put("summary", summary(epochs, status));
        run.put("files", files(dir));
        run.put("version", version);
        return run;
    }

    /**
     * The newest modification time of the run's logs, in milliseconds.
     *
     * @param dir the run folder
     * @return the time, or 0 if none of the logs exists
     * @throws IOException if a time cannot be read
     */
    public static long version(Path dir) throws IOException {
        long newest = 0;
        for (String f : LOGS) {
            Path p = dir.resolve(f);
            if (Files.isRegularFile(p)) {
                newest = Math.max(newest, Files.getLastModifiedTime(p).toMillis());
            }
        }
        return newest;
    }

    private static Map<String, Object> summary(Map<String, List<Double>> epochs, String status) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("status", status);
        List<Double> epoch = epochs.getOrDefault("epoch", List.of());
        List<Double> valAcc = epochs.getOrDefault("val_accuracy", List.of());
        List<Double> valLoss = epochs.getOrDefault("val_loss", List.of());
        s.put("epochs_done", epoch.isEmpty() ? 0 : epoch.getLast().intValue());
        int best = -1;
        for (int i = 0; i < epoch.size(); i++) {
            Double a = i < valAcc.size() ? valAcc.get(i) : null;
            if (a != null && (best < 0 || a > valAcc.get(best))) {
                best = i;
            }
        }
        if (best < 0) {
            for (int i = 0; i < epoch.size(); i++) {
                Double l = i < valLoss.size() ? valLoss.get(i) : null;
                if (l != null && (best < 0 || l < valLoss.get(best))) {
                    best = i;
                }
            }
        }
        if (best >= 0) {
            s.put("best_epoch", epoch.get(best).intValue());
            s.put("best_val_accuracy", at(valAcc, best));
            s.put("best_val_loss", at(valLoss, best));
            s.put("last_val_accuracy", at(valAcc, epoch.size() - 1));
            s.put("last_val_loss", at(valLoss, epoch.size() - 1));
            List<Double> trainLoss = epochs.getOrDefault("train_loss", List.of());
            s.put("last_train_loss", at(trainLoss, epoch.size() - 1));
        }
        double seconds = 0;
        for (Double d : epochs.getOrDefault("seconds", List.of())) {
            seconds += d == null ? 0 : d;
        }
        s.put("seconds", seconds);
        return s;
    }

    private static Double at(List<Double> values, int i) {
        return i >= 0 && i < values.size() ? values.get(i) : null;
    }

    private static List<String> files(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> all = Files.walk(dir, 2)) {
            all.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().forEach(names::add);
        }
        return names;
    }

    private static Object jsonFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Map.of("error", file.getFileName() + ": " + e.getMessage());
        }
    }

    /**
     * A CSV file with a header as columns of numbers ({@code null} where a cell is empty or not a
     * finite number), sorted by the first column. Rows whose first cell repeats an earlier one replace
     * it; a last line without its line break (being written) is ignored.
     */
    static Map<String, List<Double>> csvColumns(Path file) throws IOException {
        Map<String, List<Double>> columns = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return columns;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            return columns;
        }
        List<String> lines = new ArrayList<>(text.lines().toList());
        if (!text.endsWith("\n") && !lines.isEmpty()) {
            lines.removeLast(); // being written right now
        }
        if (lines.isEmpty()) {
            return columns;
        }
        String[] header = lines.getFirst().split(",", -1);
        TreeMap<Double, Double[]> rows = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells.length != header.length) {
                continue;
            }
            Double[] row = new Double[header.length];
            for (int i = 0; i < cells.length; i++) {
                row[i] = number(cells[i]);
            }
            if (row[0] != null) {
                rows.put(row[0], row);
            }
        }
        for (int c = 0; c < header.length; c++) {
            List<Double> column = new ArrayList<>(rows.size());
            for (Double[] row : rows.values()) {
                column.add(row[c]);
            }
            columns.put(header[c].strip(), column);
        }
        return columns;
    }

    private static Double number(String cell) {
        try {
            double v = Double.parseDouble(cell.strip());
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
