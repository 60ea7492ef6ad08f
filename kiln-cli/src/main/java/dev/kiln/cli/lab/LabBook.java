package dev.kiln.cli.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs experiments and writes the lab book: a folder per experiment (its page and charts), an
 * {@code index.html} with one chapter per seed file in the order of the notes, and
 * {@code lab.json} listing every experiment as
 * {@code {"id", "title", "seed", "claim", "measured", "holds"}}.
 */
final class LabBook {
    private LabBook() {
    }

    /** One experiment's entry in the book. */
    record Entry(Experiment experiment, Finding finding) {
    }

    /**
     * Runs one experiment into {@code dir}: its tables and charts, the claim beside the
     * measurement, and its {@code index.html}.
     */
    static Finding runOne(Experiment e, Path dir, long seed, PrintStream out) throws IOException {
        LabReport report = new LabReport(dir, e.title() + " [" + e.id() + ", notes " + e.chapter().file + "]", out);
        Finding f = e.run(report, seed);
        report.verdict(e.claim(), f);
        report.finish();
        return f;
    }

    /** Runs every experiment into {@code dir/<id>/} and writes index.html and lab.json; returns the entries. */
    static List<Entry> runAll(List<Experiment> experiments, Path dir, long seed, PrintStream out) throws IOException {
        Files.createDirectories(dir);
        List<Entry> entries = new ArrayList<>();
        for (Experiment e : experiments) {
            entries.add(new Entry(e, runOne(e, dir.resolve(e.id()), seed, out)));
            out.println();
        }
        LabReport.write(dir.resolve("index.html"), index(entries));
        LabReport.write(dir.resolve("lab.json"), json(entries));
        long holding = entries.stream().filter(x -> x.finding().holds()).count();
        out.println("Lab book: " + dir.resolve("index.html").toAbsolutePath().normalize() + " — " + holding + " of "
                + entries.size() + " claims hold");
        return entries;
    }

    /** The book's index page: chapters in the order of the notes, each experiment with its claim and measurement. */
    static String index(List<Entry> entries) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Kiln lab: the notes, executed</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0;width:100%}td,th{border:1px solid #ccc;padding:3px 8px;")
                .append("vertical-align:top}th{background:#f3f3f3}.yes{color:#080;font-weight:bold}.no{color:#c00;font-weight:bold}")
                .append("</style></head><body>\n<h1>Kiln lab: the notes, executed</h1>\n");
        long holding = entries.stream().filter(x -> x.finding().holds()).count();
        h.append("<p>").append(entries.size()).append(" experiments; ").append(holding)
                .append(" of the notes' claims hold as Kiln measures them.</p>\n");
        for (Chapter c : Chapter.values()) {
            List<Entry> in = entries.stream().filter(x -> x.experiment().chapter() == c).toList();
            if (in.isEmpty()) {
                continue;
            }
            h.append("<h2>Notes ").append(c.file).append(": ").append(LabReport.escape(c.title)).append("</h2>\n<table>\n")
                    .append("<tr><th>experiment</th><th>the note's claim</th><th>Kiln measured</th><th>holds</th></tr>\n");
            for (Entry x : in) {
                Experiment e = x.experiment();
                h.append("<tr><td><a href=\"").append(e.id()).append("/index.html\">").append(LabReport.escape(e.title()))
                        .append("</a><br><code>").append(e.id()).append("</code></td><td>").append(LabReport.escape(e.claim()))
                        .append("</td><td>").append(LabReport.escape(x.finding().measured())).append("</td><td class=\"")
                        .append(x.finding().holds() ? "yes\">yes" : "no\">no").append("</td></tr>\n");
            }
            h.append("</table>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    /** {@code lab.json}: an array of {@code {"id", "title", "seed", "claim", "measured", "holds"}}. */
    static String json(List<Entry> entries) {
        StringBuilder j = new StringBuilder("[\n");
        for (int i = 0; i < entries.size(); i++) {
            Experiment e = entries.get(i).experiment();
            Finding f = entries.get(i).finding();
            j.append("  {\"id\": ").append(quote(e.id())).append(", \"title\": ").append(quote(e.title()))
                    .append(", \"seed\": ").append(quote(e.chapter().file)).append(", \"claim\": ").append(quote(e.claim()))
                    .append(", \"measured\": ").append(quote(f.measured())).append(", \"holds\": ").append(f.holds())
                    .append(i + 1 < entries.size() ? "},\n" : "}\n");
        }
        return j.append("]\n").toString();
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
