package dev.kiln.cli;

import dev.kiln.data.Splits;
import dev.kiln.data.Subset;
import dev.kiln.data.TensorDataset;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tune.CategoricalDistribution;
import dev.kiln.tune.Distribution;
import dev.kiln.tune.FrozenTrial;
import dev.kiln.tune.Pruner;
import dev.kiln.tune.Pruners;
import dev.kiln.tune.Sampler;
import dev.kiln.tune.Samplers;
import dev.kiln.tune.Storage;
import dev.kiln.tune.Storages;
import dev.kiln.tune.Study;
import dev.kiln.tune.StudyDirection;
import dev.kiln.tune.Trial;
import dev.kiln.tune.TrialState;
import dev.kiln.tune.TrialsExport;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kiln tune}: searches {@code kiln train}'s options with a sampler and a pruner, minimising
 * each trial's validation loss (cross-entropy; the train split is cut 90/10 into train and
 * validation exactly as {@code kiln train} does — on small sets the loss separates configurations
 * that the accuracy of a few validation samples ties). The test split is used once, by the best
 * configuration, retrained into the study folder's {@code best/} run. Trial 0 is always
 * {@code kiln train}'s configuration (the fixed options) and is never pruned, so the search never
 * ends worse than it on validation.
 */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Search kiln train's options (hyper-parameters) on the validation split; retrain the best and test it once.",
            "Example: kiln tune --data wine --trials 40 --sampler tpe --space \"lr=log(1e-4,1e-1); batch-size=choice(16,32,64)\" "
                + "--epochs 20 --pruner asha --parallel 2"})
final class TuneCommand implements Callable<Integer> {
    @Option(names = "--data", defaultValue = "mnist10k", paramLabel = "DATA", description = "Any data set kiln train accepts. Default ${DEFAULT-VALUE}.")
    String data;

    @Option(names = "--space", defaultValue = "lr=log(1e-4,1e-1); batch-size=choice(16,32,64)", paramLabel = "SPACE",
            description = "name=range entries separated by ';': log(a,b), float(a,b[,step]), int(a,b[,step]) or choice(v1,v2,...) "
                + "over lr, weight-decay, batch-size, epochs, model, optimizer, scheduler, init. Default \"${DEFAULT-VALUE}\".")
    String space;

    @Option(names = "--trials", defaultValue = "20", description = "Trials to finish (COMPLETE or PRUNED; with --resume, in total). Default ${DEFAULT-VALUE}.")
    int trials;

    @Option(names = "--sampler", defaultValue = "tpe", description = "tpe, random, qmc, grid (choice(...) ranges only), or gp, cmaes, genetic when built in. Default ${DEFAULT-VALUE}.")
    String sampler;

    @Option(names = "--pruner", defaultValue = "none", description = "none, median, percentile (best 25%%), asha (successive halving) or hyperband. Default ${DEFAULT-VALUE}.")
    String pruner;

    @Option(names = "--parallel", defaultValue = "1", description = "Trials trained at once (the cores are shared among them). Default ${DEFAULT-VALUE}.")
    int parallel;

    @Option(names = "--storage", paramLabel = "FILE", description = "Keep the study in this SQLite file (survives a crash; see --resume).")
    Path storage;

    @Option(names = "--resume", description = "Continue the study --study-name in --storage up to --trials finished trials, "
            + "with the options it was started with (an option given again must have the same value).")
    boolean resume;

    @Option(names = "--study-name", defaultValue = "kiln-tune", description = "The study's name in --storage. Default ${DEFAULT-VALUE}.")
    String studyName;

    @Option(names = "--out", paramLabel = "DIR", description = "Study folder (default runs/tune-<date-time>).")
    Path out;

    @Option(names = "--model", defaultValue = "mlp", description = "Fixed value when not in --space. Default ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--optimizer", defaultValue = "adam", description = "Fixed value when not in --space. Default ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.001", description = "Fixed value when not in --space. Default ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--weight-decay", defaultValue = "0", description = "Fixed value when not in --space. Default ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--scheduler", defaultValue = "cosine", description = "Fixed value when not in --space. Default ${DEFAULT-VALUE}.")
    String scheduler;

