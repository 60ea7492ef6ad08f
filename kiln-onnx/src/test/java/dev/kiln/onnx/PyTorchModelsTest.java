package dev.kiln.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradMode;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.kiln.io.Safetensors;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
 * PyTorch's, and on random inputs ONNX Runtime's.
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

    /** On a fresh random batch of yet another size, Kiln's output matches ONNX Runtime's. */
    @ParameterizedTest
    @MethodSource("models")
    void matchesOnnxRuntime(String name) throws Exception {
        Path file = SchemaTest.resource("pytorch/" + name + ".onnx");
        OnnxModule model = Onnx.load(file);
        int[] shape = Safetensors.read(SchemaTest.resource("pytorch/" + name + ".safetensors")).tensors().get("input").shape();
        shape[0] = 5;
        Tensor x = Tensor.randn(new Generator(42), shape);
        Tensor actual;
        try (var off = GradMode.disabled()) {
            actual = model.forward(x);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] dims = Arrays.stream(shape).asLongStream().toArray();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.contiguous().toFloatArray()), dims);
             OrtSession.Result result = session.run(Map.of("input", input))) {
            OnnxTensor output = (OnnxTensor) result.get(0);
            long[] ortShape = output.getInfo().getShape();
            assertArrayEquals(Arrays.stream(actual.shape()).asLongStream().toArray(), ortShape, name);
            FloatBuffer values = output.getFloatBuffer();
            float[] expected = new float[values.remaining()];
            values.get(expected);
            float[] got = actual.contiguous().toFloatArray();
            double maxError = 0;
            for (int i = 0; i < got.length; i++) {
                maxError = Math.max(maxError, Math.abs(got[i] - expected[i]));
            }
            assertTrue(maxError <= 1e-4, name + ": max |Kiln − ONNX Runtime| = " + maxError);
        }
    }
}
