package dev.kiln.cli.lab;

import dev.kiln.nn.activation.GELU;
import dev.kiln.nn.functional.Activations;
import dev.kiln.nn.functional.GatedActivations;
import dev.kiln.nn.functional.Softmax;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code kiln lab activations}: every activation function of the notes and its derivative,
 * computed by autograd ({@code backward} on the sum of the outputs gives f'(x) at every x, since
 * each output depends only on its own input), plotted over [−5, 5], and a table of properties
 * measured on a grid: range, zero-centred output, monotonicity, saturation (f' → 0) on each side
 * and f'(0).
 */
@Command(name = "activations", mixinStandardHelpOptions = true,
        description = "Plot each activation function and its autograd derivative; table of their properties.")
final class ActivationsExperiment implements Callable<Integer>, Experiment {
    /** An activation applied element-wise to a 1-D float64 tensor; {@code centre} is where f' is reported. */
    record Activation(String name, String file, UnaryOperator<Tensor> f, double lo, double hi, double centre) {
        Activation(String name, String file, UnaryOperator<Tensor> f) {
            this(name, file, f, -5, 5, 0);
        }
    }

    /** The measured properties of one activation. */
    record Properties(String name, double min, double max, boolean zeroCentred, boolean monotonic, boolean saturatesLeft,
            boolean saturatesRight, double derivativeAtCentre, double centre) {
    }

    /** A curve: x, f(x), f'(x). */
    record Curve(double[] x, double[] y, double[] dy) {
    }

    @Mixin
    LabOptions options;

    /** The activations of the notes (MISSION §3) that act on one value at a time. */
    static List<Activation> activations() {
        Tensor preluWeight = Tensor.full(DType.FLOAT64, 0.25, 1);
        return List.of(
                new Activation("Sigmoid", "sigmoid", Activations::sigmoid),
                new Activation("Tanh", "tanh", Activations::tanh),
                new Activation("Hardtanh(-2, 2)", "hardtanh", x -> Activations.hardtanh(x, -2, 2)),
                new Activation("ReLU", "relu", Activations::relu),
                new Activation("ReLU6", "relu6", Activations::relu6),
                new Activation("LeakyReLU(0.01)", "leaky_relu", x -> Activations.leakyRelu(x, 0.01)),
                new Activation("PReLU(a=0.25)", "prelu", x -> Activations.prelu(x, preluWeight)),
                new Activation("RReLU (eval: mean slope)", "rrelu", x -> Activations.rrelu(x, false, new Generator(0))),
                new Activation("ELU(1)", "elu", x -> Activations.elu(x, 1.0)),
                new Activation("SELU", "selu", Activations::selu),
                new Activation("GELU", "gelu", Activations::gelu),
                new Activation("GELU (tanh approx.)", "gelu_tanh", x -> Activations.gelu(x, GELU.Approximation.TANH)),
                new Activation("SiLU / Swish", "silu", Activations::silu),
                new Activation("Mish", "mish", Activations::mish),
                new Activation("Softplus", "softplus", Activations::softplus),
                new Activation("Maxout(x, 0.25x)", "maxout",
                        x -> GatedActivations.maxout(Tensor.stack(1, x, x.mul(0.25)), 2, 1).reshape(-1)),
                new Activation("CReLU (2nd half: relu(-x))", "crelu",
                        x -> GatedActivations.crelu(x.unsqueeze(1)).select(1, 1)),
                new Activation("Softmax([x, 0])[0]", "softmax",
                        x -> Softmax.softmax(Tensor.stack(1, x, x.mul(0)), 1).select(1, 0)),
                new Activation("LogSoftmax([x, 0])[0]", "log_softmax",
                        x -> Softmax.logSoftmax(Tensor.stack(1, x, x.mul(0)), 1).select(1, 0)),
                new Activation("logit (inverse sigmoid)", "logit", Activations::logit, 0.005, 0.995, 0.5));
    }

    /** f and its autograd derivative at {@code n} points of [lo, hi]. */
    static Curve curve(Activation a, double lo, double hi, int n) {
        double[] grid = new double[n];
        for (int i = 0; i < n; i++) {
            grid[i] = n == 1 ? lo : lo + (hi - lo) * i / (n - 1);
        }
        Tensor x = Tensor.fromArray(grid, n).requiresGrad(true);
        Tensor y = a.f().apply(x);
        y.sum().backward();
        return new Curve(x.detach().toDoubleArray(), y.detach().toDoubleArray(), x.grad().toDoubleArray());
    }

    /**
     * Properties measured on a grid: range over [−30, 30] (the domain for logit), zero-centred when
     * f(0) = 0 and the output takes both signs, monotonic when f never decreases along the grid,
     * saturating on a side when |f'| &lt; 1e−3 at that end.
     */
    static Properties properties(Activation a) {
        double lo = a.lo() == -5 ? -30 : a.lo();
        double hi = a.hi() == 5 ? 30 : a.hi();
        Curve c = curve(a, lo, hi, 6001);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        boolean monotonic = true;
        for (int i = 0; i < c.y.length; i++) {
            min = Math.min(min, c.y[i]);
            max = Math.max(max, c.y[i]);
            if (i > 0 && c.y[i] < c.y[i - 1] - 1e-12) {
                monotonic = false;
            }
        }
        Curve at = curve(a, a.centre(), a.centre(), 1);
        boolean zeroCentred = Math.abs(at.y[0]) < 1e-12 && min < 0 && max > 0;
        return new Properties(a.name(), min, max, zeroCentred, monotonic, Math.abs(c.dy[0]) < 1e-3,
                Math.abs(c.dy[c.dy.length - 1]) < 1e-3, at.dy[0], a.centre());
    }

    /** The RReLU bounds of PyTorch's defaults: the slope is drawn from U(1/8, 1/3) in training. */
    static final double RRELU_LOWER = 1.0 / 8;
    /** The upper RReLU bound. */
    static final double RRELU_UPPER = 1.0 / 3;

    /** The slopes RReLU draws in training for {@code n} negative inputs (−f(−1) for each). */
    static double[] rreluTrainingSlopes(int n, long seed) {
        Tensor minusOne = Tensor.full(DType.FLOAT64, -1, n);
        return Activations.rrelu(minusOne, RRELU_LOWER, RRELU_UPPER, true, new Generator(seed)).neg().toDoubleArray();
    }

    /** The activation with the given file name. */
    static Activation named(String file) {
        return activations().stream().filter(a -> a.file().equals(file)).findFirst().orElseThrow();
    }

    @Override
    public Integer call() throws Exception {
        execute(System.out);
        return 0;
    }

    @Override
    public String id() {
        return "activations";
    }

    @Override
    public String title() {
        return "Activation functions and their derivatives";
    }

    @Override
    public Chapter chapter() {
        return Chapter.S001;
    }

    @Override
    public String claim() {
        return "Hardtanh(-2, 2) turns every input above 2 into 2 and below -2 into -2; sigmoid's output is not zero-centred, tanh's is; "
                + "PReLU(x) = max(0,x) + α·min(0,x) (α = 0.25 to start); RReLU draws its slope from U(l, u) in training "
                + "(PyTorch: U(1/8, 1/3)) and uses (l+u)/2 in evaluation.";
    }

    void execute(PrintStream out) throws Exception {
        LabBook.runOne(this, options.dir("activations"), options.seed, out);
    }

    @Override
    public Finding run(LabReport r, long seed) throws java.io.IOException {
        r.paragraph("Each function f is evaluated on [-5, 5] (logit on (0, 1)); its derivative comes from autograd: "
                + "backward() on sum(f(x)) leaves f'(x_i) in x.grad. Properties are measured on [-30, 30]: range, "
                + "zero-centred (f(0) = 0 with outputs of both signs), monotonic, saturating (|f'| < 1e-3 at the end), f'(0).");
        List<List<String>> rows = new ArrayList<>();
        List<Activation> all = activations();
        for (Activation a : all) {
            Properties p = properties(a);
            String sat = p.saturatesLeft() && p.saturatesRight() ? "both sides"
                    : p.saturatesLeft() ? "left" : p.saturatesRight() ? "right" : "no";
            rows.add(List.of(p.name(), "[" + LabReport.num(p.min()) + ", " + LabReport.num(p.max()) + "]",
                    p.zeroCentred() ? "yes" : "no", p.monotonic() ? "yes" : "no", sat,
                    (p.centre() == 0 ? "" : "f'(" + LabReport.num(p.centre()) + ") = ") + LabReport.num(p.derivativeAtCentre())));
        }
        r.table(List.of("activation", "range on grid", "zero-centred", "monotonic", "saturating", "f'(0)"), rows);
        Map<String, double[][]> overview = new LinkedHashMap<>();
        List<LabReport.Panel> panels = new ArrayList<>();
        for (Activation a : all) {
            Curve c = curve(a, a.lo(), a.hi(), 401);
            Map<String, double[][]> s = new LinkedHashMap<>();
            s.put("f(x)", new double[][] {c.x, c.y});
            s.put("f'(x) by autograd", new double[][] {c.x, c.dy});
            panels.add(new LabReport.Panel(a.name(), "x", "", s, false));
            if (List.of("sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "gelu", "silu", "mish", "softplus")
                    .contains(a.file())) {
                overview.put(a.name(), new double[][] {c.x, c.y});
            }
        }
        r.chart("overview.png", new LabReport.Panel("Common activations on [-5, 5]", "x", "f(x)", overview, false), 900, 550);
        r.grid("activations.png", "Each activation and its derivative", panels, 4, 480, 320);
        Properties hardtanh = properties(named("hardtanh"));
        boolean sigmoidCentred = properties(named("sigmoid")).zeroCentred();
        boolean tanhCentred = properties(named("tanh")).zeroCentred();
        double preluSlope = curve(named("prelu"), -1, -1, 1).dy()[0];
        double rreluEval = curve(named("rrelu"), -1, -1, 1).dy()[0];
        double[] slopes = rreluTrainingSlopes(10_000, seed);
        double lo = java.util.Arrays.stream(slopes).min().orElseThrow();
        double hi = java.util.Arrays.stream(slopes).max().orElseThrow();
        double mean = java.util.Arrays.stream(slopes).average().orElseThrow();
        r.heading("RReLU in training: slopes drawn for 10000 negative inputs");
        r.table(List.of("bound l", "bound u", "min slope", "max slope", "mean slope", "(l+u)/2", "eval slope"),
                List.of(List.of(LabReport.num(RRELU_LOWER), LabReport.num(RRELU_UPPER), LabReport.num(lo), LabReport.num(hi),
                        LabReport.num(mean), LabReport.num((RRELU_LOWER + RRELU_UPPER) / 2), LabReport.num(rreluEval))));
        boolean holds = hardtanh.min() == -2 && hardtanh.max() == 2 && !sigmoidCentred && tanhCentred
                && Math.abs(preluSlope - 0.25) < 1e-12 && lo >= RRELU_LOWER && hi <= RRELU_UPPER
                && Math.abs(mean - (RRELU_LOWER + RRELU_UPPER) / 2) < 0.01
                && Math.abs(rreluEval - (RRELU_LOWER + RRELU_UPPER) / 2) < 1e-9;
        return new Finding(String.format(java.util.Locale.ROOT,
                "Hardtanh(-2, 2) range [%s, %s]; zero-centred: sigmoid %s, tanh %s; PReLU slope for x < 0: %s; RReLU training "
                        + "slopes in [%.4f, %.4f], mean %.4f; evaluation slope %.4f",
                LabReport.num(hardtanh.min()), LabReport.num(hardtanh.max()), sigmoidCentred ? "yes" : "no",
                tanhCentred ? "yes" : "no", LabReport.num(preluSlope), lo, hi, mean, rreluEval), holds);
    }
}