    @Option(names = "--init", defaultValue = "kaiming", description = "Fixed value when not in --space. Default ${DEFAULT-VALUE}.")
    String init;

    @Option(names = "--epochs", defaultValue = "10", description = "Fixed value when not in --space. Default ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32", description = "Fixed value when not in --space. Default ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the sampler, the data split and every trial's training. Default ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--image-size", defaultValue = "28", description = "Side length images of an image folder are resized to. Default ${DEFAULT-VALUE}.")
    int imageSize;

    @Option(names = "--spark", paramLabel = "MASTER", description = "Run each trial as a Spark job on this master (local[4], spark://host:7077, yarn), --parallel at once; --pruner decides on the driver.")
    String spark;

    /**
     * The options that define a study (its data, space, sampler, pruner and fixed training options):
     * stored with a new study in --storage and taken from there by --resume. --trials, --parallel,
     * --out and the storage options may change between runs.
     */
    static final List<String> STUDY_OPTIONS = List.of("--data", "--space", "--sampler", "--pruner", "--model", "--optimizer",
            "--lr", "--weight-decay", "--scheduler", "--init", "--epochs", "--batch-size", "--seed", "--image-size");

    /** The study attribute holding {@link #STUDY_OPTIONS} as option name → value text. */
    static final String OPTIONS_ATTR = "kiln tune options";

    @Spec
    CommandSpec spec;

    private DataSource source;
    private TensorDataset train;
    private TensorDataset validation;
    private Map<String, Distribution> distributions;

