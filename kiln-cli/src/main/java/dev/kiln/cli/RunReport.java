package dev.kiln.cli;

import dev.kiln.cli.board.BoardPage;
import dev.kiln.cli.board.RunFolder;
import dev.kiln.io.Safetensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a run's {@code report.html}: the {@code kiln board} page for this one run with its data,
 * scripts and styles inlined (interactive charts of loss, accuracy, per-step loss and learning rate,
 * the confusion matrix, misclassified examples and the configuration), so that it works offline
 * from the file. A table of the epochs and the test figure are also written as plain HTML.
 */
final class RunReport {
    private RunReport() {
    }

    /**
     * Reads the run folder (run.json, metrics.csv, lr.csv, results.json, confusion.json,
     * misclassified.json) and writes {@code report.html} into it.
     *
     * @param dir the run folder
     * @param title the page title
     * @throws IOException if the folder cannot be read or the report written
     */
    static void write(Path dir, String title) throws IOException {
        Map<String, Object> run = RunFolder.read(".", dir, System.currentTimeMillis());
        StringBuilder html = new StringBuilder();
        if (run.get("results") instanceof Map<?, ?> results && results.get("test_accuracy") instanceof Number acc) {
            html.append("<section class=\"static\"><h2>Test figure</h2><p class=\"test-figure\">");
            html.append(String.format(Locale.ROOT, "test accuracy: %.2f%%", 100 * acc.doubleValue()));
            if (results.get("checkpoint") instanceof String checkpoint) {
                html.append(" (").append(BoardPage.escape(checkpoint)).append(" checkpoint");
                if (results.get("checkpoint_epoch") instanceof Number e) {
                    html.append(", epoch ").append(e.intValue());
                }
                html.append(')');
            }
            html.append("</p></section>\n");
        }
        @SuppressWarnings("unchecked")
        Map<String, List<Double>> epochs = (Map<String, List<Double>>) run.get("epochs");
        List<String> columns = List.of("epoch", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "lr", "seconds",
                "samples_per_second");
        List<String> headings = List.of("epoch", "train loss", "train acc", "val loss", "val acc", "lr", "seconds", "samples/s");
        html.append("<section class=\"static\"><h2>Epochs</h2>\n<table class=\"epochs\"><tr>");
        for (String h : headings) {
            html.append("<th>").append(h).append("</th>");
        }
        html.append("</tr>\n");
        int rows = epochs.getOrDefault("epoch", List.of()).size();
        for (int i = 0; i < rows; i++) {
            html.append("<tr>");
            for (String c : columns) {
                List<Double> col = epochs.get(c);
                Double v = col == null || i >= col.size() ? null : col.get(i);
                html.append("<td>").append(cell(c, v)).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table></section>\n");
        Safetensors.writeAtomically(dir.resolve("report.html"), BoardPage.report(title, run, html.toString()).getBytes(StandardCharsets.UTF_8));
    }

    private static String cell(String column, Double v) {
        if (v == null) {
            return "-";
        }
        return switch (column) {
            case "epoch" -> Integer.toString(v.intValue());
            case "train_accuracy", "val_accuracy" -> String.format(Locale.ROOT, "%.2f%%", 100 * v);
            case "lr" -> String.format(Locale.ROOT, "%.3g", v);
            case "seconds" -> String.format(Locale.ROOT, "%.1f", v);
            case "samples_per_second" -> String.format(Locale.ROOT, "%.0f", v);
            default -> String.format(Locale.ROOT, "%.4f", v);
        };
    }
}
