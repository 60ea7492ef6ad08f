package dev.kiln.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.kiln.onnx.proto.OnnxProto.ModelProto;
import dev.kiln.onnx.proto.OnnxProto.NodeProto;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated ONNX schema reads PyTorch's files, and ONNX Runtime loads here. */
class SchemaTest {
    static Path resource(String name) throws Exception {
        return Path.of(SchemaTest.class.getResource("/onnx/" + name).toURI());
    }

    @Test
    void readsPyTorchMlp() throws Exception {
        ModelProto model = Onnx.readModel(resource("mlp.onnx"));
        assertEquals(17, model.getOpsetImport(0).getVersion());
        assertEquals("input", model.getGraph().getInput(0).getName());
        assertEquals("logits", model.getGraph().getOutput(0).getName());
        List<String> ops = model.getGraph().getNodeList().stream().map(NodeProto::getOpType).distinct().toList();
        assertEquals(List.of("Flatten", "Gemm", "Relu"), ops.stream().sorted().toList());
    }

    @Test
    void truncatedFileIsRefusedWithItsName(@TempDir Path dir) throws Exception {
        byte[] bytes = Files.readAllBytes(resource("mlp.onnx"));
        Path truncated = dir.resolve("truncated.onnx");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        var e = assertThrows(OnnxFormatException.class, () -> Onnx.readModel(truncated));
        assertTrue(e.getMessage().startsWith(truncated + ": "), e.getMessage());
    }

    @Test
    void onnxRuntimeRunsTheMlp() throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(resource("mlp.onnx").toString(), new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(new float[2 * 28 * 28]), new long[] {2, 1, 28, 28});
             OrtSession.Result result = session.run(Map.of("input", x))) {
            float[][] logits = (float[][]) result.get(0).getValue();
            assertEquals(2, logits.length);
            assertEquals(10, logits[0].length);
            assertEquals(logits[0][3], logits[1][3]);
        }
    }
}
