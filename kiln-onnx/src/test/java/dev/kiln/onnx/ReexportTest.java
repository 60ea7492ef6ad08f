package dev.kiln.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.io.Safetensors;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Import → export → ONNX Runtime: a model PyTorch exported, loaded by Kiln and exported again by
 * tracing the imported graph, still computes PyTorch's outputs in ONNX Runtime, at the probe's
 * batch size and at another.
 */
class ReexportTest {
    /**
     * Models whose Gather takes indices computed from the input (an embedding written as Cast, Clip,
     * Gather): the importer turns those indices into an index tensor outside Kiln's traced
     * operations, so the re-export refuses them (naming the operation) instead of freezing the
     * example's indices into the file.
     */
    private static final Set<String> INDICES_FROM_THE_INPUT = Set.of("pytorch/misc_ts13", "pytorch/misc_ts17");

    @TempDir
    Path dir;

    /** The shared PyTorch 1.13 models (with their probe: 32 images and PyTorch's logits), and the PyTorch 2.14 set. */
    static Stream<String> models() throws Exception {
        Stream<String> shared = Stream.of("mlp", "lenet", "cnn_bn");
        List<String> pytorch;
        try (var files = Files.list(SchemaTest.resource("pytorch"))) {
            pytorch = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".onnx"))
                    .map(n -> "pytorch/" + n.substring(0, n.length() - 5)).sorted().toList();
        }
        return Stream.concat(shared, pytorch.stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void reexportedModelGivesPyTorchsOutputsInOnnxRuntime(String name) throws Exception {
        Map<String, Tensor> probe = Safetensors.read(SchemaTest.resource(name + (name.startsWith("pytorch/") ? ".safetensors"
                : "_probe.safetensors"))).tensors();
        Tensor input = probe.get("input");
        Tensor expected = probe.containsKey("logits") ? probe.get("logits") : probe.get("output");
        OnnxModule imported = Onnx.load(SchemaTest.resource(name + ".onnx"));
        Path file = dir.resolve("reexported.onnx");
        if (INDICES_FROM_THE_INPUT.contains(name)) {
            var e = assertThrows(OnnxExportException.class, () -> Onnx.export(imported, input, file));
            assertTrue(e.getMessage().contains("'index_select'") && e.getMessage().contains("changes with the input"),
                    e.getMessage());
            return;
        }
        Onnx.export(imported, input, file);
        OnnxExportTest.assertMatchesWithin(name, expected, OrtRunner.run(file, "input", input), 1e-4);
        // the batch is dynamic: the first two samples alone give their rows of the output
        OnnxExportTest.assertMatchesWithin(name + " (batch of 2)", expected.narrow(0, 0, 2).contiguous(),
                OrtRunner.run(file, "input", input.narrow(0, 0, 2).contiguous()), 1e-4);
    }
}
