package dev.kiln.cli.lab;

import dev.kiln.nn.init.Nonlinearity;
import dev.kiln.autograd.GradMode;
import dev.kiln.nn.Linear;
import dev.kiln.nn.functional.Activations;
import dev.kiln.nn.init.Init;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln lab init}: signal propagation through a deep fully connected net (no bias) under
 * different weight initialisations and activations. The input is a batch of N(0,1) vectors; after
 * each layer the std of the activations is recorded.
 *
 * <p>The notes' derivation: a layer's output h = Σ_i x_i·w_i has D(h) = n·D(x)·D(w), so with
 * N(0,1) weights the std grows by √n per layer (×20 for n = 400) and overflows; std(w) = √(1/n)
 * keeps a linear net at std 1; Xavier (gain 5/3 for tanh) suits saturating activations; ReLU
 * halves the variance, so Xavier+ReLU shrinks by √2 per layer while Kaiming (D(w) = 2/n) keeps it.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Signal propagation: activation std per layer for N(0,1), N(0,1/n), Xavier and Kaiming initialisation.")
final class InitExperiment implements Callable<Integer>, Experiment {
    /** Weight initialisations compared. */
    enum Scheme {
        NORMAL("N(0,1)"), SMALL("N(0,0.01)"), SCALED("N(0,1/n)"), XAVIER_UNIFORM("Xavier uniform"),
        XAVIER_NORMAL("Xavier normal"), KAIMING_UNIFORM("Kaiming uniform"), KAIMING_NORMAL("Kaiming normal"),
        ORTHOGONAL("orthogonal");

        final String label;

        Scheme(String label) {
            this.label = label;
        }
    }

    /** Activations compared. */
    enum Act {
        LINEAR("linear"), TANH("tanh"), RELU("relu"), LEAKY_RELU("leaky_relu(0.2)");

        final String label;

        Act(String label) {
            this.label = label;
        }
    }

    /**
     * One run: the std after each layer (index 0 is the input) and the first layer whose
     * activations are not finite or whose std collapsed below 1e-30 (−1 when none).
     */
    record Run(Scheme scheme, Act act, double[] std, int brokeAt) {
        /** The mean per-layer growth factor of the std over the first {@code k} layers. */
        double ratio(int k) {
            return Math.pow(std[k] / std[0], 1.0 / k);
        }
    }

    /** The negative slope a of the leaky ReLU rows (Kaiming: std(W) = √(2/((1+a²)n))). */
    static final double LEAKY_SLOPE = 0.2;

    /** The collapse threshold for the std. */
    static final double COLLAPSE = 1e-30;

    @Mixin
    LabOptions options;

    @Option(names = "--layers", description = "Number of layers (default ${DEFAULT-VALUE}).")
    int layers = 100;

    @Option(names = "--width", description = "Neurons per layer (default ${DEFAULT-VALUE}).")
    int width = 400;

    @Option(names = "--batch", description = "Input batch size (default ${DEFAULT-VALUE}).")
    int batch = 16;

    /** Propagates a batch through {@code layers} layers of the given scheme and activation. */
    static Run run(Scheme scheme, Act act, int layers, int width, int batch, long seed) {
        Generator g = new Generator(seed);
        Linear layer = new Linear(width, width, Linear.Options.defaults().withBias(false), g);
        double[] std = new double[layers + 1];
        int brokeAt = -1;
        try (var off = GradMode.disabled()) {
            Tensor x = Tensor.randn(g, batch, width);
            std[0] = std(x);
            for (int l = 1; l <= layers; l++) {
                initialise(layer.weight(), scheme, act, width, g);
                x = layer.forward(x);
                x = switch (act) {
                    case LINEAR -> x;
                    case TANH -> Activations.tanh(x);
                    case RELU -> Activations.relu(x);
                    case LEAKY_RELU -> Activations.leakyRelu(x, LEAKY_SLOPE);
                };
                std[l] = std(x);
                if (brokeAt < 0 && !(Double.isFinite(std[l]) && std[l] >= COLLAPSE)) {
                    brokeAt = l;
                }
            }
        }
        return new Run(scheme, act, std, brokeAt);
    }

    /** The std of all entries, accumulated in float64 so that only non-finite activations give NaN/inf. */
    private static double std(Tensor x) {
        return x.to(DType.FLOAT64).std().item();
    }

