package dev.kiln.cli.lab;

import dev.kiln.optim.SGD;
import dev.kiln.optim.lr.ChainedScheduler;
import dev.kiln.optim.lr.ConstantLR;
import dev.kiln.optim.lr.CosineAnnealingLR;
import dev.kiln.optim.lr.CosineAnnealingWarmRestarts;
import dev.kiln.optim.lr.CosineDecay;
import dev.kiln.optim.lr.CosineDecayRestarts;
import dev.kiln.optim.lr.CyclicLR;
import dev.kiln.optim.lr.DecaySchedule;
import dev.kiln.optim.lr.ExponentialDecay;
import dev.kiln.optim.lr.ExponentialLR;
import dev.kiln.optim.lr.InverseTimeDecay;
import dev.kiln.optim.lr.LRScheduler;
import dev.kiln.optim.lr.LambdaLR;
import dev.kiln.optim.lr.LinearCosineDecay;
import dev.kiln.optim.lr.LinearLR;
import dev.kiln.optim.lr.MultiStepLR;
import dev.kiln.optim.lr.MultiplicativeLR;
import dev.kiln.optim.lr.NaturalExpDecay;
import dev.kiln.optim.lr.NoisyLinearCosineDecay;
import dev.kiln.optim.lr.OneCycleLR;
import dev.kiln.optim.lr.PiecewiseConstantDecay;
import dev.kiln.optim.lr.PolynomialDecay;
import dev.kiln.optim.lr.PolynomialLR;
import dev.kiln.optim.lr.ScheduleLR;
import dev.kiln.optim.lr.SequentialLR;
import dev.kiln.optim.lr.StepLR;
import dev.kiln.tensor.Tensor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kiln lab schedules}: the curve of every learning-rate schedule of the notes over a number
 * of steps from lr 0.1. Each scheduler drives an SGD over a dummy parameter, as in the conformance
 * protocol: record the group's lr, {@code optimizer.step()}, {@code scheduler.step()}. The
 * TensorFlow-style closed-form decays are driven through {@link ScheduleLR}.
 */
@Command(name = "schedules", mixinStandardHelpOptions = true,
        description = "Plot every learning-rate schedule (PyTorch schedulers and TF-style decays) from lr 0.1.")
final class SchedulesExperiment implements Callable<Integer>, Experiment {
    /** The initial learning rate. */
    static final double LR = 0.1;

    /**
     * A schedule: its name, its settings, the chart it belongs to and how to attach it to an
     * optimiser; or, with {@code direct} set, a closed form evaluated directly (the noisy decay,
     * whose noise may make the lr negative, which an optimiser rejects).
     */
    record Schedule(String name, String settings, String group, Function<SGD, LRScheduler> make, DecaySchedule direct) {
        Schedule(String name, String settings, String group, Function<SGD, LRScheduler> make) {
            this(name, settings, group, make, null);
        }
    }

    @Mixin
    LabOptions options;

    @Option(names = "--steps", description = "Steps to plot (default ${DEFAULT-VALUE}).")
    int steps = 100;

