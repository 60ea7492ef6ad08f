package dev.kiln.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/** Runs lab sub-commands as the CLI does and checks what they write. */
final class LabTesting {
    private LabTesting() {
    }

    /** The result of a command: exit code, standard output and error. */
    record Outcome(int exitCode, String out, String err) {
    }

    /** Runs {@code kiln lab args...} with Main's error handling (one "kiln: ..." line). */
    static Outcome lab(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        CommandLine cli = new CommandLine(new LabCommand());
        cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("kiln: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 1;
        });
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = cli.execute(args);
        } finally {
            System.setOut(saved);
        }
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * Runs one experiment into {@code dir} as {@code kiln lab <id>} does, asserts that its claim
     * holds and that its page shows the claim, the measurement and every chart; returns the finding.
     */
    static Finding runAndCheck(Experiment e, Path dir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Finding f = LabBook.runOne(e, dir, 0, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertTrue(f.holds(), e.id() + ": " + f.measured());
        String html = Files.readString(dir.resolve("index.html"));
        assertTrue(html.contains(LabReport.escape(e.claim())), "the page states the claim");
        assertTrue(html.contains(LabReport.escape(f.measured())), "the page states the measurement");
        try (var pngs = Files.list(dir)) {
            List<String> names = pngs.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).toList();
            assertTrue(!names.isEmpty(), e.id() + " draws at least one chart");
            assertReport(dir, names);
        }
        return f;
    }

    /** Asserts that {@code dir} holds index.html referencing each of the PNGs, and that they are PNG files. */
    static void assertReport(Path dir, List<String> pngs) throws IOException {
        Path index = dir.resolve("index.html");
        assertTrue(Files.isRegularFile(index), "index.html written");
        String html = Files.readString(index);
        for (String png : pngs) {
            Path p = dir.resolve(png);
            assertTrue(Files.isRegularFile(p), png + " written");
            byte[] head = new byte[4];
            try (var in = Files.newInputStream(p)) {
                assertEquals(4, in.read(head));
            }
            assertEquals((byte) 0x89, head[0]);
            assertEquals('P', head[1]);
            assertEquals('N', head[2]);
            assertEquals('G', head[3]);
            assertTrue(html.contains("src=\"" + png + "\""), "index.html shows " + png);
        }
    }
}
