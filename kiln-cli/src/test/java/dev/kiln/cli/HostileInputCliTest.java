package dev.kiln.cli;

import static dev.kiln.cli.CliRun.kiln;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.cli.CliRun.Result;
import dev.kiln.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12 through the command line: every failure one "kiln: <file>: <what>" line with exit 1; checkpoint fallbacks. */
class HostileInputCliTest {
    /** Exit 1, exactly one stderr line "kiln: ..." containing every fragment, no stack trace, no exception class name. */
    private static String assertOneLine(Result r, String... fragments) {
        assertEquals(1, r.status(), r.out() + r.err());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "exactly one line on stderr:\n" + r.err());
        String line = lines.get(0);
        assertTrue(line.startsWith("kiln: "), line);
        for (String f : fragments) {
            assertTrue(line.contains(f), "'" + f + "' in: " + line);
        }
        assertFalse((r.out() + r.err()).contains("\tat "), "no stack trace");
        assertFalse(line.contains("Exception"), "no exception class name: " + line);
        return line;
    }

    @Test
    void parseErrorsAreOneLineWithAUsageHint() {
        assertOneLine(kiln("train", "--epochs"), "Missing required parameter for option '--epochs'", "(see 'kiln train --help')");
        assertOneLine(kiln("frobnicate"), "Unmatched argument at index 0: 'frobnicate'", "(see 'kiln --help')");
        assertOneLine(kiln("evaluate"), "Missing required parameter", "(see 'kiln evaluate --help')");
        assertOneLine(kiln("export", "a", "b", "c"), "Unmatched argument", "(see 'kiln export --help')");
    }

    @Test
    void debugAddsTheStackTraceAfterTheLine(@TempDir Path tmp) {
        Result r = kiln("evaluate", tmp.resolve("none").toString(), "--debug");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("kiln: " + tmp.resolve("none") + ": no such run folder"), r.err());
        assertTrue(r.err().contains("\tat "), "the stack trace with --debug");
    }

    @Test
    void badCsvFilesAreRefusedNamingFileLineAndColumn(@TempDir Path tmp) throws IOException {
        StringBuilder rows = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 40; i++) {
            rows.append(i % 7).append(',').append(i % 3).append(',').append(i % 2).append('\n');
        }
        Path nan = tmp.resolve("nan.csv");
        Files.writeString(nan, rows + "1,NaN,0\n");
        assertOneLine(kiln("train", "--data", nan.toString(), "--out", tmp.resolve("r1").toString()),
                nan + ": line 42, column 2 (b): non-finite value 'NaN'");
        Path big = tmp.resolve("big.csv");
        Files.writeString(big, rows + "1,2,1000000\n");
        assertOneLine(kiln("train", "--data", big.toString(), "--out", tmp.resolve("r2").toString()), big + ": line 42, column 3 (label)",
                "not an integer in [0, 10000)");
        Path literal = tmp.resolve("literal.csv");
        Files.writeString(literal, rows + "0x1p3,2,1\n");
        assertOneLine(kiln("train", "--data", literal.toString(), "--out", tmp.resolve("r3").toString()), "'0x1p3' is not a number");
        Path wide = tmp.resolve("wide.csv");
        Files.writeString(wide, "a,b,label\n1,2,3,0\n");
        assertOneLine(kiln("train", "--data", wide.toString(), "--out", tmp.resolve("r4").toString()), wide + ": line 2 has 4 fields, expected 3");
        Path tiny = tmp.resolve("tiny.csv");
        Files.writeString(tiny, "a,label\n1,0\n2,1\n3,0\n4,1\n");
        assertOneLine(kiln("train", "--data", tiny.toString(), "--out", tmp.resolve("r5").toString()), "tiny.csv: 4 samples are too few",
                "test split");
    }

    @Test
    void truncatedFilesGetMeaningfulMessages(@TempDir Path tmp) throws IOException {
        Path idx = Files.createDirectories(tmp.resolve("idx"));
        Files.write(idx.resolve("train-images-idx3-ubyte.gz"), new byte[] {0x1f, (byte) 0x8b});
        for (String other : List.of("train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            Files.write(idx.resolve(other), new byte[0]);
        }
        assertOneLine(kiln("train", "--data", idx.toString(), "--out", tmp.resolve("r").toString()), "train-images-idx3-ubyte.gz: truncated gzip");
        Path header = tmp.resolve("idx2");
        Files.createDirectories(header);
        Files.write(header.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0});
        for (String other : List.of("train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            Files.write(header.resolve(other), new byte[0]);
        }
        assertOneLine(kiln("train", "--data", header.toString(), "--out", tmp.resolve("r2").toString()),
                "train-images-idx3-ubyte: truncated IDX header (6 bytes; it needs 16)");
        Path weights = tmp.resolve("w.safetensors");
        Files.write(weights, ("\u0010\0\0\0\0\0\0\0{\"a\":" + "[".repeat(100_000)).getBytes(StandardCharsets.ISO_8859_1));
        assertOneLine(kiln("evaluate", weights.toString(), "--model", "mlp"), weights.toString());
        // a sparse file over 2 GiB with one valid 2.16 GB tensor: refused from its header (it does not fit the model), nothing read
        String big = "{\"big\":{\"dtype\":\"F32\",\"shape\":[540000000],\"data_offsets\":[0,2160000000]}}";
        try (var raf = new java.io.RandomAccessFile(weights.toFile(), "rw")) {
            raf.setLength(0);
            raf.write(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(big.length()).array());
            raf.write(big.getBytes(StandardCharsets.US_ASCII));
            raf.setLength(8 + big.length() + 2_160_000_000L);
        }
        assertOneLine(kiln("evaluate", weights.toString(), "--model", "mlp"), weights + " does not fit the model: unexpected key 'big'",
                "missing key '1.weight'");
        Files.write(weights, new byte[] {1, 2});
        assertOneLine(kiln("evaluate", weights.toString(), "--model", "mlp"), weights + ": not a safetensors file (only 2 bytes");
    }

    @Test
    void runsWithCheckpointLeftoversEvaluateResumeAndPredict(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("run");
        String[] common = {"--data", "iris", "--model", "flatten,linear(16),relu", "--epochs", "1", "--batch-size", "32"};
        Result train = kiln(concat(new String[] {"train", "--out", run.toString()}, common));
        assertEquals(0, train.status(), train.out() + train.err());

        // a crash between the renames: only .best.old and .last.old remain; evaluate and predict use them as --resume does
        Files.move(run.resolve("best"), run.resolve(".best.old"));
        Files.move(run.resolve("last"), run.resolve(".last.old"));
        Result eval = kiln("evaluate", run.toString());
        assertEquals(0, eval.status(), eval.out() + eval.err());
        assertTrue(eval.out().contains("test accuracy: "), eval.out());
        Path rows = tmp.resolve("rows.csv");
        Files.writeString(rows, "5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n");
        Result predict = kiln("predict", run.toString(), rows.toString());
        assertEquals(0, predict.status(), predict.out() + predict.err());
        assertTrue(predict.out().matches("(?s).*1: (setosa|versicolor|virginica) \\(class .*"), predict.out());
        Path twoBytes = tmp.resolve("digit.idx");
        Files.write(twoBytes, new byte[] {0, 8});
        assertOneLine(kiln("predict", run.toString(), twoBytes.toString()), twoBytes + ": not an IDX image file");

        // a kill during the very first checkpoint: run.json and a staging folder, no checkpoint
        Path first = tmp.resolve("first");
        Files.createDirectories(first.resolve(".last.tmp"));
        Files.copy(run.resolve("run.json"), first.resolve("run.json"));
        Files.writeString(first.resolve(".last.tmp/model.safetensors"), "partial");
        Files.writeString(first.resolve("metrics.csv"), "epoch,train_loss\n1,0.5\n");
        assertOneLine(kiln("evaluate", first.toString()), first + ": no complete checkpoint");
        Result resumed = kiln("train", "--resume", first.toString(), "--epochs", "1");
        assertEquals(0, resumed.status(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("has no complete checkpoint (stopped during its first one); starting it from scratch"), resumed.out());
        assertTrue(Files.isDirectory(first.resolve("last")));
        assertEquals(2, Files.readAllLines(first.resolve("metrics.csv")).size(), "the log starts over with the run");
        try (var s = Files.list(first)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(".")), "no leftovers after a complete checkpoint");
        }
    }

    @Test
    void aRunConfigurationWithoutItsModelNamesTheKey(@TempDir Path tmp) throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Map<String, Object> config = new java.util.LinkedHashMap<>();
        config.put("data", "iris");
        config.put("lr", 0.01);
        Files.writeString(run.resolve("run.json"), Json.write(config));
        assertOneLine(kiln("train", "--resume", run.toString()), run.resolve("run.json") + ": corrupt run configuration: \"model\" must be a"
                + " non-empty string, missing");
        Files.writeString(run.resolve("run.json"), "{\"model\": \"mlp\", \"model\": \"lenet\"}");
        assertOneLine(kiln("evaluate", run.toString()), "run.json: corrupt run configuration: JSON: duplicate key \"model\"");
        Files.write(run.resolve("run.json"), new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}'});
        assertOneLine(kiln("predict", run.toString(), "x.png"), "run.json: corrupt run configuration: invalid UTF-8 at byte 2");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
