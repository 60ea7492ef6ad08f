package dev.kiln.conformance;

import dev.kiln.optim.ParamGroupSpec;
import dev.kiln.optim.SGD;
import dev.kiln.optim.lr.ChainedScheduler;
import dev.kiln.optim.lr.ConstantLR;
import dev.kiln.optim.lr.CosineAnnealingLR;
import dev.kiln.optim.lr.CosineAnnealingWarmRestarts;
import dev.kiln.optim.lr.CosineDecay;
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
import dev.kiln.optim.lr.ReduceLROnPlateau;
import dev.kiln.optim.lr.SequentialLR;
import dev.kiln.optim.lr.StepLR;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the cases of {@code lr_schedulers.json} (SCHEMA.md §6): PyTorch schedulers on an SGD
 * optimiser (recording each step's lr, and momentum when cycled), and TensorFlow-style decays.
 */
public final class LrSchedulerSuite implements CaseRunner {
    @Override
    @SuppressWarnings("unchecked")
    public String run(Map<String, Object> c) {
        String op = (String) c.get("op");
        Map<String, Object> a = (Map<String, Object>) c.get("attrs");
        Map<String, Object> tol = (Map<String, Object>) c.get("tolerance");
        double rtol = ConformanceTensors.number(tol.get("rtol"));
        double atol = ConformanceTensors.number(tol.get("atol"));
        int steps = ((Number) c.get("num_steps")).intValue();
        if (!c.containsKey("base_lrs")) {
            return runDecay(op, a, c, steps, rtol, atol);
        }
        List<Object> bases = (List<Object>) c.get("base_lrs");
        boolean withMomentum = c.containsKey("momentums");
        SGD.Options defaults = SGD.Options.of(0.1).withMomentum(withMomentum ? 0.9 : 0);
        List<ParamGroupSpec> specs = new ArrayList<>();
        for (Object b : bases) {
            specs.add(new ParamGroupSpec(List.of(Tensor.zeros(2).requiresGrad(true)), ConformanceTensors.number(b), null));
        }
        SGD opt = new SGD(defaults, specs);
        int groups = bases.size();
        double[][] lrs = new double[groups][steps];
        double[][] moms = new double[groups][steps];
        List<Object> metrics = (List<Object>) c.get("metrics");
        ReduceLROnPlateau plateau = null;
        LRScheduler sched = null;
        if (op.equals("ReduceLROnPlateau")) {
            plateau = new ReduceLROnPlateau(opt, new ReduceLROnPlateau.Options(
                    ReduceLROnPlateau.Mode.valueOf(s(a, "mode").toUpperCase(Locale.ROOT)), d(a, "factor"),
                            (int) d(a, "patience"),
                    d(a, "threshold"), ReduceLROnPlateau.ThresholdMode.valueOf(s(a, "threshold_mode").toUpperCase(Locale.ROOT)),
                    (int) d(a, "cooldown"), doubles(a.get("min_lr")), d(a, "eps")));
        } else {
            sched = build(op, a, opt);
        }
        for (int t = 0; t < steps; t++) {
            for (int g = 0; g < groups; g++) {
                lrs[g][t] = opt.paramGroups().get(g).lr();
                moms[g][t] = opt.paramGroups().get(g).momentum();
            }
            opt.step();
            if (plateau != null) {
                plateau.step(ConformanceTensors.number(metrics.get(t)));
            } else {
                sched.step();
            }
        }
        String err = compareRows("lrs", lrs, (List<Object>) c.get("lrs"), rtol, atol);
        if (err == null && withMomentum) {
            err = compareRows("momentums", moms, (List<Object>) c.get("momentums"), rtol, atol);
        }
        return err;
    }

    @SuppressWarnings("unchecked")
    private static LRScheduler build(String op, Map<String, Object> a, SGD opt) {
        return switch (op) {
            case "StepLR" -> new StepLR(opt, (long) d(a, "step_size"), d(a, "gamma"));
            case "MultiStepLR" -> new MultiStepLR(opt, longs(a.get("milestones")), d(a, "gamma"));
            case "ExponentialLR" -> new ExponentialLR(opt, d(a, "gamma"));
            case "LinearLR" -> new LinearLR(opt, d(a, "start_factor"), d(a, "end_factor"), (long) d(a, "total_iters"));
            case "ConstantLR" -> new ConstantLR(opt, d(a, "factor"), (long) d(a, "total_iters"));
            case "PolynomialLR" -> new PolynomialLR(opt, (long) d(a, "total_iters"), d(a, "power"));
            case "CosineAnnealingLR" -> new CosineAnnealingLR(opt, (long) d(a, "T_max"), d(a, "eta_min"));
            case "CosineAnnealingWarmRestarts" -> new CosineAnnealingWarmRestarts(opt, (long) d(a, "T_0"),
                    (long) d(a, "T_mult"), d(a, "eta_min"));
            case "LambdaLR" -> {
                if (!"pow".equals(a.get("lambda"))) {
                    throw new UnsupportedOperationException("LambdaLR lambda " + a.get("lambda"));
                }
                double base = d(a, "base");
                yield new LambdaLR(opt, t -> Math.pow(base, t));
            }
            case "MultiplicativeLR" -> {
                if (!"constant".equals(a.get("lambda"))) {
                    throw new UnsupportedOperationException("MultiplicativeLR lambda " + a.get("lambda"));
                }
                double factor = d(a, "factor");
                yield new MultiplicativeLR(opt, t -> factor);
            }
            case "CyclicLR" -> {
                long up = (long) d(a, "step_size_up");
                long down = a.get("step_size_down") == null ? up : (long) d(a, "step_size_down");
                CyclicLR.MomentumRange mom = Boolean.TRUE.equals(a.get("cycle_momentum"))
                        ? new CyclicLR.MomentumRange(d(a, "base_momentum"), d(a, "max_momentum")) : null;
                yield new CyclicLR(opt, doubles(a.get("base_lr")), doubles(a.get("max_lr")), up, down,
                        CyclicLR.Mode.valueOf(s(a, "mode").toUpperCase(Locale.ROOT)), d(a, "gamma"), mom);
            }
            case "OneCycleLR" -> {
                boolean cycle = Boolean.TRUE.equals(a.get("cycle_momentum"));
                yield new OneCycleLR(opt,
                        new OneCycleLR.Options(doubles(a.get("max_lr")), (long) d(a, "total_steps"), d(a, "pct_start"),
                        OneCycleLR.Anneal.valueOf(s(a, "anneal_strategy").toUpperCase(Locale.ROOT)), d(a, "div_factor"),
                        d(a, "final_div_factor"), Boolean.TRUE.equals(a.get("three_phase")), cycle,
                        cycle ? d(a, "base_momentum") : 0.85, cycle ? d(a, "max_momentum") : 0.95));
            }
            case "SequentialLR", "ChainedScheduler" -> {
                List<LRScheduler> subs = new ArrayList<>();
                for (Object o : (List<Object>) a.get("schedulers")) {
                    Map<String, Object> sub = (Map<String, Object>) o;
                    subs.add(build((String) sub.get("op"), (Map<String, Object>) sub.get("attrs"), opt));
                }
                yield op.equals("SequentialLR") ? new SequentialLR(opt, subs,
                        longs(a.get("milestones"))) : new ChainedScheduler(subs);
            }
            default -> throw new UnsupportedOperationException("scheduler " + op);
        };
    }

    @SuppressWarnings("unchecked")
    private static String runDecay(String op, Map<String, Object> a, Map<String, Object> c, int steps, double rtol,
            double atol) {
        if (op.equals("noisy_linear_cosine_decay")) {
            var s = new NoisyLinearCosineDecay(d(a, "learning_rate"), (long) d(a, "decay_steps"), d(a, "initial_variance"),
                    d(a, "variance_decay"), d(a, "num_periods"), d(a, "alpha"), d(a, "beta"), 0);
            double[][] mean = new double[1][steps];
            double[][] std = new double[1][steps];
            for (int t = 0; t < steps; t++) {
                mean[0][t] = s.mean(t);
                std[0][t] = s.noiseStd(t);
            }
            String err = compareRows("lr_mean", mean, List.of(c.get("lr_mean")), rtol, atol);
            return err != null ? err : compareRows("lr_noise_std", std, List.of(c.get("lr_noise_std")), rtol, atol);
        }
        DecaySchedule s = switch (op) {
            case "exponential_decay" -> new ExponentialDecay(d(a, "learning_rate"), (long) d(a, "decay_steps"),
                    d(a, "decay_rate"), exponent(a));
            case "natural_exp_decay" -> new NaturalExpDecay(d(a, "learning_rate"), (long) d(a, "decay_steps"),
                    d(a, "decay_rate"), exponent(a));
            case "inverse_time_decay" -> new InverseTimeDecay(d(a, "learning_rate"), (long) d(a, "decay_steps"),
                    d(a, "decay_rate"), exponent(a));
            case "piecewise_constant" -> new PiecewiseConstantDecay(longs(a.get("boundaries")), doubles(a.get("values")));
            case "polynomial_decay" -> new PolynomialDecay(d(a, "learning_rate"), (long) d(a, "decay_steps"),
                    d(a, "end_learning_rate"), d(a, "power"),
                    Boolean.TRUE.equals(a.get("cycle")) ? PolynomialDecay.Past.CYCLE : PolynomialDecay.Past.HOLD);
            case "cosine_decay" -> new CosineDecay(d(a, "learning_rate"), (long) d(a, "decay_steps"), d(a, "alpha"));
            case "linear_cosine_decay" -> new LinearCosineDecay(d(a, "learning_rate"), (long) d(a, "decay_steps"),
                    d(a, "num_periods"), d(a, "alpha"), d(a, "beta"));
            default -> throw new UnsupportedOperationException("decay " + op);
        };
        double[][] lrs = new double[1][steps];
        for (int t = 0; t < steps; t++) {
            lrs[0][t] = s.lr(t);
        }
        return compareRows("lrs", lrs, List.of(c.get("lrs")), rtol, atol);
    }

    @SuppressWarnings("unchecked")
    private static String compareRows(String what, double[][] actual, List<Object> expected, double rtol, double atol) {
        if (expected.size() != actual.length) {
            return what + ": " + actual.length + " groups, expected " + expected.size();
        }
        for (int g = 0; g < actual.length; g++) {
            List<Object> row = (List<Object>) expected.get(g);
            if (row.size() != actual[g].length) {
                return what + "[" + g + "]: " + actual[g].length + " steps, expected " + row.size();
            }
            for (int t = 0; t < row.size(); t++) {
                double e = ConformanceTensors.number(row.get(t));
                double x = actual[g][t];
                if (!ConformanceTensors.matches(x, e, rtol, atol)) {
                    return what + "[" + g + "][" + t + "] is " + x + ", expected " + e;
                }
            }
        }
        return null;
    }

    /** TensorFlow's {@code staircase} flag as the decays' exponent. */
    private static DecaySchedule.Exponent exponent(Map<String, Object> a) {
        return Boolean.TRUE.equals(a.get("staircase")) ? DecaySchedule.Exponent.STAIRCASE : DecaySchedule.Exponent.CONTINUOUS;
    }

    private static double d(Map<String, Object> a, String key) {
        Object v = a.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing attr " + key);
        }
        return ConformanceTensors.number(v);
    }

    private static String s(Map<String, Object> a, String key) {
        return (String) a.get(key);
    }

    private static double[] doubles(Object v) {
        if (v instanceof List<?> list) {
            double[] out = new double[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = ConformanceTensors.number(list.get(i));
            }
            return out;
        }
        return new double[] {ConformanceTensors.number(v)};
    }

    private static long[] longs(Object v) {
        double[] ds = doubles(v);
        long[] out = new long[ds.length];
        for (int i = 0; i < ds.length; i++) {
            out[i] = (long) ds[i];
        }
        return out;
    }
}
