package dev.kiln.cli.lab;

import dev.kiln.nn.Dropout;
import dev.kiln.nn.Linear;
import dev.kiln.nn.functional.Activations;
import dev.kiln.nn.init.Init;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln lab symmetry}: zero or constant initialisation cannot break the symmetry between
 * hidden units. A 4→H→1 tanh MLP is trained by SGD on a small regression; with every hidden unit
 * starting from the same weights, every unit receives the same gradient, so after training all
 * hidden units are still identical (the largest difference between two units' incoming and
 * outgoing weights is 0). Random initialisation, or dropout (which gives each unit a different
 * mask), breaks the symmetry.
 */
@Command(name = "symmetry", mixinStandardHelpOptions = true,
        description = "Zero/constant initialisation keeps hidden units identical; random init or dropout breaks the symmetry.")
final class SymmetryExperiment implements Callable<Integer>, Experiment {
    /** How the MLP starts. */
    enum Start {
        ZEROS("zeros"), CONSTANT("constant 0.5"), RANDOM("random (PyTorch default)"), CONSTANT_DROPOUT("constant 0.5 + dropout 0.5");

        final String label;

        Start(String label) {
            this.label = label;
        }
    }

    /**
     * One training run: the largest difference between two hidden units (over their incoming
     * weights, bias and outgoing weight) after each step (index 0 before training), the number of
     * distinct hidden units at the end and the losses.
     */
    record Run(Start start, double[] unitSpread, int distinctUnits, double firstLoss, double lastLoss) {
    }

    @Mixin
    LabOptions options;

    @Option(names = "--hidden", description = "Hidden units (default ${DEFAULT-VALUE}).")
    int hidden = 8;

    @Option(names = "--steps", description = "SGD steps (default ${DEFAULT-VALUE}).")
    int steps = 200;

    /** Trains the MLP from {@code start} on y = sin(x₀) + x₁·x₂ − x₃ (128 samples) with SGD lr 0.1. */
    static Run train(Start start, int hidden, int steps, long seed) {
        Generator g = new Generator(seed);
        Tensor x = Tensor.uniform(g, -2, 2, 128, 4);
        Tensor y = x.select(1, 0).sin().add(x.select(1, 1).mul(x.select(1, 2))).sub(x.select(1, 3)).unsqueeze(1);
        Generator init = new Generator(seed + 1);
        Linear l1 = new Linear(4, hidden, init);
        Linear l2 = new Linear(hidden, 1, init);
        switch (start) {
            case ZEROS -> {
                for (Tensor p : List.of(l1.weight(), l1.bias(), l2.weight(), l2.bias())) {
                    Init.zeros(p);
                }
            }
            case CONSTANT, CONSTANT_DROPOUT -> {
                for (Tensor p : List.of(l1.weight(), l1.bias(), l2.weight(), l2.bias())) {
                    Init.constant(p, 0.5);
                }
            }
            case RANDOM -> {
            }
        }
        Dropout dropout = start == Start.CONSTANT_DROPOUT ? new Dropout(0.5, new Generator(seed + 2)) : null;
        List<Tensor> params = List.of(l1.weight(), l1.bias(), l2.weight(), l2.bias());
        SGD opt = new SGD(params, SGD.Options.of(0.1));
        double[] spread = new double[steps + 1];
        spread[0] = unitSpread(l1, l2);
        double first = Double.NaN;
        double last = Double.NaN;
        for (int s = 1; s <= steps; s++) {
            opt.zeroGrad();
            Tensor h = Activations.tanh(l1.forward(x));
            if (dropout != null) {
                h = dropout.forward(h);
            }
            Tensor loss = l2.forward(h).sub(y).square().mean();
            loss.backward();
            opt.step();
            double v = loss.item();
            if (s == 1) {
                first = v;
            }
            last = v;
            spread[s] = unitSpread(l1, l2);
        }
        return new Run(start, spread, distinctUnits(l1, l2), first, last);
    }

    /** Each hidden unit j as the vector (W1[j,:], b1[j], W2[0,j]). */
    private static double[][] units(Linear l1, Linear l2) {
        int h = l1.outFeatures();
        int in = l1.inFeatures();
        double[] w1 = l1.weight().toDoubleArray();
        double[] b1 = l1.bias().toDoubleArray();
        double[] w2 = l2.weight().toDoubleArray();
        double[][] u = new double[h][in + 2];
        for (int j = 0; j < h; j++) {
            System.arraycopy(w1, j * in, u[j], 0, in);
            u[j][in] = b1[j];
            u[j][in + 1] = w2[j];
        }
        return u;
    }

