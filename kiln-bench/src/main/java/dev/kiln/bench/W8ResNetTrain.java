package dev.kiln.bench;

import dev.kiln.nn.Module;
import dev.kiln.nn.zoo.Models;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;

/**
 * W8: one training step of ResNet-18 in its CIFAR variant ({@link Models#resnet18},
 * {@code resnet18_cifar} in bench_torch.py) on a batch of 32×3×32×32 N(0,1) images, cross-entropy,
 * SGD(lr 0.01, momentum 0.9, weight decay 5e-4); 3 warm-up steps, then 3 × 10 timed steps.
 */
final class W8ResNetTrain implements Workload {
    static final int BATCH = 32;

    @Override
    public String id() {
        return "w8";
    }

    @Override
    public String title() {
        return "ResNet-18 (CIFAR variant) training step, SGD momentum 0.9, weight decay 5e-4, batch 32";
    }

    @Override
    public void run(BenchContext ctx) {
        Generator g = new Generator(0);
        Tensor x = Tensor.randn(g, BATCH, 3, 32, 32);
        Tensor y = Tensor.randint(g, 0, 10, BATCH);
        Kiln.manualSeed(0);
        Module model = Models.resnet18(3, 10);
        SGD opt = new SGD(model.parameters(), SGD.Options.of(0.01).withMomentum(0.9).withWeightDecay(5e-4));
        ctx.trainBench("w8_resnet18_train", BATCH, BenchContext.TrainStep.crossEntropy(model, opt, x, y), 3, 10);
    }
}
