package dev.kiln.bench;

import dev.kiln.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tabulates Kiln's and PyTorch's records side by side: rows are matched on the {@code bench} name
 * and the figure's key ({@code n}, {@code op} or {@code batch}), and the ratio is Kiln/PyTorch of the
 * workload's metric — a time ratio for W2/W3/W4/W6 (below 1 is faster) and a throughput ratio for
 * W1/W5 (above 1 is faster). When a file holds several records of one figure, the last one counts.
 */
public final class Compare {
    private Compare() {
    }

    /** How a bench name is read: its key field, its metric, the metric's unit and direction. */
    record Metric(String keyField, String field, String unit, boolean higherIsBetter) {
    }

    /** The metric of each bench name of bench_torch.py. */
    static Metric metricOf(String bench) {
        return switch (bench) {
            case "w1_sgemm" -> new Metric("n", "gflops_median", "GFLOP/s", true);
            case "w2_mlp_train", "w3_lenet_train" -> new Metric(null, "ms_per_step_median", "ms/step", false);
            case "w4a_add_8x8_nograd", "w4b_add_8x8_requires_grad" -> new Metric(null, "us_median", "µs/op", false);
            case "w4c_tiny_train_step" -> new Metric(null, "us_median", "µs/step", false);
            case "w5_elementwise" -> new Metric("op", "eff_gbs_median", "GB/s", true);
            case "w6_mlp_infer" -> new Metric("batch", "us_median", "µs/batch", false);
            default -> null;
        };
    }

    /** One row of the table. */
    record Row(String figure, String unit, Double kiln, Double torch, boolean higherIsBetter, String note) {
        /** Kiln/PyTorch of the metric, or null when either side is missing. */
        Double ratio() {
            return kiln == null || torch == null || torch == 0 ? null : kiln / torch;
        }
    }

    /** The figure's name: bench plus key, e.g. {@code w1_sgemm n=256}. */
    static String figureOf(Map<String, Object> rec) {
        String bench = String.valueOf(rec.get("bench"));
        Metric m = metricOf(bench);
        if (m == null || m.keyField() == null || !rec.containsKey(m.keyField())) {
            return bench;
        }
        Object k = rec.get(m.keyField());
        String key = k instanceof Double d && d == Math.rint(d) ? String.valueOf(d.longValue()) : String.valueOf(k);
        return bench + " " + m.keyField() + "=" + key;
    }

    /** Builds the rows from the records of both sides (PyTorch's order first, then Kiln-only figures). */
    static List<Row> rows(List<Map<String, Object>> kiln, List<Map<String, Object>> torch) {
        Map<String, Map<String, Object>> k = index(kiln);
        Map<String, Map<String, Object>> t = index(torch);
        Map<String, Boolean> order = new LinkedHashMap<>();
        t.keySet().forEach(f -> order.put(f, true));
        k.keySet().forEach(f -> order.put(f, true));
        List<Row> rows = new ArrayList<>();
        for (String f : order.keySet()) {
            Map<String, Object> kr = k.get(f);
            Map<String, Object> tr = t.get(f);
            Map<String, Object> any = kr != null ? kr : tr;
            String bench = String.valueOf(any.get("bench"));
            Metric m = metricOf(bench);
            String note = kr != null && "pending".equals(kr.get("status")) ? "Kiln: pending (" + kr.get("reason") + ")"
                    : kr == null ? "Kiln: not run" : tr == null ? "PyTorch: not run" : "";
            rows.add(new Row(f, m.unit(), number(kr, m.field()), number(tr, m.field()), m.higherIsBetter(), note));
        }
        return rows;
    }

    private static Map<String, Map<String, Object>> index(List<Map<String, Object>> records) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map<String, Object> r : records) {
            Object b = r.get("bench");
            if (b != null && metricOf(String.valueOf(b)) != null) {
                out.put(figureOf(r), r);
            }
        }
        return out;
    }

    private static Double number(Map<String, Object> rec, String field) {
        return rec != null && rec.get(field) instanceof Number n ? n.doubleValue() : null;
    }

    /** The rows as a Markdown table. */
    static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| figure | metric | Kiln | PyTorch | Kiln/PyTorch | |\n");
        sb.append("| --- | --- | ---: | ---: | ---: | --- |\n");
        for (Row r : rows) {
            Double ratio = r.ratio();
            String verdict = ratio == null ? r.note()
                    : (r.higherIsBetter() ? "throughput ratio (>1: Kiln faster)" : "time ratio (<1: Kiln faster)");
            sb.append("| ").append(r.figure()).append(" | ").append(r.unit()).append(" | ").append(fmt(r.kiln()))
                    .append(" | ").append(fmt(r.torch())).append(" | ").append(ratio == null ? "–" : String.format(Locale.ROOT, "%.2f", ratio))
                    .append(" | ").append(verdict).append(" |\n");
        }
        return sb.toString();
    }

    static String fmt(Double v) {
        if (v == null) {
            return "–";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
    }

    /** Reads a JSONL file: one JSON object per non-blank line that starts with '{'. */
    static List<Map<String, Object>> readJsonl(Path file) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String s = line.trim();
            if (s.startsWith("{")) {
                out.add(Json.parseObject(s));
            }
        }
        return out;
    }

    /** Prints the table for the two files. */
    static void run(Path kiln, Path torch) throws IOException {
        System.out.print(table(rows(readJsonl(kiln), readJsonl(torch))));
    }
}