    /** Every schedule, with settings scaled to {@code n} steps. */
    static List<Schedule> schedules(int n, long seed) {
        long q = Math.max(1, n / 4);
        long tenth = Math.max(1, n / 10);
        List<Schedule> s = new ArrayList<>();
        String decay = "Step-wise decays";
        s.add(new Schedule("StepLR", "step_size " + (n * 3 / 10 == 0 ? 1 : n * 3 / 10) + ", gamma 0.5", decay,
                o -> new StepLR(o, Math.max(1, n * 3 / 10), 0.5)));
        s.add(new Schedule("MultiStepLR", "milestones " + (n * 3 / 10) + "," + (n * 8 / 10) + ", gamma 0.1", decay,
                o -> new MultiStepLR(o, new long[] {n * 3 / 10, n * 8 / 10}, 0.1)));
        s.add(new Schedule("ExponentialLR", "gamma 0.96", decay, o -> new ExponentialLR(o, 0.96)));
        s.add(new Schedule("ConstantLR", "factor 1/3, total_iters " + q, decay, o -> new ConstantLR(o, 1.0 / 3, q)));
        s.add(new Schedule("PolynomialLR", "total_iters " + n + ", power 2", decay, o -> new PolynomialLR(o, n, 2)));
        s.add(new Schedule("LambdaLR", "λ(t) = 1/(1 + 0.05t)", decay, o -> new LambdaLR(o, t -> 1 / (1 + 0.05 * t))));
        s.add(new Schedule("MultiplicativeLR", "λ = 0.98", decay, o -> new MultiplicativeLR(o, t -> 0.98)));
        String cyc = "Warm-up, cyclic and composed";
        s.add(new Schedule("LinearLR", "0.1 → 1 over " + q, cyc, o -> new LinearLR(o, 0.1, 1.0, q)));
        s.add(new Schedule("CyclicLR triangular", "0.01 ↔ 0.1, up/down " + tenth, cyc,
                o -> new CyclicLR(o, new double[] {0.01}, new double[] {LR}, tenth, tenth, CyclicLR.Mode.TRIANGULAR, 1, null)));
        s.add(new Schedule("CyclicLR triangular2", "0.01 ↔ 0.1, up/down " + tenth, cyc,
                o -> new CyclicLR(o, new double[] {0.01}, new double[] {LR}, tenth, tenth, CyclicLR.Mode.TRIANGULAR2, 1, null)));
        s.add(new Schedule("OneCycleLR", "max_lr 0.1, total " + n + ", pct 0.3, cos", cyc,
                o -> new OneCycleLR(o, new OneCycleLR.Options(new double[] {LR}, n, 0.3, OneCycleLR.Anneal.COS, 25, 1e4,
                        false, false, 0.85, 0.95))));
        s.add(new Schedule("SequentialLR", "LinearLR(0.1→1, " + tenth + ") then CosineAnnealingLR(" + (n - tenth) + ")", cyc,
                o -> new SequentialLR(o, List.of(new LinearLR(o, 0.1, 1.0, tenth), new CosineAnnealingLR(o, n - tenth, 0)),
                        new long[] {tenth})));
        s.add(new Schedule("ChainedScheduler", "ConstantLR(0.5, " + tenth + ") × ExponentialLR(0.97)", cyc,
                o -> new ChainedScheduler(List.of(new ConstantLR(o, 0.5, tenth), new ExponentialLR(o, 0.97)))));
        String cos = "Cosine annealing";
        s.add(new Schedule("CosineAnnealingLR", "T_max " + n + ", eta_min 0", cos, o -> new CosineAnnealingLR(o, n, 0)));
        s.add(new Schedule("CosineAnnealingLR (half)", "T_max " + n / 2 + ", eta_min 0.001 (rises after T_max)", cos,
                o -> new CosineAnnealingLR(o, Math.max(1, n / 2), 0.001)));
        s.add(new Schedule("CosineAnnealingWarmRestarts", "T_0 " + tenth + ", T_mult 2, eta_min 0.001", cos,
                o -> new CosineAnnealingWarmRestarts(o, tenth, 2, 0.001)));
        s.add(tfDecay("exponential_decay", "decay_steps " + tenth + ", rate 0.8", new ExponentialDecay(LR, tenth, 0.8, DecaySchedule.Exponent.CONTINUOUS)));
        s.add(tfDecay("exponential_decay staircase", "decay_steps " + tenth + ", rate 0.8",
                new ExponentialDecay(LR, tenth, 0.8, DecaySchedule.Exponent.STAIRCASE)));
        s.add(tfDecay("piecewise_constant", "boundaries " + q + "," + 2 * q + "; 0.1, 0.05, 0.01",
                new PiecewiseConstantDecay(new long[] {q, 2 * q}, new double[] {LR, 0.05, 0.01})));
        s.add(tfDecay("polynomial_decay", "decay_steps " + n + ", end 0.001, power 2",
                new PolynomialDecay(LR, n, 0.001, 2, PolynomialDecay.Past.HOLD)));
        s.add(tfDecay("polynomial_decay cycle", "decay_steps " + q + ", end 0.001, power 1, cycle",
                new PolynomialDecay(LR, q, 0.001, 1, PolynomialDecay.Past.CYCLE)));
        s.add(tfDecay("natural_exp_decay", "decay_steps " + tenth + ", rate 0.3", new NaturalExpDecay(LR, tenth, 0.3, DecaySchedule.Exponent.CONTINUOUS)));
        s.add(tfDecay("inverse_time_decay", "decay_steps " + tenth + ", rate 0.5", new InverseTimeDecay(LR, tenth, 0.5, DecaySchedule.Exponent.CONTINUOUS)));
        s.add(tfDecay("cosine_decay", "decay_steps " + n + ", alpha 0.1", new CosineDecay(LR, n, 0.1)));
        s.add(tfDecay("cosine_decay_restarts", "first " + tenth * 2 + ", t_mul 2, m_mul 0.8, alpha 0.01",
                new CosineDecayRestarts(LR, tenth * 2, 2, 0.8, 0.01)));
        s.add(tfDecay("linear_cosine_decay", "decay_steps " + n + ", periods 2, beta 0.001",
                new LinearCosineDecay(LR, n, 2, 0, 0.001)));
        s.add(new Schedule("noisy_linear_cosine_decay", "lr0 0.1, decay_steps " + n + ", variance 0.1, periods 2, beta 0.001"
                + " (evaluated directly: the noise can make it negative)", "TF-style closed-form decays", null,
                new NoisyLinearCosineDecay(LR, n, 0.1, 0.55, 2, 0, 0.001, seed)));
        return s;
    }

