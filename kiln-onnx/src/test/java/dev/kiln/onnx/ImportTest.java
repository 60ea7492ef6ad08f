package dev.kiln.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.kiln.autograd.GradMode;
import dev.kiln.io.Safetensors;
import dev.kiln.nn.functional.ClassificationLosses;
import dev.kiln.onnx.proto.OnnxProto.AttributeProto;
import dev.kiln.onnx.proto.OnnxProto.GraphProto;
import dev.kiln.onnx.proto.OnnxProto.ModelProto;
import dev.kiln.onnx.proto.OnnxProto.NodeProto;
import dev.kiln.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.kiln.onnx.proto.OnnxProto.TensorProto;
import dev.kiln.onnx.proto.OnnxProto.TensorShapeProto;
import dev.kiln.onnx.proto.OnnxProto.TypeProto;
import dev.kiln.onnx.proto.OnnxProto.ValueInfoProto;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Import behaviour beyond matching outputs: parameters, fine-tuning, dynamic batch, refusals. */
class ImportTest {

    @Test
    void initialisersBecomeParametersNamedAfterThem() throws Exception {
        OnnxModule lenet = Onnx.load(SchemaTest.resource("lenet.onnx"));
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias", "9.weight", "9.bias",
                "11.weight", "11.bias"), List.copyOf(lenet.namedParameters().keySet()));
        assertTrue(lenet.parameters().stream().allMatch(Tensor::requiresGrad));
        assertEquals(Set.copyOf(lenet.namedParameters().keySet()), lenet.stateDict().keySet());
        assertFalse(lenet.isTraining(), "Onnx.load returns the model in eval mode");
        assertEquals(List.of("input"), lenet.inputNames());
        assertEquals(List.of("logits"), lenet.outputNames());
        assertEquals(17, lenet.opset());
    }

    @Test
    void aStateDictRoundTripsThroughSafetensors(@TempDir Path dir) throws Exception {
        OnnxModule model = Onnx.load(SchemaTest.resource("mlp.onnx"));
        Path file = dir.resolve("mlp.safetensors");
        Safetensors.write(file, model.stateDict(), Map.of());
        OnnxModule other = Onnx.load(SchemaTest.resource("mlp.onnx"));
        other.namedParameters().values().forEach(p -> {
            try (var off = GradMode.disabled()) {
                p.zero_();
            }
        });
        assertTrue(other.loadStateDict(Safetensors.read(file).tensors()).isComplete());
        Tensor x = Tensor.rand(3, 1, 28, 28);
        assertTrue(model.forward(x).allclose(other.forward(x), 0, 0));
    }

    @Test
    void fineTuningWithSgdReducesTheLoss() throws Exception {
        OnnxModule model = Onnx.load(SchemaTest.resource("cnn_bn.onnx"));
        Map<String, Tensor> probe = Safetensors.read(SchemaTest.resource("cnn_bn_probe.safetensors")).tensors();
        Tensor x = probe.get("input");
        Tensor y = probe.get("labels");
        Tensor before = model.namedParameters().get("10.weight").clone();
        model.train();
        SGD sgd = new SGD(model.parameters(), SGD.Options.of(0.05));
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < 5; step++) {
            sgd.zeroGrad();
            Tensor loss = ClassificationLosses.crossEntropy(model.forward(x), y);
            loss.backward();
            sgd.step();
            if (step == 0) {
                first = loss.item();
            }
            last = loss.item();
        }
        assertTrue(last < first, "loss " + first + " -> " + last);
        assertFalse(before.allclose(model.namedParameters().get("10.weight"), 0, 0), "the Gemm weight moved");
    }

    @Test
    void batchNormStatisticsAreBuffersUpdatedInTrainingMode() throws Exception {
        OnnxModule model = Onnx.load(SchemaTest.resource("pytorch/residual_ts17.onnx"));
        assertTrue(model.namedBuffers().containsKey("bn1.running_mean"));
        assertFalse(model.namedParameters().containsKey("bn1.running_mean"));
        assertTrue(model.namedParameters().containsKey("bn1.weight"));
        assertTrue(model.stateDict().containsKey("shortcut.1.running_var"));
        Tensor mean = model.namedBuffers().get("bn1.running_mean").clone();
        Tensor x = Tensor.randn(new dev.kiln.tensor.Generator(1), 4, 3, 12, 12);
        try (var off = GradMode.disabled()) {
            Tensor inference = model.forward(x);
            assertTrue(mean.allclose(model.namedBuffers().get("bn1.running_mean"), 0, 0), "eval mode keeps the statistics");
            model.train();
            Tensor training = model.forward(x);
            assertFalse(mean.allclose(model.namedBuffers().get("bn1.running_mean"), 0, 0), "train mode updates them");
            assertFalse(inference.allclose(training, 1e-4, 1e-4), "train mode normalises with the batch statistics");
        }
    }

    @Test
    void batchSizeIsDynamic() throws Exception {
        OnnxModule model = Onnx.load(SchemaTest.resource("lenet.onnx"));
        try (var off = GradMode.disabled()) {
            Tensor x = Tensor.rand(5, 1, 28, 28);
            Tensor all = model.forward(x);
            Tensor one = model.forward(x.narrow(0, 2, 1));
            assertEquals(List.of(5, 10), List.of(all.size(0), all.size(1)));
            assertTrue(all.narrow(0, 2, 1).allclose(one, 1e-5, 1e-6));
        }
    }

    @Test
    void aWrongInputShapeIsNamed() throws Exception {
        OnnxModule model = Onnx.load(SchemaTest.resource("lenet.onnx"));
        var e = assertThrows(IllegalArgumentException.class, () -> model.forward(Tensor.rand(2, 784)));
        assertTrue(e.getMessage().contains("input 'input' should have shape (N, 1, 28, 28), got (2, 784)"), e.getMessage());
    }

    // ------------------------------------------------------------------ refusals at load time

    private static ValueInfoProto floatInput(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    private static Path write(Path dir, int opset, NodeProto... nodes) throws Exception {
        GraphProto.Builder graph = GraphProto.newBuilder().setName("g").addInput(floatInput("x", 2, 3))
                .addOutput(floatInput("y", 2, 3));
        for (NodeProto n : nodes) {
            graph.addNode(n);
        }
        ModelProto model = ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).setGraph(graph).build();
        Path file = dir.resolve("model.onnx");
        Files.write(file, model.toByteArray());
        return file;
    }

    @Test
    void anUnsupportedOperatorIsRefusedNamingItTheNodeAndTheOpset(@TempDir Path dir) throws Exception {
        Path file = write(dir, 17, NodeProto.newBuilder().setName("lstm_1").setOpType("LSTM").addInput("x").addOutput("y").build());
        var e = assertThrows(OnnxFormatException.class, () -> Onnx.load(file));
        assertEquals(file + ": node 'lstm_1' (LSTM, opset 17): unsupported operator LSTM", e.getMessage());
    }

    @Test
    void anUnsupportedAttributeIsRefusedAtLoadTime(@TempDir Path dir) throws Exception {
        NodeProto gelu = NodeProto.newBuilder().setName("act").setOpType("Gelu").addInput("x").addOutput("y")
                .addAttribute(AttributeProto.newBuilder().setName("approximate").setType(AttributeProto.AttributeType.STRING)
                        .setS(ByteString.copyFromUtf8("erf-fast"))).build();
        var e = assertThrows(OnnxFormatException.class, () -> Onnx.load(write(dir, 20, gelu)));
        assertTrue(e.getMessage().endsWith("node 'act' (Gelu, opset 20): unsupported attribute approximate='erf-fast'"),
                e.getMessage());
        NodeProto relu = NodeProto.newBuilder().setName("r").setOpType("Relu").addInput("x").addOutput("y")
                .addAttribute(AttributeProto.newBuilder().setName("fancy").setType(AttributeProto.AttributeType.INT).setI(1))
                .build();
        e = assertThrows(OnnxFormatException.class, () -> Onnx.load(write(dir, 17, relu)));
        assertTrue(e.getMessage().endsWith("node 'r' (Relu, opset 17): unsupported attribute fancy"), e.getMessage());
    }

    @Test
    void anUnsupportedOpsetOrDomainIsRefused(@TempDir Path dir) throws Exception {
        NodeProto relu = NodeProto.newBuilder().setName("r").setOpType("Relu").addInput("x").addOutput("y").build();
        var e = assertThrows(OnnxFormatException.class, () -> Onnx.load(write(dir, 5, relu)));
        assertTrue(e.getMessage().contains("opset 5 is not supported"), e.getMessage());
        NodeProto custom = relu.toBuilder().setDomain("com.microsoft").setOpType("FusedGemm").build();
        e = assertThrows(OnnxFormatException.class, () -> Onnx.load(write(dir, 17, custom)));
        assertTrue(e.getMessage().contains("unsupported operator FusedGemm from domain 'com.microsoft'"), e.getMessage());
    }

    @Test
    void anUndefinedInputIsRefused(@TempDir Path dir) throws Exception {
        NodeProto add = NodeProto.newBuilder().setName("a").setOpType("Add").addInput("x").addInput("z").addOutput("y").build();
        var e = assertThrows(OnnxFormatException.class, () -> Onnx.load(write(dir, 17, add)));
        assertTrue(e.getMessage().contains("input 'z' is not computed before this node"), e.getMessage());
    }

    @Test
    void missingInputsAreRefusedAtLoadTime(@TempDir Path dir) throws Exception {
        NodeProto conv = NodeProto.newBuilder().setName("c").setOpType("Conv").addInput("x").addOutput("y").build();
        var e = assertThrows(OnnxFormatException.class, () -> Onnx.load(write(dir, 17, conv)));
        assertTrue(e.getMessage().endsWith("node 'c' (Conv, opset 17): expects at least 2 input(s), got 1"), e.getMessage());
    }

    @Test
    void malformedFilesAreRefusedWithTheirName(@TempDir Path dir) throws Exception {
        Path garbage = dir.resolve("garbage.onnx");
        Files.writeString(garbage, "this is not a protobuf message at all, just text");
        var e = assertThrows(OnnxFormatException.class, () -> Onnx.load(garbage));
        assertTrue(e.getMessage().startsWith(garbage + ": "), e.getMessage());
        Path empty = dir.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        e = assertThrows(OnnxFormatException.class, () -> Onnx.load(empty));
        assertEquals(empty + ": empty file, not an ONNX model", e.getMessage());
        var missing = assertThrows(OnnxFormatException.class, () -> Onnx.load(dir.resolve("missing.onnx")));
        assertNotNull(missing.getMessage());
        assertTrue(missing.getMessage().endsWith("missing.onnx: no such file"));
    }
}
