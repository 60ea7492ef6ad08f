package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.FunctionContext;
import dev.kiln.autograd.GradCheck;
import dev.kiln.data.Datasets;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every example runs, tiny, and learns (accuracies well above chance on held-out data). */
class ExamplesTest {
    @Test
    void mlpOnMnistLearns() {
        double accuracy = MnistMlp.run(1, 2000);
        assertTrue(accuracy > 0.75, "10 classes, chance is 0.1: " + accuracy);
    }

    @Test
    void cnnOnMnistLearns() {
        double accuracy = MnistCnn.run(1, 600, 300);
        assertTrue(accuracy > 0.5, "10 classes, chance is 0.1: " + accuracy);
    }

    @Test
    void residualNetworkLearnsTheDigits() {
        ResidualNetwork net = new ResidualNetwork(64, 32, 10);
        assertEquals(List.of("input", "block1", "block2", "output"), List.copyOf(net.namedChildren().keySet()));
        assertTrue(net.namedParameters().containsKey("block1.fc2.weight"));
        Tensor x = Tensor.randn(5, 64);
        assertEquals(List.of(5, 10), List.of(net.forward(x).shape()[0], net.forward(x).shape()[1]));
        var summary = net.summary(1, 64);
        assertEquals(List.of("", "input", "block1", "block1.norm", "block1.fc1", "block1.fc2", "block2", "block2.norm",
                "block2.fc1", "block2.fc2", "output"), summary.rows().stream().map(dev.kiln.nn.Summary.Row::name).toList());
        assertEquals(List.of(64, 32), List.of(summary.rows().get(4).outputShape()[1], summary.rows().get(5).outputShape()[1]),
                "fc1 widens to 64, fc2 projects back to the residual stream's 32");
        double accuracy = ResidualNetwork.run(3);
        assertTrue(accuracy > 0.8, "10 classes of 8x8 digits: " + accuracy);
    }

    @Test
    void swishBackwardMatchesItsDerivativeAndFiniteDifferences() {
        Tensor grad = CustomFunction.run();
        // the analytic derivative σ(x)(1 + x(1 − σ(x))) at x = 0 is 0.5: check one known point too
        Tensor zero = Tensor.zeros(1).to(DType.FLOAT64).requiresGrad(true);
        new CustomFunction.Swish().apply(zero).sum().backward();
        assertEquals(0.5, zero.grad().item(), 1e-12);
        assertEquals(12, grad.numel());
    }

    @Test
    void gradCheckCatchesAWrongBackward() {
        CustomFunction.Swish wrong = new CustomFunction.Swish() {
            @Override
            protected Tensor[] backward(FunctionContext ctx, Tensor gradOutput) {
                return new Tensor[] {gradOutput.mul(ctx.savedTensors()[1])}; // forgets the x·σ'(x) term
            }
        };
        Tensor x = Tensor.randn(3).to(DType.FLOAT64).requiresGrad(true);
        assertThrows(AssertionError.class, () -> GradCheck.check(in -> wrong.apply(in[0]), x));
    }

    @Test
    void fineTuningTrainsOnlyTheNewHead(@TempDir Path tmp) throws IOException {
        FineTune.Result r = FineTune.run(tmp, 600, 1);
        assertTrue(Files.isRegularFile(tmp.resolve("pretrained.safetensors")));
        assertEquals(List.of("0.weight", "0.bias", "3.weight", "3.bias"), r.frozen(), "the convolutions are frozen, the head is not");
        assertTrue(r.pretrainedAccuracy() > 0.6, "5 classes, chance 0.2: " + r.pretrainedAccuracy());
        assertTrue(r.fineTunedAccuracy() > 0.5, "5 new classes from frozen features, chance 0.2: " + r.fineTunedAccuracy());
    }

    @Test
    void trainsFromAnImageFolder(@TempDir Path tmp) throws IOException {
        // an image folder made of real MNIST digits: 40 zeros and 40 ones as PNG files
        Datasets.Split mnist = Datasets.mnist10k();
        float[] pixels = mnist.train().inputs().contiguous().toFloatArray();
        long[] labels = mnist.train().targets().toLongArray();
        int[] written = new int[2];
        for (int i = 0; i < labels.length && (written[0] < 40 || written[1] < 40); i++) {
            int label = (int) labels[i];
            if (label > 1 || written[label] == 40) {
                continue;
            }
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 28 * 28; p++) {
                int v = Math.round(255 * Math.clamp(pixels[i * 784 + p], 0f, 1f));
                img.getRaster().setSample(p % 28, p / 28, 0, v);
            }
            Path dir = tmp.resolve(label == 0 ? "zero" : "one");
            Files.createDirectories(dir);
            ImageIO.write(img, "png", dir.resolve(written[label]++ + ".png").toFile());
        }
        ImageFolderTraining.Result r = ImageFolderTraining.run(tmp, 16, 3);
        assertEquals(List.of("one", "zero"), r.classes(), "classes are the sorted folder names");
        assertTrue(r.testAccuracy() > 0.8, "zeros against ones: " + r.testAccuracy());
    }
}