    @Override
    public Integer call() throws Exception {
        if (resume && storage != null) {
            useStoredOptions();
        }
        validate();
        if (spark != null) {
            SparkLauncher.requireSpark();
        }
        distributions = TuneSpace.parse(space);
        Sampler smp = sampler();
        Pruner prn = pruner();
        Path dir = out != null ? out : Path.of("runs", "tune-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);

        Kiln.manualSeed(seed);
        // an image folder is read in colour for --model resnet18 or vgg, as kiln train reads it (every trial sees the same images)
        source = DataSource.load(data, seed, imageSize, DataSource.defaultChannels(model));
        List<Subset> parts = Splits.stratified(source.train(), source.train().targets(), new double[] {0.9, 0.1}, new Generator(seed));
        train = Splits.materialize(parts.get(0));
        validation = Splits.materialize(parts.get(1));
        System.out.printf(Locale.ROOT, "kiln tune: %s, %d train / %d validation samples; %s sampler, %s pruner, %d trials, %d at once%n",
                source.name(), train.size(), validation.size(), sampler, pruner, trials, parallel);
        System.out.println("space: " + distributions.keySet().stream().map(k -> k + " " + describe(distributions.get(k)))
                .collect(Collectors.joining("; ")));

        try (Storage st = storage != null ? Storages.sqlite(storage) : Storages.inMemory()) {
            Study study = openStudy(st, smp, prn);
            study.setListener(this::progress);
            int finished = finished(study);
            int todo = Math.max(0, trials - finished);
            if (study.trials().isEmpty()) {
                study.enqueue(defaults());
            }
            if (spark != null) {
                Map<String, Object> fixedValues = new LinkedHashMap<>();
                for (String name : List.of("lr", "weight-decay", "batch-size", "epochs", "model", "optimizer", "scheduler", "init")) {
                    fixedValues.put(name, fixed(name));
                }
                SparkTraining.tune(spark, study, distributions, new SparkTuneObjective(data, seed, imageSize, imageChannels(), fixedValues), todo, parallel);
            } else {
                study.optimize(this::objective, todo, parallel);
            }
            if (study.completedTrials().isEmpty()) {
                throw new IllegalStateException("no trial completed; the first failure was: " + firstFailure(study));
            }
            return finish(study, dir);
        }
    }

    private void validate() {
        if (trials < 1) {
            throw new IllegalArgumentException("--trials must be at least 1, got " + trials);
        }
        if (parallel < 1) {
            throw new IllegalArgumentException("--parallel must be at least 1, got " + parallel);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("--lr must be a positive number, got " + lr);
        }
        if (resume && storage == null) {
            throw new IllegalArgumentException("--resume needs --storage FILE, the study to continue");
        }
    }

    private Study openStudy(Storage st, Sampler smp, Pruner prn) {
        var builder = Study.builder().storage(st).name(studyName).sampler(smp).pruner(prn).directions(StudyDirection.MINIMIZE);
        boolean exists = st.findStudy(studyName).isPresent();
        if (resume) {
            if (!exists) {
                throw new IllegalArgumentException("--resume: no study named '" + studyName + "' in " + storage + " (it has " + st.studyNames() + ")");
            }
            Study s = builder.load();
            long dead = s.trials().stream().filter(t -> "its process died while it was running".equals(t.systemAttrs().get(Trial.FAIL_REASON))).count();
            System.out.printf(Locale.ROOT, "resumed study %s: %d finished trials, %d left by a dead process marked failed%n",
                    studyName, finished(s), dead);
            return s;
        }
        if (exists) {
            throw new IllegalArgumentException("--storage " + storage + " already has a study named '" + studyName
                    + "'; add --resume to continue it or choose another --study-name");
        }
        Study created = builder.create();
        Map<String, Object> options = new LinkedHashMap<>();
        for (String name : STUDY_OPTIONS) {
            Object value = spec.findOption(name).getValue();
            options.put(name, String.valueOf(value));
        }
        created.setUserAttr(OPTIONS_ATTR, options);
        return created;
    }

    /**
     * --resume: the study's stored options replace the defaults; an option given on the command line
     * must equal the stored value. A study stored before options were kept uses the command line's.
     */
    private void useStoredOptions() {
        Map<String, Object> stored;
        try (Storage st = Storages.sqlite(storage)) {
            Optional<Long> id = st.findStudy(studyName);
            if (id.isEmpty()) {
                throw new IllegalArgumentException("--resume: no study named '" + studyName + "' in " + storage + " (it has " + st.studyNames() + ")");
            }
            if (!(st.studyAttrs(id.get()).get(OPTIONS_ATTR) instanceof Map<?, ?> m)) {
                return;
            }
            stored = new LinkedHashMap<>();
            m.forEach((k, v) -> stored.put(String.valueOf(k), v));
        }
        var parsed = spec.commandLine().getParseResult();
        for (String name : STUDY_OPTIONS) {
            if (!(stored.get(name) instanceof String text) || text.equals("null")) {
                continue;
            }
            OptionSpec option = spec.findOption(name);
            Object value = typed(option, text);
            if (parsed.hasMatchedOption(name)) {
                Object given = option.getValue();
                if (!value.equals(given)) {
                    throw new IllegalArgumentException("--resume: " + name + " " + given + " differs from the study's " + text
                            + " (a resumed study keeps its options; drop " + name + " or start a new --study-name)");
                }
            } else {
                option.setValue(value);
            }
        }
    }

    private static Object typed(OptionSpec option, String text) {
        Class<?> type = option.type();
        if (type == int.class || type == Integer.class) {
            return Integer.parseInt(text);
        } else if (type == long.class || type == Long.class) {
            return Long.parseLong(text);
        } else if (type == double.class || type == Double.class) {
            return Double.parseDouble(text);
        }
        return text;
    }

    private static int finished(Study s) {
        return s.trials(TrialState.COMPLETE, TrialState.PRUNED).size();
    }

    /** kiln train's configuration for the parameters of the space: trial 0. */
    private Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        for (String name : distributions.keySet()) {
            Object v = fixed(name);
            Distribution dist = distributions.get(name);
            try {
                double internal = dist.toInternal(v);
                if (dist.contains(internal)) {
                    d.put(name, v);
                }
            } catch (IllegalArgumentException e) {
                // the default is not in the space: the sampler chooses this parameter in trial 0 too
            }
        }
        return d;
    }

    private Object fixed(String name) {
        return switch (name) {
            case "lr" -> lr;
            case "weight-decay" -> weightDecay;
            case "batch-size" -> batchSize;
            case "epochs" -> epochs;
            case "model" -> model;
            case "optimizer" -> optimizer;
            case "scheduler" -> scheduler;
            case "init" -> init;
            default -> throw new IllegalArgumentException("--space: unknown option '" + name + "'");
        };
    }

