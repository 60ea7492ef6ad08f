package dev.kiln.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnxruntime.OrtException;
import dev.kiln.autograd.GradMode;
import dev.kiln.nn.GroupNorm;
import dev.kiln.nn.LayerNorm;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.GELU;
import dev.kiln.nn.activation.Hardswish;
import dev.kiln.nn.activation.Mish;
import dev.kiln.onnx.proto.OnnxProto.ModelProto;
import dev.kiln.onnx.proto.OnnxProto.NodeProto;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exported models run in ONNX Runtime and give Kiln's outputs.
 *
 * <p>Agreement: |ort − kiln| ≤ 1e-5·|kiln| + 1e-6·max|kiln| element-wise: 1e-5 relative, with an
 * absolute floor of 1e-6 of the output's largest magnitude for values near zero (where a relative
 * bound measures only float32 cancellation in sums the two runtimes order differently).
 */
class OnnxExportTest {
    private static final int EXAMPLE_BATCH = 2;
    private static final int CHECK_BATCH = 3;

    @TempDir
    Path dir;

    static Stream<ExportCases.Case> cases() {
        return Stream.of(ExportCases.layers(), ExportCases.activations(), ExportCases.models()).flatMap(List::stream);
    }

    /**
     * Every layer, activation, zoo model and a residual network: traced on a batch of 2, run by
     * ORT on a different batch of 3 (so the batch dimension is dynamic and nothing of the example's
     * values is frozen into the graph).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onnxRuntimeMatchesKiln(ExportCases.Case c) throws Exception {
        Kiln.manualSeed(13);
        Module model = c.model().get();
        settleRunningStatistics(model, c);
        Path file = dir.resolve("model.onnx");
        Onnx.export(model, input(c, EXAMPLE_BATCH, 1), file);
        Tensor x = input(c, CHECK_BATCH, 2);
        assertMatches(c.name(), kiln(model, x), OrtRunner.run(file, "input", x));
        assertFalse(model.isTraining(), "export leaves the model in the mode it found it (eval here)");
    }

    /** The decompositions used before an operator's opset (LayerNormalization 17, Mish 18, GELU 20, GroupNormalization 21). */
    static IntStream opsets() {
        return IntStream.rangeClosed(ExportOptions.MIN_OPSET, ExportOptions.MAX_OPSET);
    }

    @ParameterizedTest(name = "opset {0}")
    @MethodSource("opsets")
    void everyOpsetFrom13To21RunsInOnnxRuntime(int opset) throws Exception {
        Kiln.manualSeed(3);
        Module model = new Sequential(new Linear(6, 12), new LayerNorm(12), new Mish(), new GELU(), new Hardswish(),
                new dev.kiln.nn.Unflatten(1, 6, 2), new GroupNorm(3, 6), new GELU(GELU.Approximation.TANH));
        model.eval();
        Path file = dir.resolve("opset" + opset + ".onnx");
        Onnx.export(model, Tensor.randn(2, 6), file, ExportOptions.defaults().withOpset(opset));
        ModelProto proto = Onnx.readModel(file);
        assertEquals(opset, proto.getOpsetImport(0).getVersion());
        assertEquals(new ExportOptions(opset, "a", "b", ExportOptions.Batch.DYNAMIC).irVersion(), proto.getIrVersion());
        Set<String> ops = proto.getGraph().getNodeList().stream().map(NodeProto::getOpType).collect(Collectors.toSet());
        assertEquals(opset >= 17, ops.contains("LayerNormalization"), ops.toString());
        assertEquals(opset >= 18, ops.contains("Mish"), ops.toString());
        assertEquals(opset >= 20, ops.contains("Gelu"), ops.toString());
        assertEquals(opset >= 21, ops.contains("GroupNormalization"), ops.toString());
        Tensor x = Tensor.randn(4, 6).mul(2);
        assertMatches("opset " + opset, kiln(model, x), OrtRunner.run(file, "input", x));
    }

