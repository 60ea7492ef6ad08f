package dev.kiln.tune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One evaluation of the objective, define-by-run as in Optuna: the objective asks for each parameter
 * as it needs it ({@code suggestFloat("lr", 1e-4, 1e-1)}), so conditional search spaces are plain
 * {@code if}s.
 *
 * <pre>{@code
 * study.optimize(t -> {
 *     String model = t.suggestCategorical("model", List.of("linear", "mlp"));
 *     int width = model.equals("mlp") ? t.suggestInt("width", 16, 256) : 0;
 *     for (int epoch = 0; epoch < 20; epoch++) {
 *         double loss = trainOneEpoch(model, width);
 *         t.report(epoch, loss);
 *         if (t.shouldPrune()) throw new TrialPrunedException();
 *     }
 *     return loss;
 * }, 50);
 * }</pre>
 *
 * <p>Asking twice for the same name returns the first value (the distributions must agree).
 * A Trial is used by one thread at a time.
 */
public final class Trial {

    /** System attribute holding an enqueued trial's fixed parameters. */
    public static final String FIXED_PARAMS = "fixed_params";
    /** System attribute holding why a trial failed. */
    public static final String FAIL_REASON = "fail_reason";

    private final Study study;
    private final int number;
    private final Map<String, Object> fixedParams;
    private final Map<String, Distribution> relativeSpace;
    private final Map<String, Object> relativeParams;
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final Map<String, Distribution> distributions = new LinkedHashMap<>();
    private boolean finished;

