package dev.kiln.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradMode;
import dev.kiln.io.Safetensors;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Models exported by PyTorch 2.14 (src/test/python/make_models.py: a residual block, a small
 * transformer-like block, a ConvTranspose decoder, shape arithmetic, every activation, pooling and
 * normalisation layers), with the TorchScript exporter at opsets 11, 13 and 17 and the dynamo
 * exporter at opset 18: Kiln's output on a batch of another size than the exported one matches
 * PyTorch's.
 */
class PyTorchModelsTest {
    static Stream<String> models() throws Exception {
        Path dir = SchemaTest.resource("pytorch");
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".onnx"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
            assertFalse(names.isEmpty());
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void matchesPyTorch(String name) throws Exception {
        OnnxModule model = Onnx.load(SchemaTest.resource("pytorch/" + name + ".onnx"));
        Map<String, Tensor> reference = Safetensors.read(SchemaTest.resource("pytorch/" + name + ".safetensors")).tensors();
        Tensor expected = reference.get("output");
        Tensor actual;
        try (var off = GradMode.disabled()) {
            actual = model.forward(reference.get("input"));
        }
        assertArrayEquals(expected.shape(), actual.shape(), name);
        double maxError = actual.sub(expected).abs().max().item();
        assertTrue(maxError <= 1e-4, name + ": max |Kiln − PyTorch| = " + maxError);
    }
}
