package dev.kiln.cli.lab;

import dev.kiln.autograd.GradMode;
import dev.kiln.data.Datasets;
import dev.kiln.data.TensorDataset;
import dev.kiln.nn.Module;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.optim.Optimizer;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * The small training loops the lab's experiments share: one epoch of mini-batch training over
 * tensors, and the cross-entropy and accuracy of a classifier, plus the bundled 8×8 digits
 * scaled to [0, 1] and split in two.
 */
final class LabTraining {
    private LabTraining() {
    }

    /** Inputs and int64 labels. */
    record Data(Tensor x, Tensor y) {
        int size() {
            return x.size(0);
        }

        /** Rows {@code from} (inclusive) to {@code to} (exclusive). */
        Data rows(int from, int to) {
            return new Data(x.narrow(0, from, to - from), y.narrow(0, from, to - from));
        }
    }

    /** The 1,797 optical digits (64 features in [0, 1]) shuffled with {@code seed}. */
    static Data digits(long seed) {
        TensorDataset d = Datasets.digits();
        Tensor order = Tensor.randn(new Generator(seed), d.size()).argsort(0, false);
        return new Data(d.inputs().to(DType.FLOAT32).div(16).indexSelect(0, order).contiguous(),
                d.targets().indexSelect(0, order).contiguous());
    }

    /**
     * One epoch: the data shuffled with {@code g} and cut into batches of {@code batch}; returns
     * the loss of every iteration.
     */
    static double[] epoch(Module model, Optimizer<?> opt, Data data, int batch, Generator g) {
        return epoch(model, opt, data, batch, g, () -> { });
    }

    /** One epoch as {@link #epoch(Module, Optimizer, Data, int, Generator)}, running {@code afterStep} after each optimiser step. */
    static double[] epoch(Module model, Optimizer<?> opt, Data data, int batch, Generator g, Runnable afterStep) {
        int n = data.size();
        Tensor order = Tensor.randn(g, n).argsort(0, false);
        int iterations = (n + batch - 1) / batch;
        double[] losses = new double[iterations];
        CrossEntropyLoss loss = new CrossEntropyLoss();
        model.train();
        for (int i = 0; i < iterations; i++) {
            Tensor idx = order.narrow(0, i * batch, Math.min(batch, n - i * batch));
            opt.zeroGrad();
            Tensor l = loss.forward(model.forward(data.x().indexSelect(0, idx)), data.y().indexSelect(0, idx));
            l.backward();
            opt.step();
            afterStep.run();
            losses[i] = l.item();
        }
        return losses;
    }

    /** The mean cross-entropy of the model on the data, in evaluation mode. */
    static double loss(Module model, Data data) {
        model.eval();
        try (var off = GradMode.disabled()) {
            return new CrossEntropyLoss().forward(model.forward(data.x()), data.y()).item();
        } finally {
            model.train();
        }
    }

    /** The fraction of correctly classified samples, in evaluation mode. */
    static double accuracy(Module model, Data data) {
        model.eval();
        try (var off = GradMode.disabled()) {
            Tensor predicted = model.forward(data.x()).argmax(1, false);
            return predicted.eq(data.y()).to(DType.FLOAT64).mean().item();
        } finally {
            model.train();
        }
    }
}
