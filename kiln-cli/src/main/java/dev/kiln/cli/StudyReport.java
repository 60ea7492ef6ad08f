package dev.kiln.cli;

import dev.kiln.tune.CategoricalDistribution;
import dev.kiln.tune.Distribution;
import dev.kiln.tune.FloatDistribution;
import dev.kiln.tune.FrozenTrial;
import dev.kiln.tune.Importances;
import dev.kiln.tune.IntDistribution;
import dev.kiln.tune.Study;
import dev.kiln.tune.StudyDirection;
import dev.kiln.tune.Trial;
import dev.kiln.tune.TrialState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a study's {@code study.html}, made like a run's report.html: PNG charts drawn by XChart
 * (optimisation history with the best so far, parameter importances by PED-ANOVA, one slice plot
 * per parameter), parallel coordinates as inline SVG, and a table of trials sortable by clicking a
 * column header.
 */
final class StudyReport {
    private StudyReport() {
    }

    static void write(Path dir, Study study, String objectiveName, Map<String, Distribution> space, Map<String, String> summary)
            throws IOException {
        Files.createDirectories(dir);
        List<FrozenTrial> trials = study.trials();
        List<FrozenTrial> done = trials.stream().filter(t -> t.state() == TrialState.COMPLETE).toList();
        StudyDirection dir0 = study.direction();
        StringBuilder html = new StringBuilder();
        String title = "Kiln study: " + study.name();
        html.append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}"
                        + "th{background:#f3f3f3;cursor:pointer}img{max-width:100%;margin:1em 0}</style></head><body>\n");
        html.append("<h1>").append(escape(title)).append("</h1>\n<table>\n");
        for (Map.Entry<String, String> e : summary.entrySet()) {
            html.append("<tr><th style=\"text-align:left\">").append(escape(e.getKey())).append("</th><td>")
                    .append(escape(e.getValue())).append("</td></tr>\n");
        }
        html.append("</table>\n");

        // optimisation history
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> best = new ArrayList<>();
        double b = Double.NaN;
        for (FrozenTrial t : done) {
            x.add((double) t.number());
            y.add(t.value());
            b = Double.isNaN(b) || dir0.better(t.value(), b) ? t.value() : b;
            best.add(b);
        }
        XYChart history = new XYChartBuilder().width(800).height(400).title("Optimisation history").xAxisTitle("trial")
                .yAxisTitle(objectiveName).build();
        if (x.isEmpty()) {
            history.addSeries("none", List.of(0.0), List.of(0.0));
        } else {
            XYSeries s = history.addSeries("trial", x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            history.addSeries("best so far", x, best).setMarker(SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(history, dir.resolve("history.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        html.append("<h2>Optimisation history</h2>\n<img src=\"history.png\" alt=\"optimisation history\">\n");

        // importances
        if (done.size() >= 3 && !space.isEmpty()) {
            Map<String, Double> imp = Importances.pedAnova(study);
            if (!imp.isEmpty()) {
                CategoryChart c = new CategoryChartBuilder().width(800).height(300).title("Parameter importances (PED-ANOVA)")
                        .xAxisTitle("parameter").yAxisTitle("importance").build();
                c.getStyler().setLegendVisible(false);
                c.addSeries("importance", new ArrayList<>(imp.keySet()), new ArrayList<Number>(imp.values()));
                BitmapEncoder.saveBitmap(c, dir.resolve("importances.png").toString(), BitmapEncoder.BitmapFormat.PNG);
                html.append("<h2>Parameter importances</h2>\n<img src=\"importances.png\" alt=\"parameter importances\">\n");
            }
        }

        // parallel coordinates and slices
        if (!done.isEmpty() && !space.isEmpty()) {
            html.append("<h2>Parallel coordinates</h2>\n").append(parallelCoordinates(done, space, dir0, objectiveName));
            html.append("<h2>Slices</h2>\n");
            int i = 0;
            for (Map.Entry<String, Distribution> e : space.entrySet()) {
                String file = "slice_" + (i++) + ".png";
                slice(dir.resolve(file), e.getKey(), e.getValue(), done, objectiveName);
                html.append("<img src=\"").append(file).append("\" alt=\"slice of ").append(escape(e.getKey())).append("\">\n");
            }
        }

        // table
        html.append("<h2>Trials</h2>\n<p>Click a column header to sort.</p>\n<table id=\"trials\"><thead><tr><th>trial</th><th>state</th><th>")
                .append(escape(objectiveName)).append("</th>");
        for (String p : space.keySet()) {
            html.append("<th>").append(escape(p)).append("</th>");
        }
        html.append("<th>seconds</th><th>note</th></tr></thead><tbody>\n");
        for (FrozenTrial t : trials) {
            html.append("<tr><td>").append(t.number()).append("</td><td>").append(t.state()).append("</td><td>")
                    .append(t.values().isEmpty() ? "" : String.format(Locale.ROOT, "%.6g", t.values().getFirst())).append("</td>");
            for (String p : space.keySet()) {
                Object v = t.params().get(p);
                html.append("<td>").append(v == null ? "" : escape(format(v))).append("</td>");
            }
            String secs = t.start() != null && t.complete() != null
                    ? String.format(Locale.ROOT, "%.1f", java.time.Duration.between(t.start(), t.complete()).toMillis() / 1000.0) : "";
            Object reason = t.systemAttrs().get(Trial.FAIL_REASON);
            html.append("<td>").append(secs).append("</td><td style=\"text-align:left\">")
                    .append(reason == null ? "" : escape(String.valueOf(reason))).append("</td></tr>\n");
        }
        html.append("</tbody></table>\n").append(SORT_SCRIPT).append("</body></html>\n");
        dev.kiln.tune.TrialsExport.write(dir.resolve("study.html"), html.toString());
    }

    private static final String SORT_SCRIPT = """
            <script>
            document.querySelectorAll('#trials th').forEach((th, col) => th.addEventListener('click', () => {
              const body = document.querySelector('#trials tbody');
              const rows = Array.from(body.rows);
              const asc = th.dataset.asc !== 'true';
              th.dataset.asc = asc;
              const key = r => { const t = r.cells[col].textContent; const n = parseFloat(t); return isNaN(n) ? t : n; };
              rows.sort((a, b) => { const x = key(a), y = key(b); const c = x < y ? -1 : x > y ? 1 : 0; return asc ? c : -c; });
              rows.forEach(r => body.appendChild(r));
            }));
            </script>
            """;

    private static String format(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : String.valueOf(v);
    }

    /** The position of a trial's parameter on its axis, in [0, 1] (log scale for log ranges, index for choices). */
    private static double position(Distribution d, Object v) {
        double internal = d.toInternal(v);
        return switch (d) {
            case FloatDistribution f -> f.low() == f.high() ? 0.5 : f.isLog()
                    ? Math.log(internal / f.low()) / Math.log(f.high() / f.low()) : (internal - f.low()) / (f.high() - f.low());
            case IntDistribution i -> i.low() == i.high() ? 0.5 : i.isLog()
                    ? Math.log(internal / i.low()) / Math.log((double) i.high() / i.low()) : (internal - i.low()) / (i.high() - i.low());
            case CategoricalDistribution c -> c.size() == 1 ? 0.5 : internal / (c.size() - 1);
        };
    }

    private static String parallelCoordinates(List<FrozenTrial> done, Map<String, Distribution> space, StudyDirection dir, String objective) {
        List<String> names = new ArrayList<>(space.keySet());
        int axes = names.size() + 1;
        int w = 900;
        int h = 360;
        int top = 30;
        int bottom = 40;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (FrozenTrial t : done) {
            lo = Math.min(lo, t.value());
            hi = Math.max(hi, t.value());
        }
        StringBuilder svg = new StringBuilder();
        svg.append("<svg width=\"").append(w).append("\" height=\"").append(h).append("\" xmlns=\"http://www.w3.org/2000/svg\" ")
                .append("style=\"font:12px sans-serif\">\n");
        double step = (w - 100.0) / Math.max(1, axes - 1);
        for (FrozenTrial t : done) {
            double quality = hi == lo ? 1 : dir == StudyDirection.MINIMIZE ? (hi - t.value()) / (hi - lo) : (t.value() - lo) / (hi - lo);
            StringBuilder pts = new StringBuilder();
            boolean complete = true;
            for (int a = 0; a < names.size(); a++) {
                Object v = t.params().get(names.get(a));
                if (v == null) {
                    complete = false;
                    break;
                }
                double y = top + (1 - position(space.get(names.get(a)), v)) * (h - top - bottom);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", 50 + a * step, y));
            }
            if (!complete) {
                continue;
            }
            double yv = hi == lo ? 0.5 : (t.value() - lo) / (hi - lo);
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f", 50 + names.size() * step, top + (1 - yv) * (h - top - bottom)));
            int shade = (int) Math.round(220 - 200 * quality);
            svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"rgb(%d,%d,255)\" stroke-opacity=\"0.7\"/>%n",
                    pts, shade, shade));
        }
        for (int a = 0; a < axes; a++) {
            double xa = 50 + a * step;
            String label = a < names.size() ? names.get(a) : objective;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#444\"/>%n", xa, top, xa, h - bottom));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", xa, h - bottom + 20, escape(label)));
        }
        svg.append("</svg>\n<p>Each line is a completed trial; darker lines are better. Axes run from the low end of each range "
                + "(bottom) to the high end (top, log scale for log ranges); the last axis is the objective.</p>\n");
        return svg.toString();
    }

    private static void slice(Path file, String name, Distribution d, List<FrozenTrial> done, String objective) throws IOException {
        XYChart c = new XYChartBuilder().width(800).height(300).title("Slice: " + name).xAxisTitle(name).yAxisTitle(objective).build();
        c.getStyler().setLegendVisible(false);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (FrozenTrial t : done) {
            Object v = t.params().get(name);
            if (v != null) {
                xs.add(d.toInternal(v));
                ys.add(t.value());
            }
        }
        if (d instanceof CategoricalDistribution cat) {
            Map<Double, Object> labels = new LinkedHashMap<>();
            for (int i = 0; i < cat.size(); i++) {
                labels.put((double) i, cat.choices().get(i));
            }
            c.setTitle("Slice: " + name + " " + labels);
        }
        boolean log = d instanceof FloatDistribution f ? f.isLog() : d instanceof IntDistribution i && i.isLog();
        c.getStyler().setXAxisLogarithmic(log && !xs.isEmpty());
        if (xs.isEmpty()) {
            xs.add(0.0);
            ys.add(0.0);
        }
        c.addSeries(name, xs, ys).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
