package dev.kiln.cli;

import dev.kiln.io.Safetensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a training run writes: a fresh, uniquely named folder ({@code runs/<date-time>}, then
 * {@code -2}, {@code -3}… for runs started in the same second), a given {@code --out} folder (refused
 * when it already holds files, unless forced), and, for a resumed run, its logs cut back to the
 * checkpoint it resumes from so that nothing is logged twice.
 */
final class RunFolders {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final Pattern JSON_EPOCH = Pattern.compile("\"epoch\"\\s*:\\s*(\\d+)");

    private RunFolders() {
    }

    /**
     * Creates a new run folder {@code parent/<date-time>[-n]} that no other run uses, atomically (two
     * runs started in the same second get different folders).
     *
     * @param parent the runs folder
     * @param now the start time
     * @return the created, empty folder
     * @throws IOException if it cannot be created
     */
    static Path createUnique(Path parent, LocalDateTime now) throws IOException {
        Files.createDirectories(parent);
        String stamp = now.format(STAMP);
        for (int n = 1; ; n++) {
            Path dir = parent.resolve(n == 1 ? stamp : stamp + "-" + n);
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException taken) {
                // another run started in the same second: try the next suffix
            }
        }
    }

    /** The logs a run appends to: a run that starts from scratch in a used folder removes them first. */
    static final List<String> LOGS = List.of("metrics.csv", "metrics.jsonl", "lr.csv");

    /**
     * Prepares a folder given with {@code --out}: creates it, or accepts it if it is empty; a folder
     * that holds files is refused unless {@code force}, and then loses the logs of the run it held
     * (the new run's epochs are not appended to the old run's).
     *
     * @param dir the folder
     * @param force whether to write into a non-empty folder
     * @return the folder
     * @throws IOException if it cannot be created
     * @throws IllegalArgumentException if it holds files and {@code force} is false
     */
    static Path prepareOut(Path dir, boolean force) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--out " + dir + " is a file, not a folder");
        }
        if (Files.isDirectory(dir) && !force) {
            boolean empty;
            try (Stream<Path> entries = Files.list(dir)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty) {
                throw new IllegalArgumentException("--out " + dir + " is not empty" + (Files.isRegularFile(dir.resolve(RunConfig.FILE))
                        ? " (it holds a run: continue it with --resume " + dir + ")" : "") + "; choose another folder, or add --force to write into it");
            }
        }
        if (force) {
            removeLogs(dir);
        }
        Files.createDirectories(dir);
        return dir;
    }

    /** Removes the {@link #LOGS} of the run in {@code dir}, so that a run starting from scratch logs from its first epoch. */
    static void removeLogs(Path dir) throws IOException {
        for (String log : LOGS) {
            Files.deleteIfExists(dir.resolve(log));
        }
    }

    /**
     * Cuts a resumed run's logs back to its checkpoint: the rows of metrics.csv and metrics.jsonl after
     * epoch {@code epochs} and of lr.csv after step {@code steps} (logged after the checkpoint by a run
     * that was then stopped) are removed, so that the resumed run appends each epoch and step once.
     *
     * @param runDir the run folder
     * @param epochs the epochs the checkpoint has trained
     * @param steps the optimiser steps the checkpoint has taken
     * @return how many rows were removed
     * @throws IOException if a log cannot be rewritten
     */
    static int cutLogsBack(Path runDir, int epochs, long steps) throws IOException {
        int removed = keepCsvRows(runDir.resolve("metrics.csv"), epochs);
        removed += keepCsvRows(runDir.resolve("lr.csv"), steps);
        Path jsonl = runDir.resolve("metrics.jsonl");
        if (Files.isRegularFile(jsonl)) {
            List<String> kept = new ArrayList<>();
            List<String> lines = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
            for (String line : lines) {
                Matcher m = JSON_EPOCH.matcher(line);
                if (m.find() && Long.parseLong(m.group(1)) <= epochs) {
                    kept.add(line);
                }
            }
            if (kept.size() != lines.size()) {
                removed += lines.size() - kept.size();
                write(jsonl, kept);
            }
        }
        return removed;
    }

    /** Keeps the header and the rows whose first cell is at most {@code last}; drops a torn last line. */
    private static int keepCsvRows(Path csv, long last) throws IOException {
        if (!Files.isRegularFile(csv)) {
            return 0;
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return 0;
        }
        List<String> kept = new ArrayList<>(List.of(lines.getFirst()));
        for (String line : lines.subList(1, lines.size())) {
            String first = line.split(",", 2)[0];
            try {
                if (Long.parseLong(first.strip()) <= last && line.split(",", -1).length == lines.getFirst().split(",", -1).length) {
                    kept.add(line);
                }
            } catch (NumberFormatException torn) {
                // not a row: dropped
            }
        }
        if (kept.size() == lines.size()) {
            return 0;
        }
        write(csv, kept);
        return lines.size() - kept.size();
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Safetensors.writeAtomically(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
