package dev.kiln.cli.board;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kiln.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The web server of {@code kiln board}: the JDK's HTTP server, bound to the loopback address unless
 * told otherwise, serving the board page and the runs of one folder, read-only.
 *
 * <p>Routes (GET and HEAD only):
 * <ul>
 *   <li>{@code /} — the board page;</li>
 *   <li>{@code /static/NAME} — the page's scripts and styles (uPlot, board.js, board.css) from the jar;</li>
 *   <li>{@code /api/runs} — every run with its summary, without the per-step logs;</li>
 *   <li>{@code /api/run?name=RUN} — one run in full (see {@link RunFolder});</li>
 *   <li>{@code /api/pages} — other pages in the folder (lab books: folders with an index.html);</li>
 *   <li>{@code /api/studies} — the studies of {@code kiln tune} in the folder (see {@link StudyFolder});</li>
 *   <li>{@code /files/PATH} — a file inside the runs folder (a path that leaves the folder, also
 *       through a symbolic link, is refused with 403).</li>
 * </ul>
 * A request whose {@code Host} header names another machine is refused (403) while the server is
 * bound to loopback, so that a web page elsewhere cannot read the runs through DNS rebinding.
 */
public final class BoardServer implements AutoCloseable {
    private final Path root;
    private final HttpServer http;
    private final ExecutorService executor;
    private final boolean loopback;

    private BoardServer(Path root, HttpServer http, ExecutorService executor, boolean loopback) {
        this.root = root;
        this.http = http;
        this.executor = executor;
        this.loopback = loopback;
    }

    /**
     * Starts a board.
     *
     * @param runs the runs folder (it must exist)
     * @param address the address to listen on, for example {@link InetAddress#getLoopbackAddress()}
     * @param port the port, or 0 for a free one
     * @return the running server
     * @throws IOException if the folder does not exist or the port cannot be bound
     */
    public static BoardServer start(Path runs, InetAddress address, int port) throws IOException {
        if (!Files.isDirectory(runs)) {
            throw new IOException(runs + ": no such folder (train a model first: kiln train)");
        }
        Path root = runs.toRealPath();
        HttpServer http = HttpServer.create(new InetSocketAddress(address, port), 0);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        BoardServer server = new BoardServer(root, http, executor, address.isLoopbackAddress());
        http.createContext("/", server::handle);
        http.setExecutor(executor);
        http.start();
        return server;
    }

    /**
     * The port the server listens on.
     *
     * @return the port
     */
    public int port() {
        return http.getAddress().getPort();
    }

    /**
     * The page's address.
     *
     * @return for example {@code http://127.0.0.1:6006/}
     */
    public String url() {
        InetAddress a = http.getAddress().getAddress();
        String host = a.isAnyLocalAddress() ? "127.0.0.1" : a.getHostAddress().contains(":") ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
        return "http://" + host + ":" + port() + "/";
    }

    /**
     * The runs folder being served.
     *
     * @return its real path
     */
    public Path root() {
        return root;
    }

