package dev.kiln.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradMode;
import dev.kiln.data.Datasets;
import dev.kiln.data.TensorDataset;
import dev.kiln.io.Json;
import dev.kiln.io.Safetensors;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three models PyTorch 1.13 exported (shared interop folder): Kiln reproduces PyTorch's logits
 * on the probe images and PyTorch's test accuracy on MNIST-10k exactly.
 */
class SharedModelsTest {
    private static final TensorDataset TEST = Datasets.mnist10k().test();

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "lenet", "cnn_bn"})
    void reproducesPyTorchLogits(String name) throws Exception {
        OnnxModule model = Onnx.load(SchemaTest.resource(name + ".onnx"));
        Map<String, Tensor> probe = Safetensors.read(SchemaTest.resource(name + "_probe.safetensors")).tensors();
        Tensor logits;
        try (var off = GradMode.disabled()) {
            logits = model.forward(probe.get("input"));
        }
        Tensor expected = probe.get("logits");
        assertEquals(32, logits.size(0));
        double maxError = logits.sub(expected).abs().max().item();
        assertTrue(maxError <= 1e-4, name + ": max |Kiln − PyTorch| = " + maxError);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "lenet", "cnn_bn"})
    void reproducesPyTorchAccuracy(String name) throws Exception {
        OnnxModule model = Onnx.load(SchemaTest.resource(name + ".onnx"));
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) Json.parseObject(
                Files.readString(SchemaTest.resource("summary.json"))).get(name);
        double expected = ((Number) summary.get("test_accuracy")).doubleValue();
        long correct;
        try (var off = GradMode.disabled()) {
            // the whole test split at once: 2,000 images
            Tensor predicted = model.forward(TEST.inputs()).argmax(1, false);
            correct = (long) predicted.eq(TEST.targets()).to(DType.INT64).sum().item();
        }
        assertEquals(2000, TEST.size());
        assertEquals(expected, correct / 2000.0, 0.0, name);
    }
}
