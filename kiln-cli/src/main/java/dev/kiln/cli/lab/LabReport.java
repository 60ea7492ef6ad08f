package dev.kiln.cli.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The output of one lab experiment: tables printed to the console and, with the PNG charts drawn
 * by XChart, gathered into an {@code index.html} page in the output folder.
 *
 * <pre>{@code
 * LabReport r = new LabReport(dir, "Signal propagation", System.out);
 * r.paragraph("...");
 * r.table("Per configuration", List.of("init", "std"), rows);
 * r.lineChart("std.png", "Std per layer", "layer", "std", x, series, true);
 * r.finish();
 * }</pre>
 */
final class LabReport {
    private final Path dir;
    private final String title;
    private final PrintStream console;
    private final StringBuilder body = new StringBuilder();
    private final List<Path> charts = new ArrayList<>();

    /** Creates the output folder and prints the title. */
    LabReport(Path dir, String title, PrintStream console) throws IOException {
        this.dir = dir;
        this.title = title;
        this.console = console;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create the output folder " + dir + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(dir)) {
            throw new IOException("the output folder " + dir + " is not writable");
        }
        console.println(title);
        console.println("=".repeat(title.length()));
    }

    /** The output folder. */
    Path dir() {
        return dir;
    }

    /** The charts written so far. */
    List<Path> charts() {
        return List.copyOf(charts);
    }

    /** A paragraph of explanation (console and page). */
    void paragraph(String text) {
        console.println(text);
        console.println();
        body.append("<p>").append(escape(text)).append("</p>\n");
    }

    /** A sub-heading (console and page). */
    void heading(String text) {
        console.println(text);
        console.println("-".repeat(text.length()));
        body.append("<h2>").append(escape(text)).append("</h2>\n");
    }

    /** A table with aligned columns on the console and an HTML table on the page. */
    void table(List<String> headers, List<List<String>> rows) {
        boolean[] left = new boolean[headers.size()];
        for (int c = 0; c < left.length; c++) {
            left[c] = c == 0;
            for (List<String> row : rows) {
                left[c] |= !isNumber(row.get(c));
            }
        }
        int[] width = new int[headers.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = headers.get(c).length();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            line.append(c == 0 ? "" : "  ").append(pad(headers.get(c), width[c], left[c]));
        }
        console.println(line.toString().stripTrailing());
        int total = 0;
        for (int w : width) {
            total += w + 2;
        }
        console.println("-".repeat(Math.max(0, total - 2)));
        for (List<String> row : rows) {
            line.setLength(0);
            for (int c = 0; c < width.length; c++) {
                line.append(c == 0 ? "" : "  ").append(pad(row.get(c), width[c], left[c]));
            }
            console.println(line.toString().stripTrailing());
        }
        console.println();
        body.append("<table>\n<tr>");
        for (String h : headers) {
            body.append("<th>").append(escape(h)).append("</th>");
        }
        body.append("</tr>\n");
        for (List<String> row : rows) {
            body.append("<tr>");
            for (int c = 0; c < row.size(); c++) {
                body.append(left[c] ? "<td style=\"text-align:left\">" : "<td>").append(escape(row.get(c))).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
    }

    private static boolean isNumber(String s) {
        if (s.equals("NaN") || s.equals("inf") || s.equals("-inf") || s.equals("-")) {
            return true;
        }
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String pad(String s, int width, boolean left) {
        String fill = " ".repeat(width - s.length());
        return left ? s + fill : fill + s;
    }

    /**
     * A line chart of several series over the same x values. Points that are not finite (and,
     * on a logarithmic y axis, not positive) are left out, so a series that overflows simply stops.
     */
    void lineChart(String file, String chartTitle, String xLabel, String yLabel, double[] x, Map<String, double[]> series,
            boolean logY) throws IOException {
        Map<String, double[][]> xy = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            xy.put(e.getKey(), new double[][] {x, e.getValue()});
        }
        xyChart(file, chartTitle, xLabel, yLabel, xy, logY, 900, 500, false);
    }

    /**
     * A chart of several (x, y) paths, each given as {@code {xs, ys}}; with {@code markers} the
     * points are marked (for trajectories). Non-finite points are left out.
     */
    void xyChart(String file, String chartTitle, String xLabel, String yLabel, Map<String, double[][]> paths, boolean logY,
            int w, int h, boolean markers) throws IOException {
        XYChart chart = new XYChartBuilder().width(w).height(h).title(chartTitle).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendVisible(paths.size() > 1);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setMarkerSize(4);
        boolean any = false;
        for (Map.Entry<String, double[][]> e : paths.entrySet()) {
            double[] xs = e.getValue()[0];
            double[] ys = e.getValue()[1];
            List<Double> px = new ArrayList<>();
            List<Double> py = new ArrayList<>();
            for (int i = 0; i < Math.min(xs.length, ys.length); i++) {
                if (Double.isFinite(xs[i]) && Double.isFinite(ys[i]) && (!logY || ys[i] > 0)) {
                    px.add(xs[i]);
                    py.add(ys[i]);
                }
            }
            if (px.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(e.getKey(), px, py);
            s.setMarker(markers && px.size() <= 400 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            any = true;
        }
        if (!any) {
            chart.addSeries("no finite values", List.of(0.0), List.of(logY ? 1.0 : 0.0));
        }
        Path out = dir.resolve(file);
        BitmapEncoder.saveBitmap(chart, out.toString(), BitmapEncoder.BitmapFormat.PNG);
        charts.add(out);
        body.append("<img src=\"").append(escape(file)).append("\" alt=\"").append(escape(chartTitle)).append("\">\n");
    }

    /**
     * Paths in the plane (each {@code {xs, ys}}, points marked) over grey guide curves (level
     * sets, not in the legend); the axes are fitted to the guides so that a diverging path does
     * not squash the picture.
     */
    void pathChart(String file, String chartTitle, Map<String, double[][]> paths, Map<String, double[][]> guides)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(650).title(chartTitle).xAxisTitle("x").yAxisTitle("y").build();
        chart.getStyler().setMarkerSize(3);
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, double[][]> e : guides.entrySet()) {
            double[][] v = e.getValue();
            for (int i = 0; i < v[0].length; i++) {
                x0 = Math.min(x0, v[0][i]);
                x1 = Math.max(x1, v[0][i]);
                y0 = Math.min(y0, v[1][i]);
                y1 = Math.max(y1, v[1][i]);
            }
            XYSeries s = chart.addSeries(e.getKey(), v[0], v[1]);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(java.awt.Color.LIGHT_GRAY);
            s.setShowInLegend(false);
        }
        double mx = 0.05 * (x1 - x0);
        double my = 0.05 * (y1 - y0);
        chart.getStyler().setXAxisMin(x0 - mx).setXAxisMax(x1 + mx).setYAxisMin(y0 - my).setYAxisMax(y1 + my);
        for (Map.Entry<String, double[][]> e : paths.entrySet()) {
            double[] xs = e.getValue()[0];
            double[] ys = e.getValue()[1];
            List<Double> px = new ArrayList<>();
            List<Double> py = new ArrayList<>();
            for (int i = 0; i < xs.length; i++) {
                if (Double.isFinite(xs[i]) && Double.isFinite(ys[i])) {
                    px.add(Math.max(x0 - mx, Math.min(x1 + mx, xs[i])));
                    py.add(Math.max(y0 - my, Math.min(y1 + my, ys[i])));
                }
            }
            if (!px.isEmpty()) {
                XYSeries s = chart.addSeries(e.getKey(), px, py);
                s.setMarker(SeriesMarkers.CIRCLE);
            }
        }
        Path out = dir.resolve(file);
        BitmapEncoder.saveBitmap(chart, out.toString(), BitmapEncoder.BitmapFormat.PNG);
        charts.add(out);
        body.append("<img src=\"").append(escape(file)).append("\" alt=\"").append(escape(chartTitle)).append("\">\n");
    }

    /** Writes {@code index.html} and prints where the report is. */
    Path finish() throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
                        + "th{background:#f3f3f3}img{max-width:100%;margin:.5em 0}</style></head><body>\n");
        html.append("<h1>").append(escape(title)).append("</h1>\n").append(body).append("</body></html>\n");
        Path index = dir.resolve("index.html");
        Files.writeString(index, html, StandardCharsets.UTF_8);
        console.println("Report: " + index.toAbsolutePath().normalize() + " (" + charts.size() + " chart"
                + (charts.size() == 1 ? "" : "s") + ")");
        return index;
    }

    /** A number in a short readable form ({@code %.4g}, or "NaN"/"inf"). */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
