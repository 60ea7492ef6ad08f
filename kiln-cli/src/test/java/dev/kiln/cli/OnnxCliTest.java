package dev.kiln.cli;

import static dev.kiln.cli.CliRun.kiln;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.cli.CliRun.Result;
import dev.kiln.io.Json;
import dev.kiln.io.Safetensors;
import dev.kiln.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln evaluate|predict|train} on ONNX models exported by PyTorch (kiln-onnx's test resources). */
class OnnxCliTest {
    private static final Path MODELS = Path.of("../kiln-onnx/src/test/resources/onnx").toAbsolutePath().normalize();

    @Test
    void evaluatePrintsTheAccuracyPyTorchMeasured() throws IOException {
        Map<String, Object> summary = Json.parseObject(Files.readString(MODELS.resolve("summary.json")));
        for (String name : List.of("mlp", "lenet", "cnn_bn")) {
            Result r = kiln("evaluate", MODELS.resolve(name + ".onnx").toString(), "--data", "mnist10k");
            assertEquals(0, r.status(), r.out() + r.err());
            double accuracy = ((Number) ((Map<?, ?>) summary.get(name)).get("test_accuracy")).doubleValue();
            String expected = String.format(Locale.ROOT, "test accuracy: %.2f%%", 100 * accuracy);
            assertTrue(r.out().contains(expected), name + ": expected '" + expected + "' in\n" + r.out());
            assertTrue(r.out().contains("2000 test samples"), r.out());
        }
    }

    @Test
    void predictClassifiesAnImageAsPyTorchDoes(@TempDir Path tmp) throws IOException {
        Map<String, Tensor> probe = Safetensors.read(MODELS.resolve("lenet_probe.safetensors")).tensors();
        for (int i = 0; i < 3; i++) {
            float[] pixels = probe.get("input").get(i).contiguous().toFloatArray();
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
            for (int p = 0; p < pixels.length; p++) {
                int v = Math.round(pixels[p] * 255);
                image.setRGB(p % 28, p / 28, v << 16 | v << 8 | v);
            }
            Path png = tmp.resolve("digit" + i + ".png");
            ImageIO.write(image, "png", png.toFile());
            int expected = (int) probe.get("logits").get(i).argmax().item();
            Result r = kiln("predict", MODELS.resolve("lenet.onnx").toString(), png.toString());
            assertEquals(0, r.status(), r.out() + r.err());
            assertTrue(r.out().startsWith(png.getFileName() + ": class " + expected + " "), "image " + i + ": " + r.out());
        }
    }

    @Test
    void trainFineTunesAnImportedModel(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("ft");
        Path onnx = MODELS.resolve("mlp.onnx");
        Result r = kiln("train", "--init-from", onnx.toString(), "--epochs", "1", "--lr", "0.0005", "--scheduler", "none",
                "--out", run.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        Map<String, Tensor> before = dev.kiln.onnx.Onnx.load(onnx).stateDict();
        Map<String, Tensor> after = Safetensors.read(run.resolve("last/model.safetensors")).tensors();
        assertEquals(before.keySet(), after.keySet(), "the state dict keys are the ONNX initialiser names");
        assertFalse(Arrays.equals(before.get("3.weight").toFloatArray(), after.get("3.weight").toFloatArray()), "it trained");
        // the run folder remembers the ONNX graph: evaluate rebuilds it and loads the fine-tuned weights
        Result evaluated = kiln("evaluate", run.toString());
        assertEquals(0, evaluated.status(), evaluated.out() + evaluated.err());
        double accuracy = Double.parseDouble(evaluated.out().replaceAll("(?s).*test accuracy: ([0-9.]+)%.*", "$1")) / 100;
        assertTrue(accuracy > 0.85, "starts from an 88.85% model: " + accuracy);
        // no model.json (a model spec cannot describe an imported graph), and the run says so and what to do instead
        assertFalse(Files.exists(run.resolve("model.json")));
        assertTrue(r.out().contains("model.json: not written: the network is the imported ONNX graph " + onnx.toAbsolutePath()), r.out());
        Result exported = kiln("export", run.toString(), tmp.resolve("fine-tuned.onnx").toString());
        assertEquals(0, exported.status(), exported.out() + exported.err());
        assertEquals(after.keySet(), dev.kiln.onnx.Onnx.load(tmp.resolve("fine-tuned.onnx")).stateDict().keySet());
    }

    @Test
    void malformedOrMismatchedFilesEndWithOneClearLine(@TempDir Path tmp) throws IOException {
        byte[] bytes = Files.readAllBytes(MODELS.resolve("lenet.onnx"));
        Path truncated = tmp.resolve("truncated.onnx");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 3));
        assertOneLineError(kiln("evaluate", truncated.toString()), "kiln: " + truncated + ": not a valid ONNX model");
        assertOneLineError(kiln("predict", truncated.toString(), truncated.toString()), "kiln: " + truncated + ": ");
        assertOneLineError(kiln("train", "--init-from", truncated.toString(), "--out", tmp.resolve("r").toString()),
                "kiln: " + truncated + ": ");
        assertOneLineError(kiln("evaluate", MODELS.resolve("lenet.onnx").toString(), "--data", "iris"),
                "does not take the data's samples of shape");
    }

    private static void assertOneLineError(Result r, String fragment) {
        assertNotEquals(0, r.status(), r.out() + r.err());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "exactly one line on stderr:\n" + r.err());
        assertTrue(lines.get(0).startsWith("kiln: "), lines.get(0));
        assertTrue(lines.get(0).contains(fragment), lines.get(0));
        assertFalse((r.out() + r.err()).contains("\tat "), "no stack trace");
        assertFalse((r.out() + r.err()).contains("Exception"), "no exception class names:\n" + r.err());
    }
}
