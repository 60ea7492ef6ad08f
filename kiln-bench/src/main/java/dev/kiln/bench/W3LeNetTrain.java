package dev.kiln.bench;

import dev.kiln.nn.Module;
import dev.kiln.nn.zoo.Models;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;

/**
 * W3: one training step of LeNet-5 (Conv2d(1,6,5,pad 2)-ReLU-MaxPool(2)-Conv2d(6,16,5)-ReLU-MaxPool(2)-
 * Flatten-Linear(400,120)-ReLU-Linear(120,84)-ReLU-Linear(84,10), {@link Models#lenet5}) on a batch of
 * 64×1×28×28 N(0,1) images, cross-entropy, SGD(lr 0.01, momentum 0.9); the protocol of W2.
 */
final class W3LeNetTrain implements Workload {
    static final int BATCH = 64;

    @Override
    public String id() {
        return "w3";
    }

    @Override
    public String title() {
        return "LeNet-5 training step, cross-entropy, SGD momentum 0.9, batch 64";
    }

    @Override
    public void run(BenchContext ctx) {
        Generator g = new Generator(0);
        Tensor x = Tensor.randn(g, BATCH, 1, 28, 28);
        Tensor y = Tensor.randint(g, 0, 10, BATCH);
        ctx.trainBench("w3_lenet_train", BATCH, trainStep(x, y));
    }

    /** The step (zero grad, forward, loss, backward, SGD step) on a fresh LeNet-5 seeded 0, returning the loss. */
    static BenchContext.TrainStep trainStep(Tensor x, Tensor y) {
        Kiln.manualSeed(0);
        Module model = Models.lenet5(10);
        SGD opt = new SGD(model.parameters(), SGD.Options.of(0.01).withMomentum(0.9));
        return BenchContext.TrainStep.crossEntropy(model, opt, x, y);
    }
}
