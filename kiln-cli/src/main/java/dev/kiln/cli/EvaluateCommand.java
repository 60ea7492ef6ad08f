package dev.kiln.cli;

import dev.kiln.data.DataLoader;
import dev.kiln.io.Safetensors;
import dev.kiln.nn.Module;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.ConfusionMatrix;
import dev.kiln.train.EvalResult;
import dev.kiln.train.Trainer;
import dev.kiln.data.Batch;
import dev.kiln.autograd.GradMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kiln evaluate}: loads a run folder's best (or last) checkpoint, a safetensors weight file
 * (for example one saved by PyTorch) with {@code --model}, or an ONNX model, and reports loss, accuracy and the
 * confusion matrix on the test split of the data.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a trained model on the test split: a run folder, a .safetensors file with --model, or a .onnx model."})
final class EvaluateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN|WEIGHTS|ONNX", description = "A run folder written by 'kiln train', a .safetensors state dict, or a .onnx model.")
    Path source;

    @Option(names = "--data", paramLabel = "DATA", description = "Data to evaluate on (default: the run's data, or mnist10k for a weight or ONNX file).")
    String data;

    @Option(names = "--model", paramLabel = "SPEC", description = "The architecture of a weight file: mlp, lenet, cnn or a layer spec.")
    String model;

    @Option(names = "--checkpoint", defaultValue = "best", description = "best or last (for a run folder). Default ${DEFAULT-VALUE}.")
    String checkpoint;

    @Override
    public Integer call() throws IOException {
        Loaded loaded = load(source, model, data, checkpoint);
        DataLoader test = DataLoader.builder(loaded.data().test()).batchSize(256).build();
        EvalResult r = Trainer.evaluate(loaded.model(), new CrossEntropyLoss()::forward, test, true);
        ConfusionMatrix cm = new ConfusionMatrix(loaded.data().classes());
        loaded.model().eval();
        try (var off = GradMode.disabled()) {
            for (Batch b : test) {
                cm.add(loaded.model().forward(b.inputs()), b.targets());
            }
        }
        System.out.printf(Locale.ROOT, "evaluated %s on %s: %d test samples%n", source, loaded.data().name(), r.samples());
        System.out.print(cm);
        System.out.printf(Locale.ROOT, "test loss: %.4f%n", r.loss());
        System.out.printf(Locale.ROOT, "top-5 accuracy: %.2f%%%n", 100 * r.top5Accuracy());
        System.out.printf(Locale.ROOT, "test accuracy: %.2f%%%n", 100 * r.accuracy());
        return 0;
    }

    /** A model with its weights and the data it is evaluated on. */
    record Loaded(Module model, DataSource data) {
    }

    static Loaded load(Path source, String modelOption, String dataOption, String which) throws IOException {
        if (!Files.exists(source)) {
            throw new IOException(source + ": no such run folder or weight file");
        }
        if (Files.isDirectory(source)) {
            RunConfig config = RunConfig.load(source);
            DataSource d = DataSource.load(dataOption != null ? dataOption : config.data(), config.seed(), config.imageSize());
            Module net = OnnxModels.build(config.model(), d.sampleShape(), d.classes());
            Path dir = source.resolve(which.equals("last") ? "last" : "best");
            if (!Files.isDirectory(dir)) {
                dir = source.resolve("last");
            }
            loadWeights(net, dir.resolve("model.safetensors"));
            return new Loaded(net, d);
        }
        if (OnnxModels.isOnnx(source.toString())) {
            DataSource d = DataSource.load(dataOption != null ? dataOption : "mnist10k", 0, 28);
            return new Loaded(OnnxModels.load(source, d.sampleShape(), d.classes()), d);
        }
        if (modelOption == null) {
            throw new IllegalArgumentException("evaluating a weight file needs --model (mlp, lenet, cnn or a layer spec)");
        }
        DataSource d = DataSource.load(dataOption != null ? dataOption : "mnist10k", 0, 28);
        Module net = ModelFactory.build(modelOption, d.sampleShape(), d.classes());
        loadWeights(net, source);
        return new Loaded(net, d);
    }

    private static void loadWeights(Module net, Path file) throws IOException {
        Map<String, Tensor> weights = Safetensors.read(file).tensors();
        try {
            net.loadStateDict(weights, true);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not fit the model: " + e.getMessage(), e);
        }
    }
}
