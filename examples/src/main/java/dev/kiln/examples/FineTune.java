package dev.kiln.examples;

import dev.kiln.data.DataLoader;
import dev.kiln.data.Datasets;
import dev.kiln.data.TensorDataset;
import dev.kiln.io.Safetensors;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.optim.Adam;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.EvalResult;
import dev.kiln.train.FineTuning;
import dev.kiln.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Fine-tuning a pretrained network: a CNN is trained on the MNIST digits 0–4 and saved as
 * safetensors (as PyTorch's {@code state_dict} would be); a new model loads those weights, gets a
 * fresh head for the digits 5–9, freezes everything but the head, and trains only the head.
 */
public final class FineTune {
    private FineTune() {
    }

    /** The test accuracies: the pretrained task, and the new task after training the head only. */
    public record Result(double pretrainedAccuracy, double fineTunedAccuracy, List<String> frozen) {
    }

    /**
     * Pretrains, saves, loads and fine-tunes.
     *
     * @param dir a folder for the pretrained weights
     * @param samples training samples per task
     * @param epochs epochs per task
     * @return both accuracies and the frozen parameter names
     * @throws IOException if the weights cannot be written or read
     */
    public static Result run(Path dir, int samples, int epochs) throws IOException {
        Kiln.manualSeed(0);
        Datasets.Split mnist = Datasets.mnist10k();
        // digits 0-4 are classes 0-4 of the first task; digits 5-9 become classes 0-4 of the second
        TensorDataset firstTrain = digits(mnist.train(), 0, samples);
        TensorDataset firstTest = digits(mnist.test(), 0, 1000);
        TensorDataset secondTrain = digits(mnist.train(), 5, samples);
        TensorDataset secondTest = digits(mnist.test(), 5, 1000);

        Sequential pretrained = MnistCnn.model();
        FineTuning.replaceHead(pretrained, new Linear(16 * 7 * 7, 5));
        double first = train(pretrained, firstTrain, firstTest, epochs, 2e-3);
        Path weights = dir.resolve("pretrained.safetensors");
        Files.createDirectories(dir);
        Safetensors.write(weights, pretrained.stateDict(), Map.of("format", "pt"));

        Sequential model = MnistCnn.model();
        FineTuning.LoadReport loaded = FineTuning.loadPretrained(model, weights, "", "");
        System.out.println("loaded: " + loaded);
        FineTuning.replaceHead(model, new Linear(16 * 7 * 7, 5));
        List<String> frozen = FineTuning.freezeBase(model);
        System.out.println("frozen: " + frozen);
        double second = train(model, secondTrain, secondTest, epochs, 5e-3);
        return new Result(first, second, frozen);
    }

    private static double train(Sequential model, TensorDataset train, TensorDataset test, int epochs, double lr) {
        List<Tensor> trainable = model.parameters().stream().filter(Tensor::requiresGrad).toList();
        CrossEntropyLoss loss = new CrossEntropyLoss();
        Trainer trainer = Trainer.builder(model, loss::forward, new Adam(trainable, Adam.Options.of(lr))).epochs(epochs)
                .progress(System.out).build();
        DataLoader testLoader = DataLoader.builder(test).batchSize(256).build();
        trainer.fit(DataLoader.builder(train).batchSize(32).shuffle(true).seed(0).build(), testLoader);
        EvalResult r = trainer.evaluate(testLoader);
        System.out.printf("test accuracy: %.2f%%%n", 100 * r.accuracy());
        return r.accuracy();
    }

    /** The first {@code limit} samples whose digit is in [from, from + 5), relabelled digit − from. */
    private static TensorDataset digits(TensorDataset all, int from, int limit) {
        long[] labels = all.targets().toLongArray();
        int[] picked = new int[Math.min(limit, labels.length)];
        int n = 0;
        for (int i = 0; i < labels.length && n < picked.length; i++) {
            if (labels[i] >= from && labels[i] < from + 5) {
                picked[n++] = i;
            }
        }
        int[] shape = all.inputs().shape();
        int per = all.inputs().numel() / shape[0];
        float[] source = all.inputs().contiguous().toFloatArray();
        float[] x = new float[n * per];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(source, picked[i] * per, x, i * per, per);
            y[i] = labels[picked[i]] - from;
        }
        int[] outShape = shape.clone();
        outShape[0] = n;
        return new TensorDataset(Tensor.fromArray(x, outShape), Tensor.fromArray(y, n));
    }

    /**
     * Runs the example.
     *
     * @param args optional: a folder for the weights (default a temporary folder)
     * @throws IOException if the weights cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("kiln-finetune");
        Result r = run(dir, 3000, 2);
        System.out.printf("digits 0-4: %.2f%%; digits 5-9 with the head trained only: %.2f%%%n", 100 * r.pretrainedAccuracy(),
                100 * r.fineTunedAccuracy());
    }
}
