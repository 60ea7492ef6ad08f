package dev.kiln.cli;

import static dev.kiln.cli.CliRun.kiln;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradMode;
import dev.kiln.cli.CliRun.Result;
import dev.kiln.io.Safetensors;
import dev.kiln.onnx.Onnx;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln export}: weight files and run folders to ONNX, and its errors as one line. */
class ExportCommandTest {
    private static void assertOneLineError(Result r, String fragment) {
        assertNotEquals(0, r.status(), r.out() + r.err());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "exactly one line on stderr:\n" + r.err());
        assertTrue(lines.get(0).startsWith("kiln: ") && lines.get(0).contains(fragment), lines.get(0));
        assertFalse((r.out() + r.err()).contains("\tat "), "no stack trace");
    }

    /** PyTorch's LeNet weights → ONNX → Kiln's importer gives PyTorch's logits on the probe images. */
    @Test
    void exportsPyTorchWeightsThatReproducePyTorchsLogits(@TempDir Path tmp) throws Exception {
        Path weights = Path.of("../kiln-core/src/test/resources/interop/lenet.safetensors");
        Path onnx = tmp.resolve("lenet.onnx");
        Result r = kiln("export", weights.toString(), onnx.toString(), "--model", "lenet", "--opset", "13");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("opset 13") && r.out().contains("[N, 1, 28, 28]"), r.out());
        assertEquals(13, Onnx.readModel(onnx).getOpsetImport(0).getVersion());

        Map<String, Tensor> probe = Safetensors.read(Path.of("../kiln-core/src/test/resources/interop/lenet_probe.safetensors")).tensors();
        Tensor logits;
        try (var off = GradMode.disabled()) {
            logits = Onnx.load(onnx).forward(probe.get("input"));
        }
        double maxError = logits.sub(probe.get("logits")).abs().max().item();
        assertTrue(maxError <= 1e-4, "max |exported − PyTorch| = " + maxError);
    }

    /** A run folder exports its best checkpoint; the imported file computes what the checkpoint computes. */
    @Test
    void exportsARunFolder(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Result trained = kiln("train", "--data", "iris", "--model", "flatten,linear(16),tanh,linear(3)", "--epochs", "1",
                "--out", run.toString());
        assertEquals(0, trained.status(), trained.out() + trained.err());
        Path onnx = tmp.resolve("out/iris.onnx");
        Result r = kiln("export", run.toString(), onnx.toString());
        assertEquals(0, r.status(), r.out() + r.err());

        EvaluateCommand.Loaded loaded = EvaluateCommand.load(run, null, null, "best");
        Tensor x = loaded.data().test().inputs();
        try (var off = GradMode.disabled()) {
            loaded.model().eval();
            Tensor expected = loaded.model().forward(x);
            Tensor actual = Onnx.load(onnx).forward(x);
            assertEquals(0, actual.sub(expected).abs().max().item(), 1e-5);
        }
    }

    @Test
    void badInputIsOneLine(@TempDir Path tmp) throws Exception {
        String out = tmp.resolve("m.onnx").toString();
        assertOneLineError(kiln("export", tmp.resolve("missing").toString(), out), "missing");
        Path weights = Path.of("../kiln-core/src/test/resources/interop/mlp.safetensors");
        assertOneLineError(kiln("export", weights.toString(), out), "--model");
        assertOneLineError(kiln("export", weights.toString(), out, "--model", "mlp", "--opset", "12"), "opset 12");
        assertOneLineError(kiln("export", weights.toString(), out, "--model", "lenet"), "does not fit");
        Files.createDirectories(tmp.resolve("dir.onnx"));
        assertOneLineError(kiln("export", weights.toString(), tmp.resolve("dir.onnx").toString(), "--model", "mlp"), "dir.onnx");
        assertFalse(Files.exists(Path.of(out)), "nothing written on failure");
    }
}
