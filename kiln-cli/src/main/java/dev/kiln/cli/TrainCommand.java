package dev.kiln.cli;

import dev.kiln.data.DataLoader;
import dev.kiln.data.Splits;
import dev.kiln.data.Subset;
import dev.kiln.data.TensorDataset;
import dev.kiln.nn.Module;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.optim.Adam;
import dev.kiln.optim.AdamW;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.RMSprop;
import dev.kiln.optim.SGD;
import dev.kiln.optim.lr.CosineAnnealingLR;
import dev.kiln.optim.lr.ExponentialLR;
import dev.kiln.optim.lr.LRScheduler;
import dev.kiln.optim.lr.StepLR;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.train.Checkpoint;
import dev.kiln.train.CheckpointCallback;
import dev.kiln.train.EvalResult;
import dev.kiln.train.FineTuning;
import dev.kiln.train.MetricsLog;
import dev.kiln.train.ProgressBar;
import dev.kiln.train.Task;
import dev.kiln.train.Trainer;
import dev.kiln.train.TrainingState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/**
 * {@code kiln train}: trains a classifier and writes a run folder (run.json, metrics.csv,
 * checkpoints, report.html). With no options it trains the 784-512-256-10 MLP (ReLU, Kaiming
 * initialisation, Adam, cosine schedule) on the bundled MNIST-10k.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a classifier and write a run folder with metrics, checkpoints and an HTML report.",
            "With no options: the 784-512-256-10 MLP with Adam and a cosine schedule on the bundled MNIST-10k."})
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "mlp", paramLabel = "SPEC", description = "Network: " + ModelFactory.SPEC_HELP + ". Default ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--data", defaultValue = "mnist10k", paramLabel = "DATA",
            description = "mnist10k, iris, digits, wine, breast-cancer, or a path: an IDX folder (train-*/t10k-* files), an image folder (one sub-folder per class) or a CSV file (label last). Default ${DEFAULT-VALUE}.")
    String data;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam, adamw, sgd (momentum 0.9) or rmsprop. Default ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.001", description = "Learning rate. Default ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--weight-decay", defaultValue = "0", description = "Weight decay (L2 for adam/sgd/rmsprop, decoupled for adamw). Default ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--scheduler", defaultValue = "cosine", description = "cosine (per step, to 0), step (x0.1 every 3 epochs), exponential (x0.9 per epoch) or none. Default ${DEFAULT-VALUE}.")
    String scheduler;

    @Option(names = "--init", defaultValue = "kaiming", description = "Weight initialisation: kaiming, xavier or default (PyTorch's). Default ${DEFAULT-VALUE}.")
    String init;

    @Option(names = "--epochs", defaultValue = "10", description = "Epochs. Default ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32", description = "Mini-batch size. Default ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (initialisation, shuffling, dropout). Default ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--freeze", paramLabel = "PATTERN", description = "Freeze parameters whose names match this glob, e.g. '0.*' (feature extraction).")
    String freeze;

    @Option(names = "--pretrained", paramLabel = "WEIGHTS",
            description = "Start from the weights in this .safetensors file (fine-tuning): keys the model has with the same shape are loaded, the rest (a head for another number of classes) keep their initialisation. Combine with --freeze to train the head only.")
    Path pretrained;

    @Option(names = "--init-from", paramLabel = "MODEL.onnx",
            description = "Fine-tune an imported ONNX model (for example one exported by PyTorch): its graph is the network and its initialisers the starting weights; replaces --model and --init.")
    Path initFrom;

    @Option(names = "--image-size", defaultValue = "28", description = "Side length images of an image folder are resized to. Default ${DEFAULT-VALUE}.")
    int imageSize;

    @Option(names = "--channels", paramLabel = "1|3",
            description = "Read an image folder's images as grey-scale (1) or RGB (3). Default: 3 for resnet18, vgg and an ONNX model with 3 input channels, else 1.")
    Integer channels;

    @Option(names = "--resume", paramLabel = "RUN", description = "Continue the run in this folder from its last checkpoint (up to --epochs in total).")
    Path resume;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default runs/<date-time>); refused if it holds files, unless --force.")
    Path out;

    @Option(names = "--force", description = "Write into an --out folder that already holds files.")
    boolean force;

    @Option(names = "--workers", defaultValue = "1", description = "Data-loading worker threads. Default ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--threads", paramLabel = "N", description = "Threads the tensor ops use (default: one per processor).")
    Integer threads;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Train data-parallel on Apache Spark (local[4], spark://host:7077, yarn): one replica per task slot, each with --batch-size.")
    String spark;

    @Option(names = "--sync-bn", description = "With --spark: BatchNorm layers normalise with the statistics of the global batch (SyncBatchNorm) instead of each replica's.")
    boolean syncBatchNorm;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (spark != null) {
            SparkLauncher.requireSpark();
        } else if (syncBatchNorm) {
            throw new IllegalArgumentException("--sync-bn synchronises BatchNorm across Spark replicas; it needs --spark MASTER");
        }
        RunConfig config;
        if (resume != null) {
            RunConfig saved = RunConfig.load(resume);
            refuseConflicts(saved);
            boolean epochsGiven = spec.commandLine().getParseResult().hasMatchedOption("--epochs");
            if (epochsGiven && epochs < 1) {
                throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
            }
            config = new RunConfig(saved.model(), saved.data(), saved.optimizer(), saved.lr(), saved.scheduler(), saved.init(),
                    epochsGiven ? epochs : saved.epochs(), saved.batchSize(), saved.seed(), saved.freeze(), saved.imageSize(),
                    saved.weightDecay(), saved.pretrained(), saved.classes(), saved.channels());
        } else {
            validate();
            if (initFrom != null) {
                if (!OnnxModels.isOnnx(initFrom.toString())) {
                    throw new IllegalArgumentException("--init-from: expected a .onnx file, got " + initFrom);
                }
                model = initFrom.toAbsolutePath().toString();
            }
            config = new RunConfig(model, data, optimizer, lr, scheduler, init, epochs, batchSize, seed, freeze, imageSize, weightDecay,
                    pretrained == null ? null : pretrained.toAbsolutePath().toString(), null,
                    channels != null ? DataSource.checkChannels(channels) : DataSource.defaultChannels(model));
        }
        System.out.println("kiln train: " + config.model() + " on " + config.data() + ", " + config.optimizer() + " lr " + config.lr()
                + ", " + config.scheduler() + " schedule, " + config.epochs() + " epochs, batch " + config.batchSize() + ", seed " + config.seed());

        Kiln.manualSeed(config.seed());
        if (threads != null) {
            Kiln.setNumThreads(threads);
        }
        DataSource source = DataSource.load(config.data(), config.seed(), config.imageSize(), config.channels());
        if (channels != null && resume == null && (source.sampleShape().length != 3 || source.sampleShape()[0] != channels)) {
            throw new IllegalArgumentException("--channels " + channels + " applies to an image folder; " + source.name() + " has samples of shape "
                    + java.util.Arrays.toString(source.sampleShape()) + ", leave --channels out");
        }
        config = config.withData(source);
        List<Subset> parts = Splits.stratified(source.train(), source.train().targets(), new double[] {0.9, 0.1}, new Generator(config.seed()));
        TensorDataset train = Splits.materialize(parts.get(0));
        TensorDataset validation = Splits.materialize(parts.get(1));
        if (validation.size() == 0) {
            throw new IllegalArgumentException(source.name() + ": " + source.train().size() + " training samples are too few: the 10% validation"
                    + " split (taken per class) is empty; a class gives it a sample from 10 samples on");
        }
        System.out.printf(Locale.ROOT, "data: %s, %d train / %d validation / %d test samples of shape %s, %d classes%n", source.name(),
                train.size(), validation.size(), source.test().size(), java.util.Arrays.toString(source.sampleShape()), source.classes());

        Generator initGen = new Generator(config.seed());
        Module net = OnnxModels.build(config.model(), source.sampleShape(), source.classes());
        if (!OnnxModels.isOnnx(config.model())) {
            ModelFactory.initialise(net, config.init(), initGen);
        }
        boolean continuing = resume != null && Checkpoint.exists(resume.resolve("last"));
        if (config.pretrained() != null && !continuing) {
            FineTuning.LoadReport loaded = FineTuning.loadPretrained(net, Path.of(config.pretrained()), "", "");
            System.out.println("pretrained: " + config.pretrained() + ": " + loaded);
        }
        if (config.freeze() != null) {
            List<String> frozen = net.freeze(config.freeze());
            if (frozen.isEmpty()) {
                throw new IllegalArgumentException("--freeze: no parameter name matches '" + config.freeze() + "'; names are "
                        + net.namedParameters().keySet());
            }
            System.out.println("frozen: " + frozen);
        }
        System.out.println(net.summary(prepend(1, source.sampleShape())));
        // the run folder is made only now that data and model are ready: a failed start leaves none behind
        Path runDir = resume != null ? resume
                : out != null ? RunFolders.prepareOut(out, force) : RunFolders.createUnique(Path.of("runs"), LocalDateTime.now());

        Generator shuffle = new Generator(config.seed() + 1);
        DataLoader trainLoader = DataLoader.builder(train).batchSize(config.batchSize()).shuffle(true).generator(shuffle)
                .numWorkers(workers).build();
        DataLoader validationLoader = DataLoader.builder(validation).batchSize(256).build();
        DataLoader testLoader = DataLoader.builder(source.test()).batchSize(256).build();

        Optimizer<?> opt = optimizer(config, net);
        long stepsPerEpoch = trainLoader.numBatches();
        LRScheduler sched = scheduler(config, opt, stepsPerEpoch);

        List<Generator> generators = List.of(shuffle, Kiln.defaultGenerator());
        int doneEpochs = 0;
        long doneSteps = 0;
        if (resume != null && !continuing) {
            // killed while writing its first checkpoint: nothing to continue from, and the logs belong to no checkpoint
            System.out.println("kiln train: " + runDir + " has no complete checkpoint (stopped during its first one); starting it from scratch");
            RunFolders.removeLogs(runDir);
        } else if (continuing) {
            Map<String, Object> state = TrainingState.restore(runDir.resolve("last"), net, opt, sched, generators);
            doneEpochs = ((Number) state.get("epoch")).intValue();
            doneSteps = ((Number) state.get("step")).longValue();
            if (doneEpochs >= config.epochs()) {
                throw new IllegalArgumentException("the run in " + runDir + " has already trained " + doneEpochs + " of its " + config.epochs()
                        + " epochs; give --epochs with a larger total to train on");
            }
            int removed = RunFolders.cutLogsBack(runDir, doneEpochs, doneSteps);
            System.out.println("resumed from " + runDir.resolve("last") + " after epoch " + doneEpochs
                    + (removed > 0 ? " (" + removed + " log rows written after that checkpoint removed)" : ""));
        }
        config.save(runDir);
        if (!OnnxModels.isOnnx(config.model())) {   // the architecture beside the weights, for Models.load(runDir)
            dev.kiln.nn.zoo.ModelSpec.of(config.model(), source.sampleShape(), source.classes()).write(runDir);
        } else {
            System.out.println("model.json: not written: the network is the imported ONNX graph " + config.model()
                    + ", which a model spec cannot describe; rebuild it with Onnx.load of that file and load best/model.safetensors into it"
                    + " (or 'kiln export " + runDir + " fine-tuned.onnx')");
        }
        if (spark != null) {
            // the replicas train on Spark and checkpoint into last/; what follows evaluates that checkpoint
            SparkTraining.fit(spark, runDir, config, continuing, syncBatchNorm);
            Map<String, Object> state = TrainingState.restore(runDir.resolve("last"), net, opt, sched, generators);
            doneEpochs = ((Number) state.get("epoch")).intValue();
            doneSteps = ((Number) state.get("step")).longValue();
        }
        CrossEntropyLoss loss = new CrossEntropyLoss();
        Trainer trainer = withScheduler(Trainer.builder(net, loss::forward, opt), config, sched).epochs(config.epochs())
                .resumeFrom(doneEpochs, doneSteps).progress(System.out, ProgressBar.Display.forStandardOutput())
                .callback(new MetricsLog(runDir)).callback(new dev.kiln.train.LearningRateLog(runDir)).callback(new CheckpointCallback(runDir, generators, Task.CLASSIFICATION)).build();
        if (spark == null) {
            trainer.fit(trainLoader, validationLoader);
        }

        EvalResult lastTest = trainer.evaluate(testLoader);
        TestFigure figure = TestFigure.measure(runDir, trainer, testLoader, lastTest);
        TestAnalysis.of(net, source.test(), source.classes()).save(runDir, config.classes(), figure.checkpoint());
        figure.save(runDir, source.classes());
        RunReport.write(runDir, "Kiln run: " + config.model() + " on " + source.name());
        System.out.println("run folder: " + runDir.toAbsolutePath() + " (report.html, metrics.csv, last/, best/)");
        System.out.printf(Locale.ROOT, "last epoch's weights (epoch %d): test accuracy %.2f%%%n", trainer.epoch(), 100 * lastTest.accuracy());
        System.out.printf(Locale.ROOT, "test accuracy: %.2f%% (%s)%n", 100 * figure.test().accuracy(), figure.label());
        return 0;
    }

    /** Refuses options given with --resume that differ from the saved run's configuration. */
    private void refuseConflicts(RunConfig saved) {
        var parsed = spec.commandLine().getParseResult();
        List<String> conflicts = new java.util.ArrayList<>();
        record Setting(String option, Object given, Object saved) {
        }
        for (Setting s : List.of(new Setting("--model", model, saved.model()), new Setting("--data", data, saved.data()),
                new Setting("--optimizer", optimizer, saved.optimizer()), new Setting("--lr", lr, saved.lr()),
                new Setting("--scheduler", scheduler, saved.scheduler()), new Setting("--init", init, saved.init()),
                new Setting("--batch-size", batchSize, saved.batchSize()), new Setting("--seed", seed, saved.seed()),
                new Setting("--weight-decay", weightDecay, saved.weightDecay()), new Setting("--image-size", imageSize, saved.imageSize()),
                new Setting("--freeze", freeze, saved.freeze()), new Setting("--channels", channels, saved.channels()),
                new Setting("--pretrained", pretrained == null ? null : pretrained.toAbsolutePath().toString(), saved.pretrained()))) {
            if (parsed.hasMatchedOption(s.option()) && !java.util.Objects.equals(s.given(), s.saved())) {
                conflicts.add(s.option() + " " + s.given() + " (the run has " + s.saved() + ")");
            }
        }
        if (parsed.hasMatchedOption("--out")) {
            conflicts.add("--out (a resumed run writes into its own folder)");
        }
        if (!conflicts.isEmpty()) {
            throw new IllegalArgumentException("--resume continues " + resume + " as it was configured; these options conflict with it: "
                    + String.join(", ", conflicts) + ". Leave them out, or start a new run.");
        }
    }

    private void validate() {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("--lr must be a positive number, got " + lr);
        }
        if (imageSize < 1) {
            throw new IllegalArgumentException("--image-size must be positive, got " + imageSize);
        }
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (workers < 0) {
            throw new IllegalArgumentException("--workers must be non-negative, got " + workers);
        }
    }

    private static int[] prepend(int first, int[] rest) {
        int[] out = new int[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    /** The optimiser; --weight-decay applies to weights only (not biases, norm layers or PReLU slopes: ParamGroups.splitDecay). */
    static Optimizer<?> optimizer(RunConfig c, Module net) {
        List<dev.kiln.optim.ParamGroupSpec> groups = dev.kiln.optim.ParamGroups.splitDecay(net);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("the model has no trainable parameters (is everything frozen?)");
        }
        return switch (c.optimizer().toLowerCase(Locale.ROOT)) {
            case "adam" -> new Adam(Adam.Options.of(c.lr()).withWeightDecay(c.weightDecay()), groups);
            case "adamw" -> new AdamW(Adam.Options.of(c.lr()).withWeightDecay(c.weightDecay()), groups);
            case "sgd" -> new SGD(SGD.Options.of(c.lr()).withMomentum(0.9).withWeightDecay(c.weightDecay()), groups);
            case "rmsprop" -> new RMSprop(RMSprop.Options.of(c.lr()).withWeightDecay(c.weightDecay()), groups);
            default -> throw new IllegalArgumentException("--optimizer: expected adam, adamw, sgd or rmsprop, got '" + c.optimizer() + "'");
        };
    }

    /** {@return whether the run's schedule steps after every batch (cosine over all steps) rather than every epoch} */
    static boolean schedulePerStep(RunConfig c) {
        return c.scheduler().equalsIgnoreCase("cosine");
    }

    /** {@return {@code b} with the run's schedule, stepped per batch or per epoch as {@link #schedulePerStep} says} */
    static Trainer.Builder withScheduler(Trainer.Builder b, RunConfig c, LRScheduler sched) {
        return schedulePerStep(c) ? b.schedulerPerStep(sched) : b.schedulerPerEpoch(sched);
    }

    static LRScheduler scheduler(RunConfig c, Optimizer<?> opt, long stepsPerEpoch) {
        return switch (c.scheduler().toLowerCase(Locale.ROOT)) {
            case "cosine" -> new CosineAnnealingLR(opt, c.epochs() * stepsPerEpoch, 0);
            case "step" -> new StepLR(opt, 3, 0.1);
            case "exponential" -> new ExponentialLR(opt, 0.9);
            case "none" -> null;
            default -> throw new IllegalArgumentException("--scheduler: expected cosine, step, exponential or none, got '" + c.scheduler() + "'");
        };
    }
}
