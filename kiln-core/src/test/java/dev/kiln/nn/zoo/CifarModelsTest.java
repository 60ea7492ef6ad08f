package dev.kiln.nn.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Module;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ResNet-18 (CIFAR variant) and the VGG-style CIFAR net of the benchmarks: sizes and state-dict layout as
 * PyTorch's {@code resnet18_cifar()} / {@code cifar_vgg()} of bench_torch.py report them (11,173,962 and
 * 160,554 parameters; 122 and 37 state-dict entries), shapes, and that SGD steps lower the loss on a batch.
 */
class CifarModelsTest {
    @Test
    void resnet18MatchesPyTorchsLayout() {
        Kiln.manualSeed(0);
        Module net = Models.resnet18(3, 10);
        assertEquals(11_173_962, net.parameterCount());
        Map<String, Tensor> sd = net.stateDict();
        assertEquals(122, sd.size());
        assertEquals(List.of("0.weight", "1.weight", "1.bias"), sd.keySet().stream().limit(3).toList());
        assertNotNull(sd.get("5.shortcut.0.weight"), "stage 2 starts with a projection shortcut");
        assertArrayEquals(new int[] {128, 64, 1, 1}, sd.get("5.shortcut.0.weight").shape());
        assertNotNull(sd.get("5.shortcut.1.running_var"));
        assertTrue(sd.keySet().stream().noneMatch(k -> k.startsWith("4.shortcut")), "identity shortcut of stage 1");
        assertArrayEquals(new int[] {10, 512}, sd.get("13.weight").shape());
        Tensor out = net.eval().forward(Tensor.randn(new Generator(1), 2, 3, 32, 32));
        assertArrayEquals(new int[] {2, 10}, out.shape());
    }

    @Test
    void cifarVggMatchesPyTorchsLayout() {
        Module net = Models.cifarVgg(3, 10);
        assertEquals(160_554, net.parameterCount());
        Map<String, Tensor> sd = net.stateDict();
        assertEquals(37, sd.size());
        assertArrayEquals(new int[] {10, 2048}, sd.get("19.weight").shape());
        assertNotNull(sd.get("15.num_batches_tracked"));
    }

    @Test
    void trainingStepsLowerTheLossOnABatch() {
        Kiln.manualSeed(3);
        Generator g = new Generator(3);
        Tensor y = Tensor.randint(g, 0, 4, 4);
        assertLearns(Models.resnet18(3, 4), Tensor.randn(g, 4, 3, 8, 8), y, 2);
        assertLearns(Models.cifarVgg(3, 4), Tensor.randn(g, 4, 3, 32, 32), y, 4);
    }

    /** Plain SGD steps (lr 0.01) on one batch lower the training loss at every step. */
    private static void assertLearns(Module net, Tensor images, Tensor labels, int steps) {
        SGD opt = new SGD(net.parameters(), SGD.Options.of(0.01));
        CrossEntropyLoss loss = new CrossEntropyLoss();
        double previous = Double.MAX_VALUE;
        for (int step = 0; step <= steps; step++) {
            opt.zeroGrad();
            Tensor l = loss.forward(net.forward(images), labels);
            assertTrue(l.item() < previous, "step " + step + ": loss " + l.item() + " after " + previous);
            previous = l.item();
            l.backward();
            opt.step();
        }
    }
}