    /** The trial's configuration: sampled values for the space, fixed options for the rest. */
    private RunConfig config(Map<String, Object> p) {
        return new RunConfig(str(p, "model"), data, str(p, "optimizer"), num(p, "lr").doubleValue(), str(p, "scheduler"), str(p, "init"),
                num(p, "epochs").intValue(), num(p, "batch-size").intValue(), seed, null, imageSize, num(p, "weight-decay").doubleValue(), null, null,
                imageChannels());
    }

    /** The channels of the data's images (1 for data that are not images). */
    private int imageChannels() {
        int[] sample = source.sampleShape();
        return sample.length == 3 ? sample[0] : 1;
    }

    private String str(Map<String, Object> p, String name) {
        return String.valueOf(p.containsKey(name) ? p.get(name) : fixed(name));
    }

    private Number num(Map<String, Object> p, String name) {
        return (Number) (p.containsKey(name) ? p.get(name) : fixed(name));
    }

    private double objective(Trial trial) {
        Map<String, Object> p = new LinkedHashMap<>();
        for (Map.Entry<String, Distribution> e : distributions.entrySet()) {
            p.put(e.getKey(), trial.suggest(e.getKey(), e.getValue()));
        }
        TrialTraining.Outcome o = TrialTraining.train(trial.number(), config(p), source, train, validation, seed, trial::report, trial::shouldPrune);
        trial.setUserAttr("validation_accuracy", o.last().valAccuracy());
        return o.value();
    }

    private synchronized void progress(Study study, FrozenTrial t) {
        String value = t.values().isEmpty() ? "" : String.format(Locale.ROOT, "val loss %.4f acc %s", t.values().getFirst(), accuracy(t));
        String best;
        try {
            FrozenTrial b = study.bestTrial();
            best = String.format(Locale.ROOT, "best %.4f (trial %d)", b.value(), b.number());
        } catch (java.util.NoSuchElementException e) {
            best = "no best yet";
        }
        String secs = t.start() != null && t.complete() != null
                ? String.format(Locale.ROOT, "%.1f s", Duration.between(t.start(), t.complete()).toMillis() / 1000.0) : "";
        Object reason = t.systemAttrs().get(Trial.FAIL_REASON);
        System.out.printf(Locale.ROOT, "trial %3d  %-8s %-16s %-24s %s  %s%s%n", t.number(), t.state(), value, best, params(t.params()), secs,
                reason == null ? "" : "  (" + reason + ")");
    }

    private static String params(Map<String, Object> p) {
        return p.entrySet().stream().map(e -> e.getKey() + "=" + (e.getValue() instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : e.getValue()))
                .collect(Collectors.joining(" "));
    }

    private static String firstFailure(Study s) {
        return s.trials(TrialState.FAIL).stream().map(t -> String.valueOf(t.systemAttrs().get(Trial.FAIL_REASON))).findFirst().orElse("none");
    }

    private static String accuracy(FrozenTrial t) {
        return t.userAttrs().get("validation_accuracy") instanceof Number n ? String.format(Locale.ROOT, "%.2f%%", 100 * n.doubleValue()) : "-";
    }

