package dev.kiln.cli;

import dev.kiln.train.EpochResult;
import dev.kiln.train.History;
import java.io.IOException;
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
 * Writes a run's {@code report.html} with PNG charts drawn by XChart: loss and accuracy per epoch
 * (train and validation) and the learning rate of every step.
 */
final class RunReport {
    private RunReport() {
    }

    /** Writes the charts and the page into {@code dir}; {@code summary} rows appear in a table on top. */
    static void write(Path dir, String title, History history, Map<String, String> summary) throws IOException {
        Files.createDirectories(dir);
        List<EpochResult> epochs = history.epochs();
        List<Double> x = new ArrayList<>();
        List<Double> trainLoss = new ArrayList<>();
        List<Double> valLoss = new ArrayList<>();
        List<Double> trainAcc = new ArrayList<>();
        List<Double> valAcc = new ArrayList<>();
        for (EpochResult e : epochs) {
            x.add((double) e.epoch());
            trainLoss.add(e.trainLoss());
            valLoss.add(e.valLoss());
            trainAcc.add(100 * e.trainAccuracy());
            valAcc.add(100 * e.valAccuracy());
        }
        chart(dir.resolve("loss.png"), "Loss per epoch", "epoch", "loss", x, Map.of("train", trainLoss, "validation", valLoss));
        boolean classification = epochs.stream().anyMatch(e -> !Double.isNaN(e.trainAccuracy()));
        if (classification) {
            chart(dir.resolve("accuracy.png"), "Accuracy per epoch", "epoch", "accuracy (%)", x,
                    Map.of("train", trainAcc, "validation", valAcc));
        }
        List<Double> steps = new ArrayList<>();
        for (int i = 0; i < history.stepLearningRates().size(); i++) {
            steps.add((double) i);
        }
        chart(dir.resolve("learning_rate.png"), "Learning rate per step", "step", "learning rate", steps,
                Map.of("lr", history.stepLearningRates()));

        StringBuilder html = new StringBuilder();
        html.append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>").append(escape(title))
                .append("</title>\n<style>body{font-family:sans-serif;max-width:900px;margin:2em auto;color:#222}"
                        + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}"
                        + "th{background:#f3f3f3}img{max-width:100%;margin:1em 0}</style></head><body>\n");
        html.append("<h1>").append(escape(title)).append("</h1>\n<table>\n");
        for (Map.Entry<String, String> e : summary.entrySet()) {
            html.append("<tr><th style=\"text-align:left\">").append(escape(e.getKey())).append("</th><td>")
                    .append(escape(e.getValue())).append("</td></tr>\n");
        }
        html.append("</table>\n<img src=\"loss.png\" alt=\"loss per epoch\">\n");
        if (classification) {
            html.append("<img src=\"accuracy.png\" alt=\"accuracy per epoch\">\n");
        }
        html.append("<img src=\"learning_rate.png\" alt=\"learning rate per step\">\n");
        html.append("<h2>Epochs</h2>\n<table><tr><th>epoch</th><th>train loss</th><th>train acc</th><th>val loss</th>"
                + "<th>val acc</th><th>lr</th><th>seconds</th><th>samples/s</th></tr>\n");
        for (EpochResult e : epochs) {
            html.append(String.format(Locale.ROOT,
                    "<tr><td>%d</td><td>%.4f</td><td>%s</td><td>%.4f</td><td>%s</td><td>%.3g</td><td>%.1f</td><td>%.0f</td></tr>%n",
                    e.epoch(), e.trainLoss(), percent(e.trainAccuracy()), e.valLoss(), percent(e.valAccuracy()),
                    e.learningRate(), e.seconds(), e.samplesPerSecond()));
        }
        html.append("</table>\n</body></html>\n");
        Files.writeString(dir.resolve("report.html"), html, StandardCharsets.UTF_8);
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static void chart(Path file, String title, String xLabel, String yLabel, List<Double> x, Map<String, List<Double>> series)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(400).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendVisible(series.size() > 1);
        boolean any = false;
        for (String name : List.of("train", "validation", "lr")) {
            List<Double> y = series.get(name);
            if (y == null || y.isEmpty() || y.stream().allMatch(v -> Double.isNaN(v))) {
                continue;
            }
            XYSeries s = chart.addSeries(name, x, y);
            s.setMarker(x.size() > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            any = true;
        }
        if (!any) {
            chart.addSeries("none", List.of(0.0), List.of(0.0));
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