    /** The number of steps the notes' examples are drawn over. */
    static final int NOTES_STEPS = 120;

    /** The schedulers with the notes' own settings (sections 9.3.6–9.3.17 of 002), from lr 0.1. */
    static List<Schedule> notesSchedules() {
        String g = "The notes' settings";
        return List.of(
                new Schedule("StepLR", "step_size 30, gamma 0.1", g, o -> new StepLR(o, 30, 0.1)),
                new Schedule("MultiStepLR", "milestones 30,80, gamma 0.5", g, o -> new MultiStepLR(o, new long[] {30, 80}, 0.5)),
                new Schedule("ExponentialLR", "gamma 0.9", g, o -> new ExponentialLR(o, 0.9)),
                new Schedule("LinearLR", "factor 1 → 0.1 over 80", g, o -> new LinearLR(o, 1, 0.1, 80)),
                new Schedule("CyclicLR", "base 0.1, max 0.2, up 30, down 10", g,
                        o -> new CyclicLR(o, new double[] {0.1}, new double[] {0.2}, 30, 10, CyclicLR.Mode.TRIANGULAR, 1, null)),
                new Schedule("OneCycleLR", "max 0.1, pct_start 0.5, total 120, div 10, final_div 10", g,
                        o -> new OneCycleLR(o, new OneCycleLR.Options(new double[] {0.1}, NOTES_STEPS, 0.5, OneCycleLR.Anneal.COS, 10,
                                10, false, false, 0.85, 0.95))),
                new Schedule("CosineAnnealingLR", "T_max 20, eta_min 0.05", g, o -> new CosineAnnealingLR(o, 20, 0.05)),
                new Schedule("CosineAnnealingWarmRestarts", "T_0 20, T_mult 2, eta_min 0.01", g,
                        o -> new CosineAnnealingWarmRestarts(o, 20, 2, 0.01)),
                new Schedule("LambdaLR", "λ = 0.9^epoch", g, o -> new LambdaLR(o, t -> Math.pow(0.9, t))),
                new Schedule("SequentialLR", "ExponentialLR(0.9), then LinearLR(1 → 0.1, 80) from 50", g,
                        o -> new SequentialLR(o, List.of(new ExponentialLR(o, 0.9), new LinearLR(o, 1, 0.1, 80)), new long[] {50})),
                new Schedule("ChainedScheduler", "LinearLR(1 → 0.5, 10) × ExponentialLR(0.95)", g,
                        o -> new ChainedScheduler(List.of(new LinearLR(o, 1, 0.5, 10), new ExponentialLR(o, 0.95)))),
                new Schedule("ConstantLR", "factor 0.5, total_iters 80", g, o -> new ConstantLR(o, 0.5, 80)));
    }

    private static Schedule tfDecay(String name, String settings, DecaySchedule d) {
        return new Schedule(name, "lr0 0.1, " + settings, "TF-style closed-form decays", o -> new ScheduleLR(o, d));
    }

    /** The lr of each of {@code n} steps (read before each optimiser step). */
    static double[] curve(Schedule s, int n) {
        if (s.direct() != null) {
            double[] lr = new double[n];
            for (int t = 0; t < n; t++) {
                lr[t] = s.direct().lr(t);
            }
            return lr;
        }
        SGD opt = new SGD(List.of(Tensor.zeros(2).requiresGrad(true)), SGD.Options.of(LR));
        LRScheduler sched = s.make().apply(opt);
        double[] lr = new double[n];
        for (int t = 0; t < n; t++) {
            lr[t] = opt.paramGroups().get(0).lr();
            opt.step();
            if (t < n - 1) {
                sched.step();
            }
        }
        return lr;
    }