    Trial(Study study, FrozenTrial started) {
        this.study = study;
        this.number = started.number();
        this.fixedParams = fixedParamsOf(started);
        Map<String, Distribution> space = study.sampler().inferRelativeSearchSpace(study, started);
        this.relativeSpace = space == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(space));
        Map<String, Object> rel = relativeSpace.isEmpty() ? Map.of()
                : study.sampler().sampleRelative(study, started, relativeSpace);
        this.relativeParams = rel == null ? Map.of() : new LinkedHashMap<>(rel);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fixedParamsOf(FrozenTrial t) {
        Object f = t.systemAttrs().get(FIXED_PARAMS);
        return f instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The trial's number in its study, from 0. */
    public int number() {
        return number;
    }

    /** The study this trial belongs to. */
    public Study study() {
        return study;
    }

    /** A float from [low, high], uniformly. */
    public double suggestFloat(String name, double low, double high) {
        return (Double) suggest(name, FloatDistribution.uniform(low, high));
    }

    /** A float from {low, low+step, …} up to high. */
    public double suggestFloat(String name, double low, double high, double step) {
        return (Double) suggest(name, FloatDistribution.stepped(low, high, step));
    }

    /** A float from [low, high], uniformly in log space (low &gt; 0): for learning rates, weight decay. */
    public double suggestLogFloat(String name, double low, double high) {
        return (Double) suggest(name, FloatDistribution.log(low, high));
    }

    /** An integer from low..high inclusive. */
    public int suggestInt(String name, int low, int high) {
        return (Integer) suggest(name, IntDistribution.uniform(low, high));
    }

    /** An integer from {low, low+step, …} up to high. */
    public int suggestInt(String name, int low, int high, int step) {
        return (Integer) suggest(name, IntDistribution.stepped(low, high, step));
    }

    /** An integer from low..high inclusive, uniformly in log space (low ≥ 1): for widths, batch sizes. */
    public int suggestLogInt(String name, int low, int high) {
        return (Integer) suggest(name, IntDistribution.log(low, high));
    }

    /** One of {@code choices} (strings, numbers, booleans or null). */
    @SuppressWarnings("unchecked")
    public <T> T suggestCategorical(String name, List<T> choices) {
        return (T) suggest(name, CategoricalDistribution.of(choices));
    }

    /**
     * A value for parameter {@code name} from {@code distribution}: the value already given to this
     * name in this trial; else the enqueued value; else the sampler's joint sample; else its
     * independent sample.
     */
    public synchronized Object suggest(String name, Distribution distribution) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("suggest: a parameter needs a non-empty name");
        }
        checkRunning("suggest " + name);
        Distribution previous = distributions.get(name);
        if (previous != null) {
            if (!Distributions.compatible(previous, distribution)) {
                throw new IllegalArgumentException("suggest " + name + ": already suggested from " + previous
                        + " in this trial, now asked from " + distribution);
            }
            return params.get(name);
        }
        Object value;
        if (fixedParams.containsKey(name)) {
            Object fixed = fixedParams.get(name);
            double internal = distribution.toInternal(fixed);
            if (!distribution.contains(internal)) {
                throw new IllegalArgumentException("suggest " + name + ": the enqueued value " + fixed
                        + " is outside " + distribution);
            }
            value = distribution.toExternal(internal);
        } else if (relativeParams.containsKey(name) && Distributions.compatible(relativeSpace.get(name), distribution)) {
            value = relativeParams.get(name);
        } else if (distribution.isSingle()) {
            value = distribution.toExternal(distribution.toInternal(firstValue(distribution)));
        } else {
            value = study.sampler().sampleIndependent(study, frozen(), name, distribution);
        }
        double internal = distribution.toInternal(value);
        if (!distribution.contains(internal)) {
            throw new IllegalStateException("suggest " + name + ": the sampler proposed " + value
                    + ", outside " + distribution);
        }
        value = distribution.toExternal(internal);
        study.storage().setParam(study.id(), number, name, distribution, value);
        params.put(name, value);
        distributions.put(name, distribution);
        return value;
    }

    private static Object firstValue(Distribution d) {
        return switch (d) {
            case FloatDistribution f -> f.low();
            case IntDistribution i -> i.low();
            case CategoricalDistribution c -> c.choices().getFirst();
        };
    }

    /** The parameters suggested so far, in order. */
    public synchronized Map<String, Object> params() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** The distributions of the parameters suggested so far. */
    public synchronized Map<String, Distribution> distributions() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(distributions));
    }

    /**
     * Records an intermediate objective value at {@code step} (an epoch, say) for the pruner and the
     * history; a repeated step overwrites. Non-finite values are recorded too.
     */
    public void report(int step, double value) {
        if (step < 0) {
            throw new IllegalArgumentException("report: step must be >= 0, got " + step);
        }
        checkRunning("report");
        study.storage().setIntermediateValue(study.id(), number, step, value);
    }

    /** True when the study's pruner says this trial should stop now (then throw {@link TrialPrunedException}). */
    public boolean shouldPrune() {
        checkRunning("shouldPrune");
        if (study.directions().size() > 1) {
            throw new IllegalStateException("shouldPrune: pruning is not defined for multi-objective studies");
        }
        return study.pruner().prune(study, frozen());
    }

    /** Sets a user attribute (a string, number, boolean, or a list/map of those), kept with the trial. */
    public void setUserAttr(String key, Object value) {
        study.storage().setUserAttr(study.id(), number, key, value);
    }

    /** The user attributes set so far. */
    public Map<String, Object> userAttrs() {
        return frozen().userAttrs();
    }

    /**
     * Sets the trial's constraint values: each {@code c ≤ 0} is satisfied, {@code c > 0} violated by c.
     * Samplers that handle constraints (TPE, NSGA-II) and {@link Study#bestTrials()} read them.
     */
    public void setConstraints(double... constraints) {
        List<Double> list = new ArrayList<>();
        for (double c : constraints) {
            if (Double.isNaN(c)) {
                throw new IllegalArgumentException("setConstraints: a constraint value is NaN");
            }
            list.add(c);
        }
        study.storage().setConstraints(study.id(), number, list);
    }

    /** A snapshot of this trial as stored. */
    public FrozenTrial frozen() {
        return study.storage().trial(study.id(), number);
    }

    synchronized void markFinished() {
        finished = true;
    }

    synchronized boolean isFinished() {
        return finished;
    }

    private void checkRunning(String what) {
        if (isFinished()) {
            throw new IllegalStateException(what + ": trial " + number + " is already finished");
        }
    }

    @Override
    public String toString() {
        return "Trial " + number + " " + params();
    }
}
