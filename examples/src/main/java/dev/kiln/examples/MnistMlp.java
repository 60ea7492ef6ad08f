package dev.kiln.examples;

import dev.kiln.data.Batch;
import dev.kiln.data.DataLoader;
import dev.kiln.data.Datasets;
import dev.kiln.data.TensorDataset;
import dev.kiln.nn.Flatten;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.ReLU;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.optim.Adam;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.EvalResult;
import dev.kiln.train.Task;
import dev.kiln.train.Trainer;

/**
 * A multi-layer perceptron on MNIST with a hand-written training loop, the PyTorch way: iterate a
 * {@link DataLoader}, zero the gradients, forward, loss, backward, step.
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp ... dev.kiln.examples.MnistMlp [epochs] [train samples]
 * }</pre>
 */
public final class MnistMlp {
    private MnistMlp() {
    }

    /**
     * Trains and returns the test accuracy.
     *
     * @param epochs passes over the training samples
     * @param trainSamples how many of MNIST-10k's 8,000 training images to use
     * @return the accuracy on the 2,000 test images, in [0, 1]
     */
    public static double run(int epochs, int trainSamples) {
        Kiln.manualSeed(0);
        Datasets.Split mnist = Datasets.mnist10k();
        TensorDataset train = new TensorDataset(mnist.train().inputs().narrow(0, 0, trainSamples),
                mnist.train().targets().narrow(0, 0, trainSamples));
        Sequential model = new Sequential(new Flatten(), new Linear(784, 128), new ReLU(), new Linear(128, 10));
        Adam optimizer = new Adam(model.parameters(), Adam.Options.of(1e-3));
        CrossEntropyLoss loss = new CrossEntropyLoss();
        DataLoader loader = DataLoader.builder(train).batchSize(32).shuffle(true).seed(0).build();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            double sum = 0;
            for (Batch batch : loader) {
                optimizer.zeroGrad(true);
                Tensor l = loss.forward(model.forward(batch.inputs()), batch.targets());
                l.backward();
                optimizer.step();
                sum += l.item();
            }
            System.out.printf("epoch %d: mean loss %.4f%n", epoch, sum / loader.numBatches());
        }
        DataLoader test = DataLoader.builder(mnist.test()).batchSize(256).build();
        EvalResult r = Trainer.evaluate(model, loss::forward, test, Task.CLASSIFICATION);
        System.out.printf("test accuracy: %.2f%%%n", 100 * r.accuracy());
        return r.accuracy();
    }

    /**
     * Runs the example.
     *
     * @param args optional: epochs (default 3), training samples (default 8000)
     */
    public static void main(String[] args) {
        run(args.length > 0 ? Integer.parseInt(args[0]) : 3, args.length > 1 ? Integer.parseInt(args[1]) : 8000);
    }
}
