package dev.kiln.onnx;

import dev.kiln.autograd.GradMode;
import dev.kiln.nn.Module;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Export → {@link Onnx#load}: the imported graph computes what the Kiln model computes. */
class OnnxRoundTripTest {
    @TempDir
    Path dir;

    static Stream<ExportCases.Case> cases() {
        return OnnxExportTest.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void importedModelMatchesTheExportedOne(ExportCases.Case c) throws Exception {
        Kiln.manualSeed(21);
        Module model = c.model().get();
        OnnxExportTest.settleRunningStatistics(model, c);
        Path file = dir.resolve("model.onnx");
        Onnx.export(model, OnnxExportTest.input(c, 2, 1), file);
        Module imported = Onnx.load(file);
        imported.eval();
        Tensor x = OnnxExportTest.input(c, 3, 2);
        try (var off = GradMode.disabled()) {
            OnnxExportTest.assertMatches(c.name(), model.forward(x).to(DType.FLOAT32), imported.forward(x).to(DType.FLOAT32));
        }
    }
}
