package dev.kiln.nn.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradMode;
import dev.kiln.io.Json;
import dev.kiln.nn.Sequential;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSpecTest {

    @Test
    void namesBuildTheZooNetworks() {
        assertEquals(535_818, ModelSpec.of("mlp", new int[] {1, 28, 28}, 10).build().parameterCount());
        assertEquals(Models.lenet5(10).parameterCount(), ModelSpec.of("LeNet", new int[] {1, 28, 28}, 10).build().parameterCount());
        assertEquals(Models.cnnBn(3).parameterCount(), ModelSpec.of("cnn", new int[] {1, 28, 28}, 3).build().parameterCount());
        var e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.of("lenet", new int[] {4}, 3).build());
        assertEquals("lenet needs 1x28x28 images, but the data's samples have shape [4]", e.getMessage());
    }

    @Test
    void layerSpecsFlowShapesAndEndInALinearToTheClasses() {
        Sequential net = ModelSpec.of("conv(4,3),relu,maxpool(2),batchnorm", new int[] {1, 8, 8}, 5).build();
        // conv 1->4 (3x3, pad 1): 8x8 -> maxpool 4x4 -> batchnorm2d(4) -> flatten -> linear(64, 5)
        assertEquals(List.of("Conv2d", "ReLU", "MaxPool2d", "BatchNorm2d", "Flatten", "Linear"),
                net.children().stream().map(m -> m.getClass().getSimpleName()).toList());
        assertEquals((4 * 9 + 4) + 2 * 4 + (64 * 5 + 5), net.parameterCount());
        assertArrayEquals(new int[] {2, 5}, net.forward(Tensor.zeros(2, 1, 8, 8)).shape());
        assertEquals(4 * 16 + 16 + 16 * 3 + 3, ModelSpec.of("linear(16),tanh", new int[] {4}, 3).build().parameterCount());
    }

    @Test
    void badSpecsAreNamed() {
        assertEquals("unknown layer 'transformer'; expected " + ModelSpec.HELP,
                assertThrows(IllegalArgumentException.class, () -> ModelSpec.of("transformer", new int[] {4}, 3).build()).getMessage());
        assertEquals("'x' in 'linear(x)' is not a number",
                assertThrows(IllegalArgumentException.class, () -> ModelSpec.of("linear(x)", new int[] {4}, 3).build()).getMessage());
        assertEquals("'linear(8' is missing a closing parenthesis",
                assertThrows(IllegalArgumentException.class, () -> ModelSpec.of("linear(8", new int[] {4}, 3).build()).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelSpec.of("linear(8)", new int[] {1, 2, 2}, 3).build())
                .getMessage().contains("needs flat input but receives shape [1, 2, 2] (add flatten before it)"));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.of(" ", new int[] {4}, 3));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.of("mlp", new int[] {0}, 3));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.of("mlp", new int[] {4}, 0));
    }

    @Test
    void modelJsonRoundTrips(@TempDir Path tmp) throws IOException {
        ModelSpec spec = ModelSpec.of("flatten,linear(8),relu", new int[] {1, 2, 3}, 4);
        spec.write(tmp);
        Map<String, Object> json = Json.parseObject(Files.readString(tmp.resolve("model.json")));
        assertEquals("kiln.model", json.get("format"));
        assertEquals(List.of(1L, 2L, 3L), json.get("input_shape"));
        assertEquals(spec, ModelSpec.read(tmp));
    }

    @Test
    void saveAndLoadRebuildTheTrainedNetworkInOneCall(@TempDir Path tmp) throws IOException {
        Kiln.manualSeed(3);
        ModelSpec spec = ModelSpec.of("linear(16),relu,dropout(0.5)", new int[] {6}, 3);
        Sequential net = spec.build();
        Tensor x = Tensor.randn(5, 6);
        net.eval();
        Tensor expected;
        try (var off = GradMode.disabled()) {
            expected = net.forward(x);
        }
        Models.save(tmp.resolve("saved"), spec, net);
        Kiln.manualSeed(99);   // a different initialisation: only the saved weights can reproduce the output
        Sequential loaded = Models.load(tmp.resolve("saved"));
        assertFalse(loaded.isTraining(), "loaded in evaluation mode");
        try (var off = GradMode.disabled()) {
            assertArrayEquals(expected.toFloatArray(), loaded.forward(x).toFloatArray());
        }
        var wrong = ModelSpec.of("linear(8),relu", new int[] {6}, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> Models.save(tmp.resolve("bad"), wrong, net));
        assertTrue(e.getMessage().startsWith("Models.save: the model is not what ModelSpec[linear(8),relu, input [6], 3 classes] builds"),
                e.getMessage());
        assertFalse(Files.exists(tmp.resolve("bad/model.json")), "nothing written for a refused save");
    }

    @Test
    void aRunFolderLoadsItsBestCheckpoint(@TempDir Path run) throws IOException {
        ModelSpec spec = ModelSpec.of("linear(4)", new int[] {2}, 2);
        Sequential best = spec.build();
        Models.save(run.resolve("best"), spec, best);   // model.safetensors where a checkpoint keeps it
        Files.delete(run.resolve("best/model.json"));
        spec.write(run);
        Sequential loaded = Models.load(run);
        assertArrayEquals(best.stateDict().get("0.weight").toFloatArray(), loaded.stateDict().get("0.weight").toFloatArray());
    }

    @Test
    void missingOrForeignArchitectureIsAClearMessage(@TempDir Path tmp) throws IOException {
        Path old = Files.createDirectories(tmp.resolve("old-run"));
        Files.writeString(old.resolve("run.json"), "{\"model\": \"mlp\"}");
        String m = assertThrows(IOException.class, () -> Models.load(old)).getMessage();
        assertTrue(m.startsWith(old + ": no model.json (the architecture); this run was trained before Kiln saved it"), m);
        Path foreign = Files.createDirectories(tmp.resolve("foreign"));
        Files.writeString(foreign.resolve("model.json"), "{\"format\": \"keras\"}");
        assertEquals(foreign.resolve("model.json") + ": not a Kiln architecture (\"format\" is \"keras\", expected \"kiln.model\")",
                assertThrows(IOException.class, () -> Models.load(foreign)).getMessage());
        Path noWeights = tmp.resolve("no-weights");
        ModelSpec.of("mlp", new int[] {4}, 2).write(noWeights);
        assertTrue(assertThrows(IOException.class, () -> Models.load(noWeights)).getMessage().contains("but no weights"));
        assertTrue(assertThrows(IOException.class, () -> Models.load(tmp.resolve("absent"))).getMessage().contains("no such folder"));
    }
}
