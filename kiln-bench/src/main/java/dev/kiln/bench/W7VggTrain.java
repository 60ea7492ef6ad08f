package dev.kiln.bench;

import dev.kiln.nn.Module;
import dev.kiln.nn.zoo.Models;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;

/**
 * W7: one training step of the VGG-style CIFAR CNN with batch normalisation ({@link Models#cifarVgg},
 * {@code cifar_vgg} in bench_torch.py) on a batch of 32×3×32×32 N(0,1) images, cross-entropy,
 * SGD(lr 0.01, momentum 0.9); 10 warm-up steps, then 3 × 50 timed steps.
 */
final class W7VggTrain implements Workload {
    static final int BATCH = 32;

    @Override
    public String id() {
        return "w7";
    }

    @Override
    public String title() {
        return "VGG-style CIFAR CNN with BatchNorm, training step, SGD momentum 0.9, batch 32";
    }

    @Override
    public void run(BenchContext ctx) {
        Generator g = new Generator(0);
        Tensor x = Tensor.randn(g, BATCH, 3, 32, 32);
        Tensor y = Tensor.randint(g, 0, 10, BATCH);
        Kiln.manualSeed(0);
        Module model = Models.cifarVgg(3, 10);
        SGD opt = new SGD(model.parameters(), SGD.Options.of(0.01).withMomentum(0.9));
        ctx.trainBench("w7_cifar_vgg_train", BATCH, BenchContext.TrainStep.crossEntropy(model, opt, x, y), 10, 50);
    }
}