    @Override
    public void close() {
        http.stop(0);
        executor.close();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (loopback && !localHost(ex.getRequestHeaders().getFirst("Host"))) {
                send(ex, 403, "text/plain", "forbidden host\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = ex.getRequestURI().getPath();
            if (path.equals("/") || path.equals("/index.html")) {
                send(ex, 200, "text/html; charset=utf-8", BoardPage.live().getBytes(StandardCharsets.UTF_8));
            } else if (path.startsWith("/static/")) {
                byte[] asset = BoardPage.asset(path.substring("/static/".length()));
                if (asset == null) {
                    notFound(ex);
                } else {
                    send(ex, 200, contentType(path), asset);
                }
            } else if (path.equals("/api/runs")) {
                send(ex, 200, "application/json", Json.write(runs()).getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/api/pages")) {
                List<Map<String, Object>> pages = new ArrayList<>();
                for (Path dir : RunFolder.findPages(root)) {
                    String name = root.relativize(dir).toString().replace('\\', '/');
                    pages.add(Map.of("name", name.isEmpty() ? "." : name, "href", "/files/" + (name.isEmpty() ? "" : name + "/") + "index.html"));
                }
                send(ex, 200, "application/json", Json.write(pages).getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/api/studies")) {
                List<Map<String, Object>> studies = new ArrayList<>();
                for (Path dir : StudyFolder.find(root)) {
                    String name = root.relativize(dir).toString().replace('\\', '/');
                    studies.add(StudyFolder.read(name.isEmpty() ? "." : name, dir));
                }
                send(ex, 200, "application/json", Json.write(studies).getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/api/run")) {
                String name = query(ex, "name");
                Path dir = name == null ? null : inside(name);
                if (dir == null) {
                    send(ex, 403, "text/plain", "outside the runs folder\n".getBytes(StandardCharsets.UTF_8));
                } else if (!RunFolder.isRun(dir)) {
                    notFound(ex);
                } else {
                    send(ex, 200, "application/json", Json.write(RunFolder.read(name, dir, System.currentTimeMillis())).getBytes(StandardCharsets.UTF_8));
                }
            } else if (path.startsWith("/files/")) {
                Path file = inside(path.substring("/files/".length()));
                if (file == null) {
                    send(ex, 403, "text/plain", "outside the runs folder\n".getBytes(StandardCharsets.UTF_8));
                } else if (!Files.isRegularFile(file)) {
                    notFound(ex);
                } else {
                    send(ex, 200, contentType(file.getFileName().toString()), Files.readAllBytes(file));
                }
            } else {
                notFound(ex);
            }
        } catch (IOException | RuntimeException e) {
            try {
                send(ex, 500, "text/plain", ("error: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException ignored) {
                // the response had already begun; the connection is closed
            }
        }
    }

    /** Every run's summary: the full read without the per-step logs, confusion matrix and examples. */
    private List<Map<String, Object>> runs() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (Path dir : RunFolder.find(root)) {
            String name = dir.equals(root) ? "." : root.relativize(dir).toString().replace('\\', '/');
            Map<String, Object> run = RunFolder.read(name, dir, now);
            run.remove("steps");
            run.remove("misclassified");
            run.remove("confusion");
            out.add(run);
        }
        return out;
    }

    /**
     * Resolves a path relative to the runs folder, or returns null if it leaves the folder (by
     * {@code ..}, an absolute path, or a symbolic link pointing outside).
     */
    private Path inside(String relative) {
        if (relative.indexOf('\0') >= 0 || relative.startsWith("/") || relative.startsWith("\\")) {
            return null;
        }
        Path p;
        try {
            p = root.resolve(relative).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
        if (!p.startsWith(root)) {
            return null;
        }
        if (Files.exists(p)) {
            try {
                if (!p.toRealPath().startsWith(root)) {
                    return null;
                }
            } catch (IOException e) {
                return null;
            }
        }
        return p;
    }

    private static boolean localHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > h.lastIndexOf(']')) {
            h = h.substring(0, colon);
        }
        return h.equals("127.0.0.1") || h.equals("localhost") || h.equals("[::1]");
    }

    private static String query(HttpExchange ex, String key) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(key)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String contentType(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".html")) {
            return "text/html; charset=utf-8";
        } else if (n.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (n.endsWith(".css")) {
            return "text/css; charset=utf-8";
        } else if (n.endsWith(".json") || n.endsWith(".jsonl")) {
            return "application/json";
        } else if (n.endsWith(".png")) {
            return "image/png";
        } else if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
            return "image/jpeg";
        } else if (n.endsWith(".csv") || n.endsWith(".txt") || n.endsWith(".md")) {
            return "text/plain; charset=utf-8";
        }
        return "application/octet-stream";
    }

    private static void notFound(HttpExchange ex) throws IOException {
        send(ex, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = BoardServer.class.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}
