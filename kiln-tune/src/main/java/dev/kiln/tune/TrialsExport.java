package dev.kiln.tune;

import dev.kiln.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a study's trials as CSV (one row per trial, the columns of Optuna's trials_dataframe:
 * number, state, value or values_i, params_NAME, user_attrs_NAME, constraints, datetime_start,
 * datetime_complete, duration_s, fail_reason) or as JSON (a list of objects). Files are written to a
 * temporary file and renamed, so a previous good file is never half-overwritten.
 */
public final class TrialsExport {
    private TrialsExport() {
    }

    /** The trials as CSV text. */
    public static String csv(Study study) {
        List<FrozenTrial> trials = study.trials();
        Set<String> params = new LinkedHashSet<>();
        Set<String> attrs = new LinkedHashSet<>();
        for (FrozenTrial t : trials) {
            params.addAll(t.params().keySet());
            attrs.addAll(t.userAttrs().keySet());
        }
        int nv = study.directions().size();
        List<String> header = new ArrayList<>(List.of("number", "state"));
        if (nv == 1) {
            header.add("value");
        } else {
            for (int i = 0; i < nv; i++) {
                header.add("values_" + i);
            }
        }
        params.forEach(p -> header.add("params_" + p));
        attrs.forEach(a -> header.add("user_attrs_" + a));
        header.addAll(List.of("constraints", "datetime_start", "datetime_complete", "duration_s", "fail_reason"));
        StringBuilder sb = new StringBuilder();
        row(sb, new ArrayList<>(header));
        for (FrozenTrial t : trials) {
            List<Object> r = new ArrayList<>();
            r.add(t.number());
            r.add(t.state());
            for (int i = 0; i < nv; i++) {
                r.add(i < t.values().size() ? t.values().get(i) : "");
            }
            params.forEach(p -> r.add(t.params().containsKey(p) ? t.params().get(p) : ""));
            attrs.forEach(a -> r.add(t.userAttrs().containsKey(a) ? plain(t.userAttrs().get(a)) : ""));
            r.add(t.constraints().isEmpty() ? "" : Json.write(t.constraints()));
            r.add(t.start() == null ? "" : t.start());
            r.add(t.complete() == null ? "" : t.complete());
            r.add(t.start() == null || t.complete() == null ? "" : Duration.between(t.start(), t.complete()).toMillis() / 1000.0);
            Object reason = t.systemAttrs().get(Trial.FAIL_REASON);
            r.add(reason == null ? "" : reason);
            row(sb, r);
        }
        return sb.toString();
    }

    private static Object plain(Object v) {
        return v instanceof String || v instanceof Number || v instanceof Boolean ? v : Json.write(v);
    }

    private static void row(StringBuilder sb, List<Object> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String s = cells.get(i) == null ? "" : String.valueOf(cells.get(i));
            if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
                s = "\"" + s.replace("\"", "\"\"") + "\"";
            }
            sb.append(s);
        }
        sb.append('\n');
    }

    /** The trials as a JSON list of objects. */
    public static String json(Study study) {
        List<Object> out = new ArrayList<>();
        for (FrozenTrial t : study.trials()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("number", t.number());
            m.put("state", t.state().name());
            m.put("values", t.values());
            m.put("params", t.params());
            Map<String, Object> dists = new LinkedHashMap<>();
            t.distributions().forEach((k, v) -> dists.put(k, v.toMap()));
            m.put("distributions", dists);
            Map<String, Object> inter = new LinkedHashMap<>();
            t.intermediateValues().forEach((k, v) -> inter.put(String.valueOf(k), v));
            m.put("intermediate_values", inter);
            m.put("constraints", t.constraints());
            m.put("user_attrs", t.userAttrs());
            m.put("system_attrs", t.systemAttrs());
            m.put("datetime_start", t.start() == null ? null : t.start().toString());
            m.put("datetime_complete", t.complete() == null ? null : t.complete().toString());
            out.add(m);
        }
        return Json.write(out);
    }

    /** Writes the CSV to {@code file} (temp file + rename). */
    public static void writeCsv(Study study, Path file) {
        write(file, csv(study));
    }

    /** Writes the JSON to {@code file} (temp file + rename). */
    public static void writeJson(Study study, Path file) {
        write(file, json(study));
    }

    /** Writes text to a file atomically: a temporary file beside it, then a rename. */
    public static void write(Path file, String text) {
        try {
            Path abs = file.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