    @Override
    public Integer call() throws Exception {
        execute(System.out);
        return 0;
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) < 1e-9;
    }

    @Override
    public String id() {
        return "schedules";
    }

    @Override
    public String title() {
        return "Learning-rate schedules, with the notes' settings";
    }

    @Override
    public Chapter chapter() {
        return Chapter.S002;
    }

    @Override
    public String claim() {
        return "CyclicLR(base_lr 0.1, max_lr 0.2, step_size_up 30, step_size_down 10) climbs from 0.1 to 0.2 in 30 steps and falls back "
                + "in 10 (a 40-step cycle); OneCycleLR(max_lr 0.1, pct_start 0.5, total_steps 120, div_factor 10) starts at "
                + "max_lr/div_factor = 0.01, peaks at 0.1 half-way and anneals down; StepLR(30, 0.1) divides the lr by 10 every 30 steps.";
    }

    void execute(PrintStream out) throws Exception {
        if (steps < 4 || steps > 100_000) {
            throw new IllegalArgumentException("--steps must be between 4 and 100000, got " + steps);
        }
        LabBook.runOne(this, options.dir("schedules"), options.seed, out);
    }

    @Override
    public Finding run(LabReport r, long seed) throws java.io.IOException {
        r.paragraph("Each scheduler drives an SGD optimiser over a dummy parameter: the lr of step t is read from the "
                + "parameter group before optimizer.step() and scheduler.step(). TF-style decays are closed forms lr(step) "
                + "driven through ScheduleLR.");
        int[] marks = {0, steps / 10, steps / 4, steps / 2, 3 * steps / 4, steps - 1};
        List<String> headers = new ArrayList<>(List.of("schedule"));
        for (int m : marks) {
            headers.add("lr@" + m);
        }
        headers.add("min");
        headers.add("settings");
        List<List<String>> rows = new ArrayList<>();
        Map<String, Map<String, double[]>> groups = new LinkedHashMap<>();
        for (Schedule s : schedules(steps, seed)) {
            double[] lr = curve(s, steps);
            List<String> row = new ArrayList<>(List.of(s.name()));
            double min = Double.POSITIVE_INFINITY;
            for (double v : lr) {
                min = Math.min(min, v);
            }
            for (int m : marks) {
                row.add(LabReport.num(lr[m]));
            }
            row.add(LabReport.num(min));
            row.add(s.settings());
            rows.add(row);
            groups.computeIfAbsent(s.group(), k -> new LinkedHashMap<>()).put(s.name(), lr);
        }
        r.table(headers, rows);
        double[] x = new double[steps];
        for (int i = 0; i < steps; i++) {
            x[i] = i;
        }
        int i = 0;
        for (Map.Entry<String, Map<String, double[]>> g : groups.entrySet()) {
            r.lineChart("schedules_" + (++i) + ".png", g.getKey(), "step", "learning rate", x, g.getValue(), false);
        }
        r.heading("The notes' own settings, over " + NOTES_STEPS + " steps from lr 0.1");
        Map<String, double[]> notes = new LinkedHashMap<>();
        List<List<String>> nrows = new ArrayList<>();
        for (Schedule s : notesSchedules()) {
            double[] lr = curve(s, NOTES_STEPS);
            notes.put(s.name(), lr);
            nrows.add(List.of(s.name(), s.settings(), LabReport.num(lr[0]), LabReport.num(lr[30]), LabReport.num(lr[40]),
                    LabReport.num(lr[60]), LabReport.num(lr[NOTES_STEPS - 1])));
        }
        r.table(List.of("schedule", "settings (the notes')", "lr@0", "lr@30", "lr@40", "lr@60", "lr@119"), nrows);
        double[] nx = new double[NOTES_STEPS];
        for (int t = 0; t < NOTES_STEPS; t++) {
            nx[t] = t;
        }
        r.lineChart("schedules_notes.png", "The notes' settings", "step", "learning rate", nx, notes, false);
        double[] cyc = notes.get("CyclicLR");
        double[] one = notes.get("OneCycleLR");
        double[] step = notes.get("StepLR");
        int peak = 0;
        for (int t = 1; t < NOTES_STEPS; t++) {
            peak = one[t] > one[peak] ? t : peak;
        }
        double oneEnd = one[NOTES_STEPS - 1];
        r.paragraph("The notes say OneCycleLR ends at max_lr/final_div_factor = 0.01; PyTorch (and Kiln) end at "
                + "initial_lr/final_div_factor = max_lr/(div_factor·final_div_factor) = 0.001: measured " + LabReport.num(oneEnd) + ".");
        boolean holds = close(cyc[0], 0.1) && close(cyc[30], 0.2) && close(cyc[40], 0.1) && close(cyc[70], 0.2)
                && close(one[0], 0.01) && Math.abs(peak - 60) <= 1 && close(one[peak], 0.1) && oneEnd < 0.01
                && close(step[29], 0.1) && close(step[30], 0.01) && close(step[60], 0.001);
        return new Finding(String.format(java.util.Locale.ROOT,
                "CyclicLR lr@0 %s, lr@30 %s, lr@40 %s, lr@70 %s; OneCycleLR lr@0 %s, peak %s at step %d, lr@119 %s; "
                        + "StepLR lr@29 %s, lr@30 %s, lr@60 %s",
                LabReport.num(cyc[0]), LabReport.num(cyc[30]), LabReport.num(cyc[40]), LabReport.num(cyc[70]), LabReport.num(one[0]),
                LabReport.num(one[peak]), peak, LabReport.num(oneEnd), LabReport.num(step[29]), LabReport.num(step[30]),
                LabReport.num(step[60])), holds);
    }
}
