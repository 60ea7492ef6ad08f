package dev.kiln.cli.lab;

import dev.kiln.nn.Linear;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Generator;
import dev.kiln.tune.Sampler;
import dev.kiln.tune.Samplers;
import dev.kiln.tune.Study;
import dev.kiln.tune.Trial;
import dev.kiln.tune.TrialState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Hyper-parameter search as the notes describe it: the model's parameters are fitted on the
 * training set, its hyper-parameters searched on a validation set, and the result checked on a
 * test set. The task: softmax regression on the 8×8 digits trained by full-batch SGD for
 * {@link #STEPS} steps; the hyper-parameters: the learning rate (log scale, 10⁻³ to 10) and the
 * momentum (0 to 0.99); the value: the validation cross-entropy. Grid search, random search,
 * Bayesian optimisation (TPE and a Gaussian process) and a genetic algorithm from kiln-tune each
 * get the same budget of trials; the chart shows the best value found against the number of trials.
 */
final class SearchExperiment extends DescribedExperiment {
    /** Trials per search (the grid is 5 learning rates × 6 momenta). */
    static final int TRIALS = 30;
    /** Full-batch SGD steps per trial. */
    static final int STEPS = 40;
    /** Seeds each search is repeated with. */
    static final int REPEATS = 2;

    SearchExperiment() {
        super("hyperparameter-search", "Hyper-parameter search: grid vs random vs Bayesian vs genetic", Chapter.S002,
                "Hyper-parameters such as the learning rate are searched on a validation set — by grid search, random search, "
                        + "Bayesian optimisation or a genetic algorithm; a model-based (Bayesian) search uses the trials so far to "
                        + "choose the next, and finds a better value than grid or random search within the same number of trials.");
    }

    /** The data: train (1000), validation (400), test (the rest). */
    static LabTraining.Data[] splits(long seed) {
        LabTraining.Data d = LabTraining.digits(seed);
        return new LabTraining.Data[] {d.rows(0, 1000), d.rows(1000, 1400), d.rows(1400, d.size())};
    }

    /** Trains with the given hyper-parameters; returns {validation loss, test loss}. */
    static double[] evaluate(double lr, double momentum, LabTraining.Data[] data) {
        Linear model = new Linear(64, 10, new Generator(0));
        SGD opt = new SGD(model.parameters(), SGD.Options.of(lr).withMomentum(momentum));
        CrossEntropyLoss loss = new CrossEntropyLoss();
        for (int s = 0; s < STEPS; s++) {
            opt.zeroGrad();
            loss.forward(model.forward(data[0].x()), data[0].y()).backward();
            opt.step();
        }
        double val = LabTraining.loss(model, data[1]);
        return new double[] {Double.isFinite(val) ? val : Double.NaN, LabTraining.loss(model, data[2])};
    }

    /** The samplers compared, by name, each made from a seed. */
    static Map<String, LongFunction<Sampler>> samplers() {
        Map<String, LongFunction<Sampler>> m = new LinkedHashMap<>();
        List<Double> lrs = List.of(1e-3, 1e-2, 1e-1, 1.0, 10.0);
        List<Double> momenta = List.of(0.0, 0.2, 0.4, 0.6, 0.8, 0.99);
        m.put("grid", seed -> Samplers.grid(Map.of("lr", lrs, "momentum", momenta), seed));
        m.put("random", Samplers::random);
        m.put("Bayesian (TPE)", Samplers::tpe);
        m.put("Bayesian (GP)", Samplers::gp);
        m.put("genetic", Samplers::genetic);
        return m;
    }

    /** The best validation value after each trial (index t = after t + 1 trials), and the best trial's test loss. */
    static double[][] search(LongFunction<Sampler> sampler, long seed, LabTraining.Data[] data) {
        Study study = Study.minimize(sampler.apply(seed));
        study.optimize((Trial t) -> evaluate(t.suggestLogFloat("lr", 1e-3, 10), t.suggestFloat("momentum", 0, 0.99), data)[0],
                TRIALS);
        double[] best = new double[TRIALS];
        double so = Double.POSITIVE_INFINITY;
        int i = 0;
        for (var trial : study.trials()) {
            if (trial.state() == TrialState.COMPLETE && trial.value() < so) {
                so = trial.value();
            }
            if (i < TRIALS) {
                best[i++] = so;
            }
        }
        for (; i < TRIALS; i++) {
            best[i] = so;
        }
        Map<String, Object> p = study.bestParams();
        double test = evaluate(((Number) p.get("lr")).doubleValue(), ((Number) p.get("momentum")).doubleValue(), data)[1];
        return new double[][] {best, {test, ((Number) p.get("lr")).doubleValue(), ((Number) p.get("momentum")).doubleValue()}};
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        LabTraining.Data[] data = splits(seed);
        r.paragraph("Softmax regression on the 8×8 digits: 1000 for training, 400 for validation, " + data[2].size() + " for testing. "
                + "Each trial trains " + STEPS + " full-batch SGD steps with a learning rate in [1e-3, 10] (log) and a momentum in "
                + "[0, 0.99], and reports the validation cross-entropy. " + TRIALS + " trials per search, repeated with "
                + REPEATS + " seeds (the chart shows the mean best value so far).");
        Map<String, double[]> curves = new LinkedHashMap<>();
        List<List<String>> rows = new ArrayList<>();
        Map<String, Double> finalBest = new LinkedHashMap<>();
        for (Map.Entry<String, LongFunction<Sampler>> s : samplers().entrySet()) {
            double[] mean = new double[TRIALS];
            double test = 0;
            String params = "";
            for (int k = 0; k < REPEATS; k++) {
                double[][] run = search(s.getValue(), seed + k, data);
                for (int t = 0; t < TRIALS; t++) {
                    mean[t] += run[0][t] / REPEATS;
                }
                test += run[1][0] / REPEATS;
                params = String.format(Locale.ROOT, "lr %.3g, momentum %.2f", run[1][1], run[1][2]);
            }
            curves.put(s.getKey(), mean);
            finalBest.put(s.getKey(), mean[TRIALS - 1]);
            rows.add(List.of(s.getKey(), LabReport.num(mean[9]), LabReport.num(mean[TRIALS - 1]), LabReport.num(test), params));
        }
        r.table(List.of("search", "best validation loss after 10 trials", "after " + TRIALS, "test loss of the best",
                "best hyper-parameters (last seed)"), rows);
        double[] x = new double[TRIALS];
        for (int t = 0; t < TRIALS; t++) {
            x[t] = t + 1;
        }
        r.lineChart("search.png", "Best validation loss against the number of trials (mean of " + REPEATS + " seeds, log scale)",
                "trials", "best validation cross-entropy", x, curves, true);
        double bayes = Math.min(finalBest.get("Bayesian (TPE)"), finalBest.get("Bayesian (GP)"));
        boolean holds = bayes <= finalBest.get("grid") && bayes <= finalBest.get("random");
        StringBuilder m = new StringBuilder("best validation loss after " + TRIALS + " trials (mean of " + REPEATS + " seeds): ");
        finalBest.forEach((k, v) -> m.append(k).append(' ').append(String.format(Locale.ROOT, "%.4f", v)).append(", "));
        return new Finding(m.substring(0, m.length() - 2), holds);
    }
}
