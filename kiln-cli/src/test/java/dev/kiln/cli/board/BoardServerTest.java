package dev.kiln.cli.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The board's HTTP server: loopback only, read-only, nothing outside the runs folder, and the run JSON. */
class BoardServerTest {
    /** A raw HTTP/1.1 request, so that no client normalises the path: the status code and body. */
    record Response(int status, String body) {
    }

    private static Response request(int port, String method, String target, String host) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int body = text.indexOf("\r\n\r\n");
            return new Response(status, body < 0 ? "" : text.substring(body + 4));
        }
    }

    private static Response get(int port, String target) throws IOException {
        return request(port, "GET", target, "127.0.0.1:" + port);
    }

    /** A minimal run folder as kiln train writes it (two epochs, three steps). */
    private static Path run(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("best"));
        Files.writeString(dir.resolve("run.json"), "{\"model\":\"mlp\",\"data\":\"iris\",\"optimizer\":\"adam\",\"lr\":0.01,\"epochs\":5}");
        Files.writeString(dir.resolve("metrics.csv"), """
                epoch,train_loss,train_accuracy,val_loss,val_accuracy,lr,seconds,samples_per_second
                1,1.000000,0.500000,0.900000,0.600000,0.01,1.500,100.0
                2,0.500000,0.800000,0.700000,0.550000,0.01,0.500,300.0
                """);
        Files.writeString(dir.resolve("lr.csv"), "step,lr,loss\n1,0.01,1.2\n2,0.01,0.9\n3,0.005,0.7\n");
        Files.writeString(dir.resolve("best/state.json"), "{}");
        return dir;
    }

    @Test
    void servesThePageItsScriptsAndEveryRunFromLoopbackOnly(@TempDir Path tmp) throws IOException {
        Path runs = tmp.resolve("runs");
        run(runs.resolve("a"));
        run(runs.resolve("group/b"));
        Files.createDirectories(runs.resolve("not-a-run"));
        Files.createDirectories(runs.resolve("lab/init"));
        Files.writeString(runs.resolve("lab/init/index.html"), "<h1>init</h1>");
        try (BoardServer board = BoardServer.start(runs, InetAddress.getLoopbackAddress(), 0)) {
            assertTrue(board.url().startsWith("http://127.0.0.1:"), board.url());
            Response page = get(board.port(), "/");
            assertEquals(200, page.status());
            assertTrue(page.body().contains("/static/uPlot.iife.min.js") && page.body().contains("KilnBoard.start"), page.body());
            Response uplot = get(board.port(), "/static/uPlot.iife.min.js");
            assertEquals(200, uplot.status());
            assertTrue(uplot.body().startsWith("/*! https://github.com/leeoniya/uPlot (v1.6.32) */"), "the vendored uPlot");
            assertEquals(404, get(board.port(), "/static/../board/BoardServer.class").status());

            List<?> list = (List<?>) Json.parse(get(board.port(), "/api/runs").body());
            assertEquals(2, list.size(), "a and group/b; not-a-run has no run.json");
            Map<?, ?> a = (Map<?, ?>) list.get(0);
            assertEquals("a", a.get("name"));
            assertEquals("group/b", ((Map<?, ?>) list.get(1)).get("name"));
            Map<?, ?> summary = (Map<?, ?>) a.get("summary");
            assertEquals(1L, summary.get("best_epoch"), "validation accuracy peaked in epoch 1");
            assertEquals(0.6, ((Number) summary.get("best_val_accuracy")).doubleValue(), 1e-12);
            assertEquals(0.55, ((Number) summary.get("last_val_accuracy")).doubleValue(), 1e-12);
            assertEquals(2.0, ((Number) summary.get("seconds")).doubleValue(), 1e-12);
            assertEquals(2L, summary.get("epochs_done"));

            Map<String, Object> full = Json.parseObject(get(board.port(), "/api/run?name=group%2Fb").body());
            Map<?, ?> steps = (Map<?, ?>) full.get("steps");
            assertEquals(List.of(1.2, 0.9, 0.7), steps.get("loss"));
            assertEquals(404, get(board.port(), "/api/run?name=not-a-run").status());
            assertEquals(200, get(board.port(), "/files/a/metrics.csv").status());
            assertTrue(get(board.port(), "/files/group/b/lr.csv").body().startsWith("step,lr,loss"));

            List<?> pages = (List<?>) Json.parse(get(board.port(), "/api/pages").body());
            assertEquals(List.of(Map.of("name", "lab/init", "href", "/files/lab/init/index.html")), pages, "lab books are listed");
            assertEquals("<h1>init</h1>", get(board.port(), "/files/lab/init/index.html").body());

            assertEquals(405, request(board.port(), "POST", "/api/runs", "127.0.0.1").status(), "read-only");
            assertEquals(403, request(board.port(), "GET", "/api/runs", "attacker.example:" + board.port()).status(),
                    "a page elsewhere cannot reach the board by DNS rebinding");
            assertEquals(200, request(board.port(), "GET", "/api/runs", "localhost:" + board.port()).status());
        }
    }

    @Test
    void refusesEveryPathOutsideTheRunsFolder(@TempDir Path tmp) throws IOException {
        Path runs = tmp.resolve("runs");
        run(runs.resolve("a"));
        Files.writeString(tmp.resolve("secret.txt"), "not yours");
        Path outsideRun = run(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(runs.resolve("a/link.txt"), tmp.resolve("secret.txt"));
        Files.createSymbolicLink(runs.resolve("linked-run"), outsideRun);
        try (BoardServer board = BoardServer.start(runs, InetAddress.getLoopbackAddress(), 0)) {
            for (String target : List.of("/files/../secret.txt", "/files/a/../../secret.txt", "/files/..%2Fsecret.txt",
                    "/files/%2e%2e/secret.txt", "/files//" + tmp.resolve("secret.txt"), "/files/a/link.txt", "/files/linked-run/run.json",
                    "/api/run?name=..%2Felsewhere", "/api/run?name=" + tmp.resolve("elsewhere"), "/api/run?name=linked-run")) {
                Response r = get(board.port(), target);
                assertEquals(403, r.status(), target + " -> " + r.body());
                assertFalse(r.body().contains("not yours"), target);
            }
        }
    }

    @Test
    void aMissingRunsFolderIsAClearError(@TempDir Path tmp) {
        IOException e = assertThrows(IOException.class, () -> BoardServer.start(tmp.resolve("nope"), InetAddress.getLoopbackAddress(), 0));
        assertTrue(e.getMessage().contains("nope: no such folder"), e.getMessage());
        assertNull(BoardPage.asset("../BoardServer.class"));
    }

    @Test
    void csvColumnsKeepTheLastRowOfARepeatedEpochAndSkipATornLine(@TempDir Path tmp) throws IOException {
        Path csv = tmp.resolve("metrics.csv");
        Files.writeString(csv, "epoch,loss\n1,0.9\n2,0.8\n2,0.7\n3,0.6\n4,0.");
        Map<String, List<Double>> c = RunFolder.csvColumns(csv);
        assertEquals(List.of(1.0, 2.0, 3.0), c.get("epoch"));
        assertEquals(List.of(0.9, 0.7, 0.6), c.get("loss"));
    }
}