    private int finish(Study study, Path dir) throws Exception {
        FrozenTrial best = study.bestTrial();
        FrozenTrial defaults = study.trials().getFirst();
        RunConfig c = config(best.params());
        System.out.printf(Locale.ROOT, "best: trial %d, validation loss %.4f, accuracy %s (trial 0, kiln train's defaults: %s, accuracy %s): %s%n",
                best.number(), best.value(), accuracy(best), defaults.values().isEmpty() ? defaults.state().toString()
                        : String.format(Locale.ROOT, "%.4f", defaults.values().getFirst()), accuracy(defaults), params(best.params()));
        TrialsExport.writeCsv(study, dir.resolve("trials.csv"));
        TrialsExport.writeJson(study, dir.resolve("trials.json"));

        System.out.println("retraining the best configuration into " + dir.resolve("best") + " and testing it once:");
        List<String> args = new ArrayList<>(List.of("--data", data, "--model", c.model(), "--optimizer", c.optimizer(),
                "--lr", Double.toString(c.lr()), "--weight-decay", Double.toString(c.weightDecay()), "--scheduler", c.scheduler(),
                "--init", c.init(), "--epochs", Integer.toString(c.epochs()), "--batch-size", Integer.toString(c.batchSize()),
                "--seed", Long.toString(seed), "--image-size", Integer.toString(imageSize), "--out", dir.resolve("best").toString()));
        if (source.sampleShape().length == 3) {   // the images the trials saw
            args.addAll(List.of("--channels", Integer.toString(imageChannels())));
        }
        CommandLine cl = new CommandLine(new TrainCommand());
        cl.parseArgs(args.toArray(String[]::new));
        ((TrainCommand) cl.getCommand()).call();

        Map<String, String> summary = new LinkedHashMap<>();
        summary.put("data", source.name());
        summary.put("sampler / pruner", sampler + " / " + pruner);
        summary.put("trials", study.trials().size() + " (" + study.completedTrials().size() + " complete, "
                + study.trials(TrialState.PRUNED).size() + " pruned, " + study.trials(TrialState.FAIL).size() + " failed)");
        summary.put("space", space);
        summary.put("best trial", best.number() + ": " + params(best.params()));
        summary.put("best validation loss", String.format(Locale.ROOT, "%.4f (accuracy %s)", best.value(), accuracy(best)));
        summary.put("best run (tested once)", "best/report.html");
        StudyReport.write(dir, study, "validation loss", distributions, summary);
        System.out.println("study folder: " + dir.toAbsolutePath() + " (study.html, trials.csv, trials.json, best/)");
        return 0;
    }

    private Sampler sampler() {
        String s = sampler.toLowerCase(Locale.ROOT);
        return switch (s) {
            case "tpe" -> Samplers.tpe(seed);
            case "random" -> Samplers.random(seed);
            case "qmc", "sobol" -> Samplers.qmc(seed);
            case "grid" -> Samplers.grid(gridOf(), seed);
            case "gp", "cmaes", "cma-es", "genetic", "ga", "nsga2" -> optional(s);
            default -> throw new IllegalArgumentException("--sampler: expected tpe, random, qmc, grid, gp, cmaes or genetic, got '" + sampler + "'");
        };
    }

    /** Samplers built by the GP / CMA-ES / genetic module, looked up by their factory name. */
    private Sampler optional(String s) {
        String method = switch (s) {
            case "cmaes", "cma-es" -> "cmaEs";
            case "ga" -> "genetic";
            default -> s;
        };
        try {
            Method m = Samplers.class.getMethod(method, long.class);
            return (Sampler) m.invoke(null, seed);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("--sampler: '" + sampler + "' is not available in this build; use tpe, random, qmc or grid");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("--sampler " + sampler + ": " + e.getCause(), e);
        }
    }

    private Map<String, List<?>> gridOf() {
        Map<String, List<?>> grid = new LinkedHashMap<>();
        for (Map.Entry<String, Distribution> e : TuneSpace.parse(space).entrySet()) {
            if (!(e.getValue() instanceof CategoricalDistribution c)) {
                throw new IllegalArgumentException("--sampler grid: every entry of --space must be choice(...); '" + e.getKey()
                        + "' is a range");
            }
            grid.put(e.getKey(), c.choices());
        }
        return grid;
    }

    private Pruner pruner() {
        return switch (pruner.toLowerCase(Locale.ROOT)) {
            case "none" -> Pruners.none();
            case "median" -> Pruners.median(5, 1);
            case "percentile" -> Pruners.percentile(25, 5, 1, 1, 1);
            case "asha", "successive-halving", "sha" -> Pruners.successiveHalving(1, 3, 0);
            case "hyperband" -> Pruners.hyperband(1, epochs, 3);
            default -> throw new IllegalArgumentException("--pruner: expected none, median, percentile, asha or hyperband, got '" + pruner + "'");
        };
    }

    private static String describe(Distribution d) {
        return switch (d) {
            case dev.kiln.tune.FloatDistribution f -> (f.isLog() ? "log" : "float") + "[" + f.low() + ", " + f.high() + "]";
            case dev.kiln.tune.IntDistribution i -> (i.isLog() ? "log int" : "int") + "[" + i.low() + ", " + i.high() + "]";
            case CategoricalDistribution c -> c.choices().toString();
        };
    }
}
