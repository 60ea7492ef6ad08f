package dev.kiln.cli;

import dev.kiln.data.DataLoader;
import dev.kiln.io.Safetensors;
import dev.kiln.nn.Module;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.tensor.Tensor;
import dev.kiln.train.Checkpoint;
import dev.kiln.train.ConfusionMatrix;
import dev.kiln.train.EvalResult;
import dev.kiln.train.Task;
import dev.kiln.train.Trainer;
import dev.kiln.data.Batch;
import dev.kiln.autograd.GradMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        EvalResult r = Trainer.evaluate(loaded.model(), new CrossEntropyLoss()::forward, test, Task.CLASSIFICATION);
        ConfusionMatrix cm = new ConfusionMatrix(loaded.data().classes());
        loaded.model().eval();
        try (var off = GradMode.disabled()) {
            for (Batch b : test) {
                cm.add(loaded.model().forward(b.inputs()), b.targets());
            }
        }
        System.out.printf(Locale.ROOT, "evaluated %s (%s) on %s: %d test samples%n", source, loaded.weights(), loaded.data().name(), r.samples());
        if (loaded.classNames() != null) {
            List<String> legend = new java.util.ArrayList<>();
            for (int i = 0; i < loaded.classNames().size(); i++) {
                legend.add(i + " = " + loaded.classNames().get(i));
            }
            System.out.println("classes: " + String.join(", ", legend));
        }
        System.out.print(cm.format(loaded.classNames() != null ? loaded.classNames() : List.of()));
        System.out.printf(Locale.ROOT, "test loss: %.4f%n", r.loss());
        if (loaded.data().classes() > 5) {
            System.out.printf(Locale.ROOT, "top-5 accuracy: %.2f%%%n", 100 * r.top5Accuracy());
        }
        System.out.printf(Locale.ROOT, "test accuracy: %.2f%% (%s)%n", 100 * r.accuracy(), loaded.weights());
        return 0;
    }

    /**
     * A model with its weights and the data it is evaluated on.
     *
     * @param model the model
     * @param data the data
     * @param weights which weights were loaded, e.g. "best checkpoint, epoch 7 of 10" or the file
     * @param classNames the class names (from run.json or the data), or null
     */
    record Loaded(Module model, DataSource data, String weights, List<String> classNames) {
        /** The name of class {@code i}: its name if the classes have names, else "class i". */
        String className(int i) {
            return classNames != null && i < classNames.size() ? classNames.get(i) : "class " + i;
        }
    }

    static Loaded load(Path source, String modelOption, String dataOption, String which) throws IOException {
        if (!which.equals("best") && !which.equals("last")) {
            throw new IllegalArgumentException("--checkpoint: expected best or last, got '" + which + "'");
        }
        if (!Files.exists(source)) {
            throw new IOException(source + ": no such run folder or weight file");
        }
        if (Files.isDirectory(source)) {
            RunConfig config = RunConfig.load(source);
            // an image folder is read as the run read its training images (run.json's channels and image size)
            DataSource d = DataSource.load(dataOption != null ? dataOption : config.data(), config.seed(), config.imageSize(), config.channels());
            Module net = OnnxModels.build(config.model(), d.sampleShape(), d.classes());
            if (!which.equals("best") && !which.equals("last")) {
                throw new IllegalArgumentException("--checkpoint: expected best or last, got '" + which + "'");
            }
            Path dir = checkpoint(source, which);
            String used = dir.getFileName().toString().replaceFirst("^\\.", "").replaceFirst("\\.old$", "");
            loadWeights(net, dir.resolve(Checkpoint.MODEL_FILE));
            return new Loaded(net, d, used + " checkpoint" + checkpointEpoch(dir, used, config.epochs()),
                    config.classes() != null ? config.classes() : d.classNames());
        }
        if (OnnxModels.isOnnx(source.toString())) {
            DataSource d = DataSource.load(dataOption != null ? dataOption : "mnist10k", 0, 28, DataSource.defaultChannels(source.toString()));
            return new Loaded(OnnxModels.load(source, d.sampleShape(), d.classes()), d, "ONNX model " + source.getFileName(), d.classNames());
        }
        if (modelOption == null) {
            throw new IllegalArgumentException("evaluating a weight file needs --model (mlp, lenet, cnn or a layer spec)");
        }
        DataSource d = DataSource.load(dataOption != null ? dataOption : "mnist10k", 0, 28, DataSource.defaultChannels(modelOption));
        Module net = ModelFactory.build(modelOption, d.sampleShape(), d.classes());
        loadWeights(net, source);
        return new Loaded(net, d, "weights " + source.getFileName(), d.classNames());
    }

    /** ", epoch N of M" from a checkpoint's state.json, or "" if it cannot be read. */
    private static String checkpointEpoch(Path checkpoint, String used, int epochs) {
        try {
            Map<String, Object> state = dev.kiln.io.Json.parseObject(Files.readString(checkpoint.resolve("state.json")));
            Object epoch = state.containsKey("best_epoch") && used.equals("best")
                    ? state.get("best_epoch") : state.get("epoch");
            return epoch instanceof Number n ? ", epoch " + n.intValue() + " of " + epochs : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * The run's checkpoint folder {@code which} (best or last), falling back, as {@code --resume}
     * does, to its {@code .NAME.old} copy left by a crash, and from best to last.
     */
    static Path checkpoint(Path run, String which) throws IOException {
        for (String name : which.equals("last") ? List.of("last") : List.of("best", "last")) {
            if (Checkpoint.exists(run.resolve(name))) {
                return Checkpoint.resolve(run.resolve(name));
            }
        }
        throw new IOException(run + ": no complete checkpoint (" + (which.equals("last") ? "last/" : "best/ or last/")
                + "): the run stopped before the end of its first epoch");
    }

    private static void loadWeights(Module net, Path file) throws IOException {
        // names and shapes are checked from the header first, so a file that cannot fit is refused before its data are read
        Map<String, Tensor> expected = net.stateDict();
        List<String> problems = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Safetensors.TensorInfo t : Safetensors.header(file)) {
            seen.add(t.name());
            Tensor e = expected.get(t.name());
            if (e == null) {
                problems.add("unexpected key '" + t.name() + "'");
            } else if (!java.util.Arrays.equals(e.shape(), t.shape())) {
                problems.add(t.name() + " (file " + java.util.Arrays.toString(t.shape()) + ", model " + java.util.Arrays.toString(e.shape()) + ")");
            }
        }
        for (String k : expected.keySet()) {
            if (!seen.contains(k)) {
                problems.add("missing key '" + k + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException(file + " does not fit the model: " + String.join(", ", problems.subList(0, Math.min(8, problems.size())))
                    + (problems.size() > 8 ? " and " + (problems.size() - 8) + " more" : ""));
        }
        Map<String, Tensor> weights = Safetensors.read(file).tensors();
        try {
            net.loadStateDict(weights, true);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not fit the model: " + e.getMessage(), e);
        }
    }
}
