package dev.kiln.nn.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradMode;
import dev.kiln.io.Safetensors;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Loads the three models trained in PyTorch (shared/interop) into the same architectures built
 * with Kiln and reproduces PyTorch's logits on the 16 probe inputs (eval mode) within 1e-4.
 */
class InteropTest {
    private static Map<String, Tensor> read(String name) throws IOException {
        try (InputStream in = InteropTest.class.getResourceAsStream("/interop/" + name + ".safetensors")) {
            return Safetensors.fromBytes(in.readAllBytes(), name).tensors();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "lenet", "cnn_bn"})
    void reproducesPyTorchLogits(String name) throws IOException {
        Supplier<Module> build = switch (name) {
            case "mlp" -> () -> Models.mlp(784, 10);
            case "lenet" -> () -> Models.lenet5(10);
            default -> () -> Models.cnnBn(10);
        };
        Module model = build.get();
        Module.LoadResult result = model.loadStateDict(read(name), true);
        assertTrue(result.isComplete(), result.toString());
        model.eval();
        Map<String, Tensor> probe = read(name + "_probe");
        Tensor logits;
        try (var off = GradMode.disabled()) {
            logits = model.forward(probe.get("input"));
        }
        Tensor expected = probe.get("logits");
        assertArrayEquals(expected.shape(), logits.shape());
        float[] a = logits.toFloatArray();
        float[] e = expected.toFloatArray();
        for (int i = 0; i < a.length; i++) {
            assertEquals(e[i], a[i], 1e-4, name + " logit " + i);
        }
        long[] labels = probe.get("labels").toLongArray();
        assertEquals(16, labels.length);
    }
}
