package dev.kiln.cli.board;

import dev.kiln.io.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The board page, in two forms built from the same code ({@code board.js}, {@code board.css} and
 * the vendored uPlot): the live page that {@code kiln board} serves, which loads its scripts from
 * {@code /static/} and polls the server, and a self-contained {@code report.html} with the scripts,
 * styles and one run's data inlined, which works offline from a file.
 */
public final class BoardPage {
    /** The files the live page loads from {@code /static/}: name to resource in this package. */
    private static final Map<String, String> ASSETS = Map.of(
            "uPlot.iife.min.js", "vendor/uPlot.iife.min.js",
            "uPlot.min.css", "vendor/uPlot.min.css",
            "uPlot.LICENSE", "vendor/uPlot.LICENSE",
            "board.js", "board.js",
            "board.css", "board.css");

    private BoardPage() {
    }

    /**
     * The page {@code kiln board} serves.
     *
     * @return the HTML
     */
    public static String live() {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Kiln board</title>\n"
                + "<link rel=\"stylesheet\" href=\"/static/uPlot.min.css\">\n<link rel=\"stylesheet\" href=\"/static/board.css\">\n"
                + "</head><body>\n" + body("Kiln board", "")
                + "<script src=\"/static/uPlot.iife.min.js\"></script>\n<script src=\"/static/board.js\"></script>\n"
                + "<script>KilnBoard.start({mode: \"live\", api: \"/api/\", files: \"/files/\", pollMillis: 2000});</script>\n"
                + "</body></html>\n";
    }

    /**
     * A self-contained report of one run: the board page with the run's data, the scripts and the
     * styles inlined, so that it works offline when opened from a file.
     *
     * @param title the page title
     * @param run the run as {@link RunFolder#read} returns it
     * @param staticHtml HTML shown below the charts that needs no script (for example a table of
     *     the epochs), already escaped
     * @return the HTML
     */
    public static String report(String title, Map<String, Object> run, String staticHtml) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + escape(title) + "</title>\n"
                + "<style>\n" + text("vendor/uPlot.min.css") + "\n" + text("board.css") + "\n</style>\n"
                + "</head><body>\n" + body(title, staticHtml)
                + "<script id=\"kiln-data\" type=\"application/json\">" + scriptSafe(Json.write(List.of(run))) + "</script>\n"
                + "<script>\n" + scriptSafe(text("vendor/uPlot.iife.min.js")) + "\n</script>\n"
                + "<script>\n" + scriptSafe(text("board.js")) + "\n</script>\n"
                + "<script>KilnBoard.start({mode: \"report\", files: \"\", "
                + "runs: JSON.parse(document.getElementById(\"kiln-data\").textContent)});</script>\n"
                + "</body></html>\n";
    }

    /**
     * A file the live page loads, or null if there is no such asset.
     *
     * @param name the name under {@code /static/}
     * @return its bytes, or null
     */
    public static byte[] asset(String name) {
        String resource = ASSETS.get(name);
        return resource == null ? null : BoardServer.resource(resource);
    }

    private static String body(String title, String staticHtml) {
        return "<header><h1>" + escape(title) + "</h1><div id=\"controls\">"
                + "<label><input type=\"checkbox\" id=\"log-scale\"> log scale</label>"
                + "<label>smoothing <input type=\"range\" id=\"smoothing\" min=\"0\" max=\"0.99\" step=\"0.01\" value=\"0.6\">"
                + " <output id=\"smoothing-value\">0.60</output></label>"
                + "<span id=\"live-status\"></span></div></header>\n"
                + "<main>\n<section id=\"runs\"><h2>Runs</h2><table id=\"runs-table\"></table></section>\n"
                + "<p class=\"hint\">Hover a chart for values; drag to zoom, double-click to zoom out. Tick runs to overlay them.</p>\n"
                + "<section id=\"charts\"></section>\n<section id=\"details\"></section>\n<section id=\"studies\"></section>\n<section id=\"pages\"></section>\n"
                + staticHtml + "</main>\n";
    }

    private static String text(String resource) {
        byte[] bytes = BoardServer.resource(resource);
        if (bytes == null) {
            throw new IllegalStateException("the board page's resource " + resource + " is missing from the jar");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Text that cannot end the script element it is inlined in. */
    private static String scriptSafe(String s) {
        return s.replace("</", "<\\/").replace("<!--", "<\\!--");
    }

    /**
     * Escapes text for HTML.
     *
     * @param s text
     * @return the text with {@code & < > "} escaped
     */
    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