    private static void initialise(Tensor w, Scheme scheme, Act act, int n, Generator g) {
        switch (scheme) {
            case NORMAL -> Init.normal(w, 0, 1, g);
            case SMALL -> Init.normal(w, 0, 0.01, g);
            case SCALED -> Init.normal(w, 0, Math.sqrt(1.0 / n), g);
            case XAVIER_UNIFORM -> Init.xavierUniform(w, xavierGain(act), g);
            case XAVIER_NORMAL -> Init.xavierNormal(w, xavierGain(act), g);
            case KAIMING_UNIFORM -> Init.kaimingUniform(w, kaimingSlope(act), Init.FanMode.FAN_IN, kaimingName(act), g);
            case KAIMING_NORMAL -> Init.kaimingNormal(w, kaimingSlope(act), Init.FanMode.FAN_IN, kaimingName(act), g);
            case ORTHOGONAL -> Init.orthogonal(w, gain(act), g);
        }
    }

    /** calculate_gain of the activation (1 for the linear net). */
    static double gain(Act act) {
        return switch (act) {
            case LINEAR -> 1;
            case TANH -> Init.calculateGain(Nonlinearity.TANH);
            case RELU -> Init.calculateGain(Nonlinearity.RELU);
            case LEAKY_RELU -> Init.calculateGain(Nonlinearity.LEAKY_RELU, LEAKY_SLOPE);
        };
    }

    /** Kaiming's nonlinearity name: leaky_relu for the leaky rows, relu otherwise (the notes' default). */
    private static Nonlinearity kaimingName(Act act) {
        return act == Act.LEAKY_RELU ? Nonlinearity.LEAKY_RELU : Nonlinearity.RELU;
    }

    private static double kaimingSlope(Act act) {
        return act == Act.LEAKY_RELU ? LEAKY_SLOPE : 0;
    }

    /** The notes use Xavier with calculate_gain('tanh') = 5/3 for tanh nets and gain 1 otherwise. */
    static double xavierGain(Act act) {
        return act == Act.TANH ? Init.calculateGain(Nonlinearity.TANH) : 1.0;
    }

    /** Every scheme with every activation. */
    static List<Run> runAll(int layers, int width, int batch, long seed) {
        List<Run> runs = new ArrayList<>();
        for (Act act : Act.values()) {
            for (Scheme s : Scheme.values()) {
                runs.add(run(s, act, layers, width, batch, seed));
            }
        }
        return runs;
    }

    @Override
    public Integer call() throws Exception {
        execute(System.out);
        return 0;
    }

    @Override
    public String id() {
        return "init";
    }

    @Override
    public String title() {
        return "Signal propagation under eight initialisations";
    }

    @Override
    public Chapter chapter() {
        return Chapter.S000;
    }

    @Override
    public String claim() {
        return "With N(0,1) weights a 400-wide layer multiplies the std by √400 = 20 and a deep net reaches NaN; "
                + "std(W) = √(1/n) (or an orthogonal W) keeps a linear net at std 1; Kaiming (uniform or normal, "
                + "std √(2/((1+a²)n)), also for leaky ReLU a ≠ 0) keeps ReLU nets stable; N(0, 0.01) collapses toward 0; "
                + "N(0,1) with tanh saturates (outputs ±1, std near 1).";
    }

    void execute(PrintStream out) throws Exception {
        if (layers < 1 || layers > 10_000) {
            throw new IllegalArgumentException("--layers must be between 1 and 10000, got " + layers);
        }
        if (width < 1 || width > 4096) {
            throw new IllegalArgumentException("--width must be between 1 and 4096, got " + width);
        }
        if (batch < 2 || batch > 4096) {
            throw new IllegalArgumentException("--batch must be between 2 and 4096, got " + batch);
        }
        LabBook.runOne(this, options.dir("init"), options.seed, out);
    }

    /** The std at the last layer of one run. */
    private static double last(List<Run> runs, Scheme scheme, Act act) {
        for (Run run : runs) {
            if (run.scheme == scheme && run.act == act) {
                return run.std[run.std.length - 1];
            }
        }
        throw new IllegalStateException("no run " + scheme + "/" + act);
    }

    private static Run find(List<Run> runs, Scheme scheme, Act act) {
        return runs.stream().filter(x -> x.scheme == scheme && x.act == act).findFirst().orElseThrow();
    }