    /** The largest |difference| between the same weight of two hidden units. */
    static double unitSpread(Linear l1, Linear l2) {
        double[][] u = units(l1, l2);
        double max = 0;
        for (double[] a : u) {
            for (double[] b : u) {
                for (int k = 0; k < a.length; k++) {
                    max = Math.max(max, Math.abs(a[k] - b[k]));
                }
            }
        }
        return max;
    }

    /** The number of hidden units that differ (exactly) from every earlier one. */
    static int distinctUnits(Linear l1, Linear l2) {
        double[][] u = units(l1, l2);
        int distinct = 0;
        for (int j = 0; j < u.length; j++) {
            boolean seen = false;
            for (int i = 0; i < j && !seen; i++) {
                seen = java.util.Arrays.equals(u[i], u[j]);
            }
            if (!seen) {
                distinct++;
            }
        }
        return distinct;
    }

    @Override
    public Integer call() throws Exception {
        execute(System.out);
        return 0;
    }

    @Override
    public String id() {
        return "symmetry";
    }

    @Override
    public String title() {
        return "Symmetry breaking: zero and constant initialisation";
    }

    @Override
    public Chapter chapter() {
        return Chapter.S002;
    }

    @Override
    public String claim() {
        return "Zero or constant initialisation cannot break the symmetry between hidden units: they receive the same gradient and "
                + "stay identical however long the net trains; random initialisation, or dropout, breaks it.";
    }

    void execute(PrintStream out) throws Exception {
        if (hidden < 2 || hidden > 1024) {
            throw new IllegalArgumentException("--hidden must be between 2 and 1024, got " + hidden);
        }
        if (steps < 1 || steps > 100_000) {
            throw new IllegalArgumentException("--steps must be between 1 and 100000, got " + steps);
        }
        LabBook.runOne(this, options.dir("symmetry"), options.seed, out);
    }

    @Override
    public Finding run(LabReport r, long seed) throws java.io.IOException {
        r.paragraph(String.format(Locale.ROOT,
                "A 4→%d→1 tanh MLP trained by SGD (lr 0.1, %d steps) on y = sin(x₀) + x₁x₂ − x₃. When all hidden units start "
                        + "equal they compute the same activation and receive the same gradient, so they stay equal: the net "
                        + "behaves as if it had one hidden unit. Spread = largest difference between two units' weights "
                        + "(incoming, bias, outgoing).", hidden, steps));
        List<List<String>> rows = new ArrayList<>();
        Map<String, double[]> series = new LinkedHashMap<>();
        Map<Start, Run> results = new java.util.EnumMap<>(Start.class);
        for (Start s : Start.values()) {
            Run run = train(s, hidden, steps, seed);
            rows.add(List.of(s.label, LabReport.num(run.unitSpread()[0]), LabReport.num(run.unitSpread()[steps]),
                    run.distinctUnits() + " of " + hidden, LabReport.num(run.firstLoss()), LabReport.num(run.lastLoss())));
            series.put(s.label, run.unitSpread());
            results.put(s, run);
        }
        r.table(List.of("initialisation", "spread at start", "spread after training", "distinct hidden units", "loss step 1",
                "final loss"), rows);
        double[] x = new double[steps + 1];
        for (int i = 0; i <= steps; i++) {
            x[i] = i;
        }
        r.lineChart("unit_spread.png", "Largest difference between hidden units during training", "SGD step",
                "max |w_i − w_j| (0 = symmetric)", x, series, false);
        int zeros = results.get(Start.ZEROS).distinctUnits();
        int constant = results.get(Start.CONSTANT).distinctUnits();
        int random = results.get(Start.RANDOM).distinctUnits();
        int dropout = results.get(Start.CONSTANT_DROPOUT).distinctUnits();
        boolean holds = zeros == 1 && constant == 1 && random == hidden && dropout == hidden;
        return new Finding(String.format(Locale.ROOT,
                "distinct hidden units after %d steps: zeros %d, constant %d, random %d, constant + dropout %d (of %d)", steps, zeros,
                constant, random, dropout, hidden), holds);
    }
}
