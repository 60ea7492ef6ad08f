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
 * workload's metric — a time ratio for W2/W3/W4/W6–W9 (below 1 is faster) and a throughput ratio for
 * W1/W5 (above 1 is faster). The table shows the ratio of the medians (the protocol's figure) and
 * the ratio of the best repetitions (less sensitive to other processes on a shared machine, which
 * only ever slow a run down). When a file holds several records of one figure (several rounds of
 * {@code compare.sh --rounds N}), the best median and the best of the bests across them count.
 */
public final class Compare {
    private Compare() {
    }

    /** How a bench name is read: its key field, its metric, the metric's unit and direction. */
    record Metric(String keyField, String field, String bestField, String unit, boolean higherIsBetter) {
        /** The better of two values of this metric (null-safe). */
        Double better(Double a, Double b) {
            if (a == null || b == null) {
                return a == null ? b : a;
            }
            return higherIsBetter ? Math.max(a, b) : Math.min(a, b);
        }
    }

    /** The metric of each bench name of bench_torch.py. */
    static Metric metricOf(String bench) {
        return switch (bench) {
            case "w1_sgemm" -> new Metric("n", "gflops_median", "gflops_best", "GFLOP/s", true);
            case "w2_mlp_train", "w3_lenet_train", "w2_mlp_fwd_bwd", "w7_cifar_vgg_train", "w8_resnet18_train" -> new Metric(null, "ms_per_step_median", "ms_per_step_min", "ms/step", false);
            case "w4a_add_8x8_nograd", "w4b_add_8x8_requires_grad" -> new Metric(null, "us_median", "us_min", "µs/op", false);
            case "w4c_tiny_train_step" -> new Metric(null, "us_median", "us_min", "µs/step", false);
            case "w5_elementwise" -> new Metric("op", "eff_gbs_median", "eff_gbs_best", "GB/s", true);
            case "w6_mlp_infer" -> new Metric("batch", "us_median", "us_min", "µs/batch", false);
            case "w9_resnet18_infer" -> new Metric("batch", "us_median", "us_min", "µs/batch", false);
            default -> null;
        };
    }

    /** One row of the table. */
    record Row(String figure, String unit, Double kiln, Double torch, Double kilnBest, Double torchBest,
               boolean higherIsBetter, String note) {
        /** Kiln/PyTorch of the medians, or null when either side is missing. */
        Double ratio() {
            return ratio(kiln, torch);
        }

        /** Kiln/PyTorch of the best repetitions, or null when either side is missing. */
        Double bestRatio() {
            return ratio(kilnBest, torchBest);
        }

        private static Double ratio(Double k, Double t) {
            return k == null || t == null || t == 0 ? null : k / t;
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
        Map<String, List<Map<String, Object>>> k = index(kiln);
        Map<String, List<Map<String, Object>>> t = index(torch);
        Map<String, Boolean> order = new LinkedHashMap<>();
        t.keySet().forEach(f -> order.put(f, true));
        k.keySet().forEach(f -> order.put(f, true));
        List<Row> rows = new ArrayList<>();
        for (String f : order.keySet()) {
            List<Map<String, Object>> kr = k.getOrDefault(f, List.of());
            List<Map<String, Object>> tr = t.getOrDefault(f, List.of());
            Map<String, Object> any = kr.isEmpty() ? tr.getFirst() : kr.getFirst();
            Metric m = metricOf(String.valueOf(any.get("bench")));
            Map<String, Object> pending = kr.stream().filter(x -> "pending".equals(x.get("status"))).findFirst().orElse(null);
            Double kilnMedian = best(m, kr, m.field());
            String note = kilnMedian == null && pending != null ? "Kiln: pending (" + pending.get("reason") + ")"
                    : kr.isEmpty() ? "Kiln: not run" : tr.isEmpty() ? "PyTorch: not run" : "";
            rows.add(new Row(f, m.unit(), kilnMedian, best(m, tr, m.field()), best(m, kr, m.bestField()), best(m, tr, m.bestField()),
                    m.higherIsBetter(), note));
        }
        return rows;
    }

    /** The best value of {@code field} over the records (null when none has it). */
    private static Double best(Metric m, List<Map<String, Object>> records, String field) {
        Double b = null;
        for (Map<String, Object> r : records) {
            b = m.better(b, number(r, field));
        }
        return b;
    }

    private static Map<String, List<Map<String, Object>>> index(List<Map<String, Object>> records) {
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (Map<String, Object> r : records) {
            Object b = r.get("bench");
            if (b != null && metricOf(String.valueOf(b)) != null) {
                out.computeIfAbsent(figureOf(r), x -> new ArrayList<>()).add(r);
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
        sb.append("| figure | metric | Kiln | PyTorch | Kiln/PyTorch | best/best | |\n");
        sb.append("| --- | --- | ---: | ---: | ---: | ---: | --- |\n");
        for (Row r : rows) {
            String verdict = r.ratio() == null ? r.note()
                    : (r.higherIsBetter() ? "throughput ratio (>1: Kiln faster)" : "time ratio (<1: Kiln faster)");
            sb.append("| ").append(r.figure()).append(" | ").append(r.unit()).append(" | ").append(fmt(r.kiln()))
                    .append(" | ").append(fmt(r.torch())).append(" | ").append(ratio(r.ratio()))
                    .append(" | ").append(ratio(r.bestRatio())).append(" | ").append(verdict).append(" |\n");
        }
        return sb.toString();
    }

    private static String ratio(Double r) {
        return r == null ? "–" : String.format(Locale.ROOT, "%.2f", r);
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