    @Override
    public Finding run(LabReport r, long seed) throws java.io.IOException {
        List<Run> runs = runAll(layers, width, batch, seed);
        r.paragraph(String.format(java.util.Locale.ROOT,
                "A batch of %d N(0,1) vectors goes through %d bias-free fully connected layers of width %d. With N(0,1) weights "
                        + "D(h) = n·D(x)·D(w), so the std grows by √n = %.1f per layer until it overflows; std(w) = √(1/n) keeps a "
                        + "linear net at 1; Xavier (gain 5/3 for tanh) suits tanh; ReLU halves the variance, so Xavier+ReLU shrinks "
                        + "by √2 per layer and Kaiming (std √(2/((1+a²)n)), a = 0 for ReLU, %.1f for the leaky rows) keeps it. "
                        + "For a square layer Xavier normal with gain 1 has std √(2/(n+n)) = √(1/n), so its curve lies on top of "
                        + "N(0,1/n). Orthogonal weights (times calculate_gain) preserve the norm exactly.", batch, layers, width,
                Math.sqrt(width), LEAKY_SLOPE));
        int k = Math.min(5, layers);
        int[] marks = {1, Math.min(10, layers), Math.min(50, layers), layers};
        List<List<String>> rows = new ArrayList<>();
        for (Run run : runs) {
            List<String> row = new ArrayList<>(List.of(run.act.label, run.scheme.label, LabReport.num(run.ratio(k))));
            for (int m : marks) {
                row.add(LabReport.num(run.std[m]));
            }
            row.add(run.brokeAt < 0 ? "-" : (Double.isFinite(run.std[run.brokeAt]) ? "collapse @" : "NaN/inf @") + run.brokeAt);
            rows.add(row);
        }
        r.table(List.of("activation", "init", "ratio/layer (first " + k + ")", "std@" + marks[0], "std@" + marks[1],
                "std@" + marks[2], "std@" + marks[3], "breaks"), rows);
        double[] x = new double[layers + 1];
        for (int i = 0; i <= layers; i++) {
            x[i] = i;
        }
        for (Act act : Act.values()) {
            Map<String, double[]> series = new LinkedHashMap<>();
            for (Run run : runs) {
                if (run.act == act) {
                    series.put(run.scheme.label, run.std);
                }
            }
            r.lineChart("std_" + act.name().toLowerCase(java.util.Locale.ROOT) + ".png",
                    "Activation std per layer, " + act.label + " (log scale)", "layer", "std of activations", x, series, true);
        }
        Run normal = find(runs, Scheme.NORMAL, Act.LINEAR);
        double growth = normal.ratio(k);
        double kaiming = last(runs, Scheme.KAIMING_NORMAL, Act.RELU);
        double kaimingU = last(runs, Scheme.KAIMING_UNIFORM, Act.RELU);
        double kaimingLeaky = last(runs, Scheme.KAIMING_NORMAL, Act.LEAKY_RELU);
        double scaled = last(runs, Scheme.SCALED, Act.LINEAR);
        double orthogonal = last(runs, Scheme.ORTHOGONAL, Act.LINEAR);
        double small = last(runs, Scheme.SMALL, Act.TANH);
        double saturated = last(runs, Scheme.NORMAL, Act.TANH);
        boolean holds = Math.abs(growth - Math.sqrt(width)) < 0.15 * Math.sqrt(width) && (layers < 40 || normal.brokeAt > 0)
                && within(kaiming) && within(kaimingU) && within(kaimingLeaky) && within(scaled)
                && Math.abs(orthogonal / normal.std[0] - 1) < 0.01 && small < 1e-6 && saturated > 0.9;
        return new Finding(String.format(java.util.Locale.ROOT,
                "N(0,1): ×%.2f per layer, %s; std at layer %d: N(0,1/n) linear %s, orthogonal linear %s (input %s), "
                        + "Kaiming ReLU normal %s / uniform %s, Kaiming leaky ReLU %s, N(0,0.01)+tanh %s, N(0,1)+tanh %s",
                growth, normal.brokeAt > 0 ? "NaN/inf at layer " + normal.brokeAt : "finite", layers, LabReport.num(scaled),
                LabReport.num(orthogonal), LabReport.num(normal.std[0]), LabReport.num(kaiming), LabReport.num(kaimingU),
                LabReport.num(kaimingLeaky), LabReport.num(small), LabReport.num(saturated)), holds);
    }

    /** A std that neither exploded nor vanished (within a factor 3 of 1). */
    private static boolean within(double std) {
        return std > 1.0 / 3 && std < 3;
    }
}
