package dev.kiln.cli;

import static dev.kiln.cli.CliRun.kiln;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.cli.CliRun.Result;
import dev.kiln.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: errors as one line, train/evaluate/predict/resume, and PyTorch weights. */
class CliTest {
    /** A failure: non-zero status, one line on stderr starting with "kiln:" that contains {@code fragment}, and no stack trace. */
    private static void assertOneLineError(Result r, String fragment) {
        assertNotEquals(0, r.status(), r.out() + r.err());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "exactly one line on stderr:\n" + r.err());
        assertTrue(lines.get(0).startsWith("kiln: "), lines.get(0));
        assertTrue(lines.get(0).contains(fragment), lines.get(0));
        assertFalse((r.out() + r.err()).contains("\tat "), "no stack trace");
        assertFalse((r.out() + r.err()).contains("Exception"), "no exception class names:\n" + r.err());
    }

    @Test
    void resumingAfterTwoEpochsEndsBitIdenticalToAStraightRun(@TempDir Path tmp) throws IOException {
        // a schedule that does not depend on the total number of epochs (StepLR: x0.1 every 3 epochs)
        String[] common = {"--data", "iris", "--model", "flatten,linear(32),relu,dropout(0.2)", "--scheduler", "step", "--lr", "0.01",
            "--batch-size", "16"};
        Path straight = tmp.resolve("straight");
        Path split = tmp.resolve("split");
        assertEquals(0, kiln(concat(common, "--epochs", "4", "--out", straight.toString())).status());
        assertEquals(0, kiln(concat(common, "--epochs", "2", "--out", split.toString())).status());
        Result resumed = kiln("train", "--resume", split.toString(), "--epochs", "4");
        assertEquals(0, resumed.status(), resumed.out() + resumed.err());
        Map<String, dev.kiln.tensor.Tensor> a = dev.kiln.io.Safetensors.read(straight.resolve("last/model.safetensors")).tensors();
        Map<String, dev.kiln.tensor.Tensor> b = dev.kiln.io.Safetensors.read(split.resolve("last/model.safetensors")).tensors();
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            float[] x = a.get(k).toFloatArray();
            float[] y = b.get(k).toFloatArray();
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), k + "[" + i + "]");
            }
        }
        assertEquals(Files.readAllLines(straight.resolve("metrics.csv")).size(), Files.readAllLines(split.resolve("metrics.csv")).size());

        // the run folder carries its architecture: one call rebuilds the trained model from its best checkpoint
        dev.kiln.nn.Sequential loaded = dev.kiln.nn.zoo.Models.load(straight);
        assertEquals(dev.kiln.nn.zoo.ModelSpec.of("flatten,linear(32),relu,dropout(0.2)", new int[] {4}, 3),
                dev.kiln.nn.zoo.ModelSpec.read(straight));
        Map<String, dev.kiln.tensor.Tensor> best = dev.kiln.io.Safetensors.read(straight.resolve("best/model.safetensors")).tensors();
        assertEquals(best.keySet(), loaded.stateDict().keySet());
        for (String k : best.keySet()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(best.get(k).toFloatArray(), loaded.stateDict().get(k).toFloatArray(), k);
        }
    }

    private static String[] concat(String[] common, String... more) {
        String[] out = new String[common.length + more.length + 1];
        out[0] = "train";
        System.arraycopy(common, 0, out, 1, common.length);
        System.arraycopy(more, 0, out, 1 + common.length, more.length);
        return out;
    }

    @Test
    void demoAndHelp() {
        Result demo = kiln("demo");
        assertEquals(0, demo.status(), demo.out() + demo.err());
        assertTrue(demo.out().contains("4.5"), "d(mean(3(x+2)^2))/dx = 6(x+2)/4 = 4.5 at x = 1:\n" + demo.out());
        Matcher m = Pattern.compile("fitted: y = ([-0-9.]+) x ([-+0-9.]+)").matcher(demo.out());
        assertTrue(m.find(), demo.out());
        assertEquals(3, Double.parseDouble(m.group(1)), 0.05);
        assertEquals(-2, Double.parseDouble(m.group(2)), 0.05);
        Result help = kiln("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("train") && help.out().contains("evaluate") && help.out().contains("predict"), help.out());
        assertOneLineError(kiln("demo", "--steps", "0"), "--steps must be at least 1");
    }

    @Test
    void badOptionsEndWithOneClearLine(@TempDir Path tmp) throws IOException {
        assertOneLineError(kiln("train", "--data", "iris", "--model", "transformer(4)", "--out", tmp.resolve("a").toString()),
                "unknown layer 'transformer'");
        assertOneLineError(kiln("train", "--data", "iris", "--model", "flatten,linear(x)", "--out", tmp.resolve("b").toString()),
                "'x' in 'linear(x)' is not a number");
        assertOneLineError(kiln("train", "--data", "iris", "--model", "lenet", "--out", tmp.resolve("c").toString()), "needs 1x28x28 images");
        assertOneLineError(kiln("train", "--data", "iris", "--epochs", "-2", "--out", tmp.resolve("d").toString()),
                "--epochs must be at least 1, got -2");
        assertOneLineError(kiln("train", "--data", "iris", "--threads", "0", "--out", tmp.resolve("t").toString()),
                "--threads must be at least 1, got 0");
        assertOneLineError(kiln("train", "--data", tmp.resolve("missing.csv").toString(), "--out", tmp.resolve("e").toString()),
                "missing.csv' is neither a bundled data set");
        Path ragged = tmp.resolve("ragged.csv");
        Files.writeString(ragged, "a,b,label\n1,2,0\n3,4,1\n5,1\n6,7,0\n");
        Result r = kiln("train", "--data", ragged.toString(), "--out", tmp.resolve("f").toString());
        assertOneLineError(r, "ragged.csv");
        assertOneLineError(kiln("evaluate", tmp.resolve("nothing").toString()), "nothing");
        assertOneLineError(kiln("evaluate", tmp.resolve("w.safetensors").toString(), "--model", "lenet"), "w.safetensors");

        // picocli's parse errors follow the same contract: one line, exit 1, a short usage hint
        Result usage = kiln("train", "--epochs", "many");
        assertEquals(1, usage.status());
        assertOneLineError(usage, "kiln: Invalid value for option '--epochs': 'many' is not an int (see 'kiln train --help')");
        Result unknown = kiln("train", "--frobnicate");
        assertEquals(1, unknown.status());
        assertOneLineError(unknown, "kiln: Unknown option: '--frobnicate' (see 'kiln train --help')");
    }

    @Test
    void trainEvaluatePredictAndResumeOnIris(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("run");
        Result train = kiln("train", "--data", "iris", "--epochs", "3", "--lr", "0.01", "--out", run.toString());
        assertEquals(0, train.status(), train.out() + train.err());
        assertTrue(train.testAccuracy() >= 0.8, "iris test accuracy " + train.testAccuracy());
        for (String f : List.of("run.json", "metrics.csv", "metrics.jsonl", "report.html", "results.json", "confusion.json", "misclassified.json",
                "last/model.safetensors", "last/optimizer.safetensors", "last/state.json", "best/model.safetensors", "best/state.json")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        List<String> csv = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(4, csv.size(), "header and three epochs");
        List<String> lr = Files.readAllLines(run.resolve("lr.csv"));
        assertEquals("step,lr,loss", lr.get(0));
        assertEquals(1e-2, Double.parseDouble(lr.get(1).split(",")[1]), 1e-12, "the first step uses the initial lr");
        assertTrue(Double.parseDouble(lr.get(lr.size() - 1).split(",")[1]) < 1e-3, "the cosine schedule decays towards 0");
        assertTrue(csv.get(0).startsWith("epoch,train_loss,train_accuracy,val_loss,val_accuracy"));
        String html = Files.readString(run.resolve("report.html"));
        assertTrue(html.contains("KilnBoard.start") && html.contains("test accuracy") && html.contains("<tr><td>3</td>"), "interactive report");
        Map<String, Object> config = Json.parseObject(Files.readString(run.resolve("run.json")));
        assertEquals("iris", config.get("data"));
        assertEquals(3, ((Number) config.get("epochs")).intValue());

        Result eval = kiln("evaluate", run.toString());
        assertEquals(0, eval.status(), eval.out() + eval.err());
        assertTrue(eval.out().contains("30 test samples"), eval.out());
        assertTrue(eval.testAccuracy() >= 0.8, eval.out());

        Path rows = tmp.resolve("rows.csv");
        Files.writeString(rows, "sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n6.7,3.0,5.2,2.3\n");
        Result predict = kiln("predict", run.toString(), rows.toString());
        assertEquals(0, predict.status(), predict.out() + predict.err());
        assertTrue(predict.out().contains("0: setosa (class 0, p = "), "iris names its classes from its header: " + predict.out());
        assertTrue(predict.out().contains("1: virginica (class 2, p = "), predict.out());

        Result resumed = kiln("train", "--resume", run.toString(), "--epochs", "5");
        assertEquals(0, resumed.status(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("after epoch 3"), resumed.out());
        assertTrue(resumed.out().contains("epoch 4/5: train loss") && resumed.out().contains("epoch 5/5: train loss"), resumed.out());
        assertFalse(resumed.out().contains("epoch 1/5:"), resumed.out());
        assertEquals(6, Files.readAllLines(run.resolve("metrics.csv")).size(), "the resumed epochs are appended");
        Map<String, Object> state = Json.parseObject(Files.readString(run.resolve("last/state.json")));
        assertEquals(5, ((Number) state.get("epoch")).intValue());
        String report = Files.readString(run.resolve("report.html"));
        for (int e = 1; e <= 5; e++) {
            assertTrue(report.contains("<tr><td>" + e + "</td>"), "the report lists epoch " + e + " of the whole run");
        }
    }

    @Test
    void fineTunesTheHeadOfPretrainedPyTorchWeights(@TempDir Path tmp) throws IOException {
        Path weights = Path.of("../kiln-core/src/test/resources/interop/lenet.safetensors").toAbsolutePath();
        Path run = tmp.resolve("ft");
        // '?.*' freezes the single-digit layers 0, 3, 7 and 9: everything but the head 11
        Result r = kiln("train", "--model", "lenet", "--pretrained", weights.toString(), "--freeze", "?.*", "--epochs", "1",
                "--scheduler", "none", "--out", run.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("pretrained: " + weights + ": loaded 10 tensor(s); missing []"), r.out());
        assertTrue(r.out().contains("frozen: [0.weight, 0.bias, 3.weight, 3.bias, 7.weight, 7.bias, 9.weight, 9.bias]"), r.out());
        assertTrue(r.testAccuracy() > 0.9, "starts from a 91% model: " + r.testAccuracy());
        Map<String, dev.kiln.tensor.Tensor> before = dev.kiln.io.Safetensors.read(weights).tensors();
        Map<String, dev.kiln.tensor.Tensor> after = dev.kiln.io.Safetensors.read(run.resolve("last/model.safetensors")).tensors();
        for (String k : List.of("0.weight", "3.bias", "9.weight")) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(before.get(k).toFloatArray(), after.get(k).toFloatArray(), k + " is frozen");
        }
        assertFalse(java.util.Arrays.equals(before.get("11.weight").toFloatArray(), after.get("11.weight").toFloatArray()), "the head trained");
    }

    @Test
    void evaluatesPyTorchWeightsWithTheAccuracyPyTorchMeasured(@TempDir Path tmp) throws IOException {
        Map<String, Object> summary;
        try (InputStream in = CliTest.class.getResourceAsStream("/interop/summary.json")) {
            summary = in == null ? null : Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        if (summary == null) {
            summary = Json.parseObject(Files.readString(Path.of("../kiln-core/src/test/resources/interop/summary.json")));
        }
        for (String[] m : new String[][] {{"lenet", "lenet"}, {"mlp", "mlp"}, {"cnn_bn", "cnn"}}) {
            Path weights = Path.of("../kiln-core/src/test/resources/interop/" + m[0] + ".safetensors");
            Result r = kiln("evaluate", weights.toString(), "--model", m[1]);
            assertEquals(0, r.status(), r.out() + r.err());
            double expected = ((Number) ((Map<?, ?>) summary.get(m[0])).get("test_accuracy_mnist10k")).doubleValue();
            assertEquals(expected, r.testAccuracy(), 0.002, m[0] + ":\n" + r.out());
        }
    }
}
