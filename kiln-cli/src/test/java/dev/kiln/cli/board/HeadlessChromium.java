package dev.kiln.cli.board;

import dev.kiln.io.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real headless Chromium driven through the DevTools protocol (a WebSocket), for tests of the
 * board page: open a URL, evaluate JavaScript in the page, wait until an expression holds, move
 * and drag the mouse. Chromium is found on the PATH ({@code chromium}, {@code chromium-browser},
 * {@code google-chrome}) or in the environment variable {@code KILN_CHROMIUM}.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** The Chromium executable, or null if none is installed. */
    static String executable() {
        String env = System.getenv("KILN_CHROMIUM");
        if (env != null && !env.isBlank()) {
            return env;
        }
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }

    /**
     * Starts Chromium with a fresh profile in a temporary folder of its own (deleted by {@link #close()}
     * once every Chromium process has exited) and connects to its first page.
     */
    static HeadlessChromium start() throws IOException, InterruptedException {
        String exe = executable();
        if (exe == null) {
            throw new IllegalStateException("the board's browser tests need Chromium: apt-get install chromium (bash .ci/run installs it),"
                    + " or set KILN_CHROMIUM to a Chromium or Chrome executable");
        }
        Path profile = Files.createTempDirectory("kiln-chromium-");
        Process p = new ProcessBuilder(exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-breakpad", "--disable-crash-reporter", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=1400,1200", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String browserUrl = null;
        StringBuilder seen = new StringBuilder();
        for (String line; (line = err.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                browserUrl = m.group(1);
                break;
            }
            seen.append(line).append('\n');
        }
        if (browserUrl == null) {
            endAll(p);
            deleteProfile(profile);
            throw new IOException("Chromium did not start:\n" + seen);
        }
        Thread drain = new Thread(() -> {
            try {
                while (err.readLine() != null) {
                    // Chromium's log lines (D-Bus and GPU notices) are not part of the test
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        drain.setDaemon(true);
        drain.start();
        URI browser = URI.create(browserUrl);
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String pageUrl = null;
        for (Object o : (List<?>) Json.parse(list)) {
            Map<?, ?> target = (Map<?, ?>) o;
            if ("page".equals(target.get("type"))) {
                pageUrl = (String) target.get("webSocketDebuggerUrl");
                break;
            }
        }
        if (pageUrl == null) {
            endAll(p);
            deleteProfile(profile);
            throw new IOException("Chromium has no page to drive: " + list);
        }
        HeadlessChromium[] self = new HeadlessChromium[1];
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), new WebSocket.Listener() {
            private final StringBuilder message = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                message.append(data);
                if (last) {
                    self[0].receive(message.toString());
                    message.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).join();
        self[0] = new HeadlessChromium(p, profile, ws);
        return self[0];
    }

    @SuppressWarnings("unchecked")
    private void receive(String text) {
        Map<String, Object> msg = (Map<String, Object>) Json.parse(text);
        if (msg.get("id") instanceof Number id) {
            CompletableFuture<Map<String, Object>> f = pending.remove(id.intValue());
            if (f != null) {
                f.complete(msg);
            }
        }
    }

    /** Sends a DevTools command and returns its result. */
    @SuppressWarnings("unchecked")
    Map<String, Object> send(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(Json.write(Map.of("id", id, "method", method, "params", params)), true).join();
        Map<String, Object> msg;
        try {
            msg = reply.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(method + ": no answer from Chromium", e);
        }
        if (msg.get("error") != null) {
            throw new IllegalStateException(method + ": " + msg.get("error"));
        }
        return (Map<String, Object>) msg.get("result");
    }

    /** Opens a URL and waits until the document has loaded. */
    void open(String url) {
        send("Page.navigate", Map.of("url", url));
        waitFor("document.readyState === 'complete' && location.href !== 'about:blank'", 20);
    }

    /** Evaluates a JavaScript expression in the page and returns its value (strings, numbers, booleans, null). */
    @SuppressWarnings("unchecked")
    Object eval(String expression) {
        Map<String, Object> r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (r.get("exceptionDetails") != null) {
            throw new IllegalStateException("the page threw on '" + expression + "': " + r.get("exceptionDetails"));
        }
        return ((Map<String, Object>) r.get("result")).get("value");
    }

    /** Waits until a JavaScript expression is true, or fails after {@code seconds}. */
    void waitFor(String expression, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!Boolean.TRUE.equals(eval(expression))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the page never reached: " + expression + "\nbody: " + eval("document.body.innerText"));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** Moves the mouse to page coordinates (CSS pixels) with no button pressed. */
    void hover(double x, double y) {
        send("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x, "y", y));
    }

    /** Drags the left mouse button from (x0, y0) to (x1, y1) in a few moves. */
    void drag(double x0, double y0, double x1, double y1) {
        send("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x0, "y", y0));
        send("Input.dispatchMouseEvent", Map.of("type", "mousePressed", "x", x0, "y", y0, "button", "left", "buttons", 1, "clickCount", 1));
        for (int i = 1; i <= 5; i++) {
            double x = x0 + (x1 - x0) * i / 5;
            double y = y0 + (y1 - y0) * i / 5;
            send("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x, "y", y, "button", "left", "buttons", 1));
        }
        send("Input.dispatchMouseEvent", Map.of("type", "mouseReleased", "x", x1, "y", y1, "button", "left", "buttons", 0, "clickCount", 1));
    }

    /** A screenshot of the page as PNG bytes. */
    byte[] screenshot() {
        String data = (String) send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true)).get("data");
        return java.util.Base64.getDecoder().decode(data);
    }

    /**
     * Closes the connection, ends Chromium and every process it started (renderers, zygotes, the GPU
     * and network services write into the profile until they exit), waits for them, then deletes the
     * profile.
     */
    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
        } finally {
            endAll(process);
            deleteProfile(profile);
        }
    }

    /** Ends a process and its descendants (listed before the parent ends, when they are still its children), waiting for each. */
    private static void endAll(Process p) {
        List<ProcessHandle> family = new java.util.ArrayList<>(p.descendants().toList());
        family.add(p.toHandle());
        family.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : family) {
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception slow) {
                h.destroyForcibly();
                h.onExit().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            }
        }
    }

    /** Deletes the profile folder, retrying briefly; a profile that cannot be deleted is left in the temporary folder. */
    private static void deleteProfile(Path profile) {
        for (int attempt = 0; attempt < 5; attempt++) {
            try (var walk = Files.walk(profile)) {
                for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
                return;
            } catch (IOException | java.io.UncheckedIOException busy) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