    @Test
    void fixedBatchWritesTheExampleBatchAndNames() throws Exception {
        Module model = new Sequential(new Linear(4, 3));
        Path file = dir.resolve("fixed.onnx");
        Onnx.export(model, Tensor.randn(5, 4), file, ExportOptions.defaults().withBatch(ExportOptions.Batch.FIXED)
                .withNames("pixels", "logits"));
        ModelProto proto = Onnx.readModel(file);
        var input = proto.getGraph().getInput(0);
        assertEquals("pixels", input.getName());
        assertEquals("logits", proto.getGraph().getOutput(0).getName());
        assertEquals(5, input.getType().getTensorType().getShape().getDim(0).getDimValue());
        assertEquals(Set.of("0.weight", "0.bias"), proto.getGraph().getInitializerList().stream().map(t -> t.getName())
                .collect(Collectors.toSet()));
        Tensor x = Tensor.randn(5, 4);
        assertMatches("fixed", kiln(model, x), OrtRunner.run(file, "pixels", x));
        assertThrows(OrtException.class, () -> OrtRunner.run(file, "pixels", Tensor.randn(2, 4)));

        ModelProto dynamic = Onnx.toModel(model, Tensor.randn(5, 4), ExportOptions.defaults());
        assertEquals("N", dynamic.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
    }

    @Test
    void anOperationWithoutAnOnnxFormIsNamed() {
        Module cumulative = new Module() {
            @Override
            public Tensor forward(Tensor x) {
                return new Linear(3, 3).forward(x).cumsum(1);
            }
        };
        var e = assertThrows(OnnxExportException.class,
                () -> Onnx.toModel(cumulative, Tensor.randn(2, 3), ExportOptions.defaults()));
        assertTrue(e.getMessage().toLowerCase().contains("cumsum"), e.getMessage());

        Module divisor = new dev.kiln.nn.AvgPool2d(2, dev.kiln.nn.AvgPool2d.Options.defaults().withDivisorOverride(3));
        var e2 = assertThrows(OnnxExportException.class,
                () -> Onnx.toModel(divisor, Tensor.randn(1, 1, 4, 4), ExportOptions.defaults()));
        assertTrue(e2.getMessage().contains("avg_pool") && e2.getMessage().contains("divisor_override"), e2.getMessage());
    }

    @Test
    void valuesComputedFromTheInputOutsideTheTraceAreRefused() {
        // argsort is not recorded and has no autograd node: only the probe trace can tell
        Module argmax = new Module() {
            @Override
            public Tensor forward(Tensor x) {
                return x.add(x.argsort(1, false).to(DType.FLOAT32));
            }
        };
        var e = assertThrows(OnnxExportException.class, () -> Onnx.toModel(argmax, Tensor.randn(2, 5), ExportOptions.defaults()));
        assertTrue(e.getMessage().contains("changes with the input"), e.getMessage());

        Module branching = new Module() {
            @Override
            public Tensor forward(Tensor x) {
                return x.sum().item() > 0 ? x.relu() : x.tanh();
            }
        };
        var e2 = assertThrows(OnnxExportException.class,
                () -> Onnx.toModel(branching, Tensor.ones(2, 3).neg(), ExportOptions.defaults()));
        assertTrue(e2.getMessage().contains("different operations"), e2.getMessage());
    }

    @Test
    void aShapeFixedToTheBatchNeedsAFixedBatch() throws Exception {
        Module offset = new Module() {
            @Override
            public Tensor forward(Tensor x) {
                return x.add(Tensor.ones(x.size(0), 3).mul(2));
            }
        };
        var e = assertThrows(OnnxExportException.class, () -> Onnx.toModel(offset, Tensor.randn(2, 3), ExportOptions.defaults()));
        assertTrue(e.getMessage().contains("batch size") && e.getMessage().contains("Batch.FIXED"), e.getMessage());

        Path file = dir.resolve("fixed.onnx");
        Onnx.export(offset, Tensor.randn(2, 3), file, ExportOptions.defaults().withBatch(ExportOptions.Batch.FIXED));
        Tensor x = Tensor.randn(2, 3);
        assertMatches("fixed batch", kiln(offset, x), OrtRunner.run(file, "input", x));
    }

    @Test
    void aFailedExportLeavesTheExistingFile() throws Exception {
        Path file = dir.resolve("keep.onnx");
        Onnx.export(new Linear(3, 2), Tensor.randn(1, 3), file);
        byte[] before = Files.readAllBytes(file);
        Module broken = new Module() {
            @Override
            public Tensor forward(Tensor x) {
                return x.cumsum(1);
            }
        };
        assertThrows(OnnxExportException.class, () -> Onnx.export(broken, Tensor.randn(1, 3), file));
        assertArrayEquals(before, Files.readAllBytes(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left");
        }
    }

    @Test
    void trainingModeIsRestored() {
        Module model = new Sequential(new Linear(3, 3), new dev.kiln.nn.Dropout(0.5));
        model.train();
        Onnx.toModel(model, Tensor.randn(2, 3), ExportOptions.defaults());
        assertTrue(model.isTraining());
        assertTrue(model.children().get(1).isTraining());
    }

    // ------------------------------------------------------------------ helpers

    /** Runs a few training batches so that batch-norm running statistics differ from their initial 0 and 1. */
    static void settleRunningStatistics(Module model, ExportCases.Case c) {
        model.train();
        try (var off = GradMode.disabled()) {
            for (int i = 0; i < 3; i++) {
                model.forward(input(c, 4, 100 + i));
            }
        }
        model.eval();
    }

    static Tensor input(ExportCases.Case c, int batch, long seed) {
        int[] shape = new int[c.sample().length + 1];
        shape[0] = batch;
        System.arraycopy(c.sample(), 0, shape, 1, c.sample().length);
        Generator g = new Generator(seed);
        if (c.tokens() > 0) {
            long[] ids = new long[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = (long) (g.nextDouble() * c.tokens());
            }
            return Tensor.fromArray(ids, shape);
        }
        return Tensor.randn(g, shape).mul(2.5);
    }

    private static Tensor kiln(Module model, Tensor x) {
        try (var off = GradMode.disabled()) {
            return model.forward(x).to(DType.FLOAT32);
        }
    }

    static void assertMatches(String what, Tensor expected, Tensor actual) {
        assertMatchesWithin(what, expected, actual, 1e-5);
    }

    /** |actual − expected| ≤ rtol·|expected| + 1e-6·max|expected| element-wise. */
    static void assertMatchesWithin(String what, Tensor expected, Tensor actual, double rtol) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.contiguous().toFloatArray();
        float[] a = actual.toFloatArray();
        double scale = 0;
        for (float v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        double floor = 1e-6 * scale;
        for (int i = 0; i < e.length; i++) {
            double tol = rtol * Math.abs(e[i]) + floor;
            if (!(Math.abs(a[i] - e[i]) <= tol)) {
                fail(what + ": element " + i + " got " + a[i] + ", expected " + e[i] + " (tolerance " + tol + ")");
            }
        }
    }
}
