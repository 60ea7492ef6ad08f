package dev.kiln.examples;

import dev.kiln.data.DataLoader;
import dev.kiln.data.Datasets;
import dev.kiln.data.TensorDataset;
import dev.kiln.nn.Conv2d;
import dev.kiln.nn.Flatten;
import dev.kiln.nn.Linear;
import dev.kiln.nn.MaxPool2d;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.ReLU;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.optim.Adam;
import dev.kiln.tensor.Kiln;
import dev.kiln.train.EvalResult;
import dev.kiln.train.Trainer;

/**
 * A small convolutional network on MNIST trained with {@link Trainer}: two convolution – ReLU –
 * max-pool stages and a linear classifier. Prints the model summary (output shapes, parameters).
 */
public final class MnistCnn {
    private MnistCnn() {
    }

    /**
     * The network: Conv2d(1, 8, 3, pad 1) – ReLU – MaxPool(2) – Conv2d(8, 16, 3, pad 1) – ReLU –
     * MaxPool(2) – Flatten – Linear(16·7·7, 10), for 1×28×28 images.
     *
     * @return the untrained model
     */
    public static Sequential model() {
        return new Sequential(new Conv2d(1, 8, 3, 1, 1), new ReLU(), new MaxPool2d(2), new Conv2d(8, 16, 3, 1, 1), new ReLU(),
                new MaxPool2d(2), new Flatten(), new Linear(16 * 7 * 7, 10));
    }

    /**
     * Trains and returns the test accuracy.
     *
     * @param epochs epochs
     * @param trainSamples how many training images to use
     * @param testSamples how many test images to evaluate on
     * @return the test accuracy in [0, 1]
     */
    public static double run(int epochs, int trainSamples, int testSamples) {
        Kiln.manualSeed(0);
        Datasets.Split mnist = Datasets.mnist10k();
        TensorDataset train = new TensorDataset(mnist.train().inputs().narrow(0, 0, trainSamples),
                mnist.train().targets().narrow(0, 0, trainSamples));
        TensorDataset test = new TensorDataset(mnist.test().inputs().narrow(0, 0, testSamples),
                mnist.test().targets().narrow(0, 0, testSamples));
        Sequential model = model();
        System.out.println(model.summary(1, 1, 28, 28));
        Adam optimizer = new Adam(model.parameters(), Adam.Options.of(2e-3));
        CrossEntropyLoss loss = new CrossEntropyLoss();
        Trainer trainer = Trainer.builder(model, loss::forward, optimizer).epochs(epochs).progress(System.out).build();
        DataLoader testLoader = DataLoader.builder(test).batchSize(256).build();
        trainer.fit(DataLoader.builder(train).batchSize(32).shuffle(true).seed(0).build(), testLoader);
        EvalResult r = trainer.evaluate(testLoader);
        System.out.printf("test accuracy: %.2f%%%n", 100 * r.accuracy());
        return r.accuracy();
    }

    /**
     * Runs the example.
     *
     * @param args optional: epochs (default 2), training samples (default 8000)
     */
    public static void main(String[] args) {
        run(args.length > 0 ? Integer.parseInt(args[0]) : 2, args.length > 1 ? Integer.parseInt(args[1]) : 8000, 2000);
    }
}
