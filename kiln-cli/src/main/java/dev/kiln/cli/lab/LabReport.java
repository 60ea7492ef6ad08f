package dev.kiln.cli.lab;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
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
     * One chart: series given as {@code {xs, ys}}, grey guide curves (level sets, not in the
     * legend), a logarithmic y axis (drawn as log10 of the values on a linear axis, which reads
     * better over many decades), point markers, and an optional fixed box {x0, x1, y0, y1}.
     * Points that are not finite (or, on a log axis, not positive) are left out.
     */
    record Panel(String title, String xLabel, String yLabel, Map<String, double[][]> series, Map<String, double[][]> guides,
            boolean logY, boolean markers, double[] box) {
        Panel(String title, String xLabel, String yLabel, Map<String, double[][]> series, boolean logY) {
            this(title, xLabel, yLabel, series, Map.of(), logY, false, null);
        }
    }

    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(90, 90, 90), new Color(188, 189, 34), new Color(23, 190, 207), Color.BLACK, new Color(0, 0, 128)};

    /** Series over shared x values, as the {@code {xs, ys}} pairs of a {@link Panel}. */
    static Map<String, double[][]> over(double[] x, Map<String, double[]> ys) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : ys.entrySet()) {
            out.put(e.getKey(), new double[][] {x, e.getValue()});
        }
        return out;
    }

    /** A line chart of several series over the same x values. */
    void lineChart(String file, String chartTitle, String xLabel, String yLabel, double[] x, Map<String, double[]> series,
            boolean logY) throws IOException {
        chart(file, new Panel(chartTitle, xLabel, yLabel, over(x, series), logY), 900, 500);
    }

    /** A bar chart: for each series one bar per category, the values as given. */
    void barChart(String file, String chartTitle, String yLabel, List<String> categories, Map<String, double[]> series)
            throws IOException {
        org.knowm.xchart.CategoryChart chart = new org.knowm.xchart.CategoryChartBuilder().width(800).height(450)
                .title(chartTitle).yAxisTitle(yLabel).build();
        chart.getStyler().setSeriesColors(PALETTE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(series.size() > 1);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            List<Double> values = new ArrayList<>();
            for (double v : e.getValue()) {
                values.add(v);
            }
            chart.addSeries(e.getKey(), categories, values);
        }
        BitmapEncoder.saveBitmap(chart, dir.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
        added(file, chartTitle);
    }

    /** One panel as a PNG of {@code w}×{@code h} pixels. */
    void chart(String file, Panel panel, int w, int h) throws IOException {
        Path out = dir.resolve(file);
        BitmapEncoder.saveBitmap(render(panel, w, h), out.toString(), BitmapEncoder.BitmapFormat.PNG);
        added(file, panel.title());
    }

    /** Several panels side by side, {@code cols} per row, composed into one PNG. */
    void grid(String file, String caption, List<Panel> panels, int cols, int w, int h) throws IOException {
        int rows = (panels.size() + cols - 1) / cols;
        BufferedImage image = new BufferedImage(cols * w, rows * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        for (int i = 0; i < panels.size(); i++) {
            BufferedImage p = BitmapEncoder.getBufferedImage(render(panels.get(i), w, h));
            g.drawImage(p, (i % cols) * w, (i / cols) * h, null);
        }
        g.dispose();
        ImageIO.write(image, "png", dir.resolve(file).toFile());
        added(file, caption);
    }

    private void added(String file, String alt) {
        charts.add(dir.resolve(file));
        body.append("<img src=\"").append(escape(file)).append("\" alt=\"").append(escape(alt)).append("\">\n");
    }

    private static XYChart render(Panel panel, int w, int h) {
        String yLabel = panel.logY() ? "log10(" + panel.yLabel() + ")" : panel.yLabel();
        XYChart chart = new XYChartBuilder().width(w).height(h).title(panel.title()).xAxisTitle(panel.xLabel())
                .yAxisTitle(yLabel).build();
        var st = chart.getStyler();
        st.setSeriesColors(PALETTE);
        st.setMarkerSize(4);
        st.setPlotGridVerticalLinesVisible(false);
        st.setChartBackgroundColor(Color.WHITE);
        st.setLegendBorderColor(Color.LIGHT_GRAY);
        double[] yr = range(panel, true);
        double[] xr = range(panel, false);
        st.setYAxisDecimalPattern(pattern(yr));
        st.setXAxisDecimalPattern(pattern(xr));
        if (w < 600) {
            st.setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        }
        int shown = 0;
        for (Map.Entry<String, double[][]> e : panel.guides().entrySet()) {
            XYSeries s = chart.addSeries(e.getKey(), e.getValue()[0], e.getValue()[1]);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(new Color(200, 200, 200));
            s.setShowInLegend(false);
        }
        for (Map.Entry<String, double[][]> e : panel.series().entrySet()) {
            double[] xs = e.getValue()[0];
            double[] ys = e.getValue()[1];
            List<Double> px = new ArrayList<>();
            List<Double> py = new ArrayList<>();
            for (int i = 0; i < Math.min(xs.length, ys.length); i++) {
                if (Double.isFinite(xs[i]) && Double.isFinite(ys[i]) && (!panel.logY() || ys[i] > 0)) {
                    px.add(xs[i]);
                    py.add(panel.logY() ? Math.log10(ys[i]) : ys[i]);
                }
            }
            if (px.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(e.getKey(), px, py);
            s.setMarker(panel.markers() && px.size() <= 1500 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            s.setLineColor(PALETTE[shown % PALETTE.length]);
            s.setMarkerColor(PALETTE[shown % PALETTE.length]);
            shown++;
        }
        if (shown == 0 && panel.guides().isEmpty()) {
            chart.addSeries("no finite values", List.of(0.0), List.of(0.0));
        }
        st.setLegendVisible(shown > 1);
        if (panel.box() != null) {
            double[] b = panel.box();
            st.setXAxisMin(b[0]).setXAxisMax(b[1]).setYAxisMin(b[2]).setYAxisMax(b[3]);
        }
        return chart;
    }

    /** The range {min, max} of the finite plotted values of a panel's series (y or x). */
    private static double[] range(Panel panel, boolean y) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[][] v : panel.series().values()) {
            for (double d : v[y ? 1 : 0]) {
                if (y && panel.logY()) {
                    d = d > 0 ? Math.log10(d) : Double.NaN;
                }
                if (Double.isFinite(d)) {
                    lo = Math.min(lo, d);
                    hi = Math.max(hi, d);
                }
            }
        }
        return new double[] {lo, hi};
    }

    /** A tick-label pattern with enough digits for the span of the values, without float noise. */
    private static String pattern(double[] r) {
        double span = Math.max(Math.abs(r[1] - r[0]), 1e-300);
        if (!Double.isFinite(span) || span >= 1e5 || Math.max(Math.abs(r[0]), Math.abs(r[1])) >= 1e6) {
            return "0.##E0";
        }
        int decimals = (int) Math.max(0, Math.ceil(-Math.log10(span)) + 2);
        return decimals > 8 ? "0.##E0" : "0." + "#".repeat(Math.max(1, decimals));
    }

    /** The bounding box of some curves, widened by 5% on each side. */
    static double[] box(Map<String, double[][]> curves) {
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (double[][] v : curves.values()) {
            for (int i = 0; i < v[0].length; i++) {
                x0 = Math.min(x0, v[0][i]);
                x1 = Math.max(x1, v[0][i]);
                y0 = Math.min(y0, v[1][i]);
                y1 = Math.max(y1, v[1][i]);
            }
        }
        double mx = 0.05 * (x1 - x0);
        double my = 0.05 * (y1 - y0);
        return new double[] {x0 - mx, x1 + mx, y0 - my, y1 + my};
    }

    /**
     * The note's claim beside Kiln's measurement and whether it holds: printed on the console and
     * put at the top of the page.
     */
    void verdict(String claim, Finding finding) {
        console.println("Claim:    " + claim);
        console.println("Measured: " + finding.measured());
        console.println("Holds:    " + finding.holds());
        console.println();
        body.insert(0, "<div class=\"verdict " + (finding.holds() ? "holds" : "fails") + "\">"
                + "<p><b>The note's claim:</b> " + escape(claim) + "</p>"
                + "<p><b>Kiln measured:</b> " + escape(finding.measured()) + "</p>"
                + "<p><b>Holds:</b> " + (finding.holds() ? "yes" : "no") + "</p></div>\n");
    }

    /** Writes {@code index.html} and prints where the report is. */
    Path finish() throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
                        + "th{background:#f3f3f3}img{max-width:100%;margin:.5em 0}.verdict{border-left:6px solid #2c2;padding:.2em 1em;"
                        + "background:#f4fbf4}.verdict.fails{border-color:#d22;background:#fbf4f4}</style></head><body>\n");
        html.append("<h1>").append(escape(title)).append("</h1>\n").append(body).append("</body></html>\n");
        Path index = dir.resolve("index.html");
        write(index, html.toString());
        console.println("Report: " + index.toAbsolutePath().normalize() + " (" + charts.size() + " chart"
                + (charts.size() == 1 ? "" : "s") + ")");
        return index;
    }

    /**
     * Writes a text file through a temporary file in the same folder and an atomic rename, so that
     * a failed write never destroys the previous good file.
     */
    static void write(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
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
