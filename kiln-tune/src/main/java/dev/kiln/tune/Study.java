package dev.kiln.tune;

import dev.kiln.tensor.Kiln;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A hyper-parameter search: a history of trials, a sampler that proposes the next one, a pruner that
 * stops bad ones early, kept in a {@link Storage}.
 *
 * <pre>{@code
 * Study study = Study.minimize(Samplers.tpe(0));
 * study.optimize(t -> branin(t.suggestFloat("x1", -5, 10), t.suggestFloat("x2", 0, 15)), 100);
 * double best = study.bestValue();
 * Map<String, Object> p = study.bestParams();
 * }</pre>
 *
 * <p>Multi-objective studies ({@code Study.builder().directions(MINIMIZE, MAXIMIZE)}) are optimised
 * with {@link #optimizeMulti} and read with {@link #bestTrials()} (the Pareto front). Ask-and-tell
 * ({@link #ask()}, {@link #tell(Trial, double...)}) lets the caller drive the loop. Every method is
 * safe to call from several threads.
 */
public final class Study {
    private static final Logger LOG = Logger.getLogger(Study.class.getName());

    private final Storage storage;
    private final long id;
    private final String name;
    private final List<StudyDirection> directions;
    private final Sampler sampler;
    private final Pruner pruner;
    private volatile TrialListener listener = (study, trial) -> { };
    private volatile boolean stopRequested;

    Study(Storage storage, long id, String name, List<StudyDirection> directions, Sampler sampler, Pruner pruner) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.id = id;
        this.name = name;
        this.directions = List.copyOf(directions);
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        this.pruner = Objects.requireNonNull(pruner, "pruner");
    }

    /** A new in-memory study that minimises one objective. */
    public static Study minimize(Sampler sampler) {
        return builder().sampler(sampler).directions(StudyDirection.MINIMIZE).create();
    }

    /** A new in-memory study that maximises one objective. */
    public static Study maximize(Sampler sampler) {
        return builder().sampler(sampler).directions(StudyDirection.MAXIMIZE).create();
    }

    /** A builder for every other case: several directions, a pruner, a persistent storage, a name. */
    public static StudyBuilder builder() {
        return new StudyBuilder();
    }

    /**
     * Re-opens the study {@code name} in {@code storage} with the default sampler (TPE) and no pruner;
     * see {@link StudyBuilder#load()} to choose them. Trials left RUNNING by a dead process are marked FAIL.
     */
    public static Study load(Storage storage, String name) {
        return builder().storage(storage).name(name).load();
    }

    /** The study's name in its storage. */
    public String name() {
        return name;
    }

    /** The directions, one per objective. */
    public List<StudyDirection> directions() {
        return directions;
    }

    /** The direction of a single-objective study. */
    public StudyDirection direction() {
        if (directions.size() != 1) {
            throw new IllegalStateException("direction(): the study has " + directions.size() + " objectives; use directions()");
        }
        return directions.getFirst();
    }

    /** True when the study has more than one objective. */
    public boolean isMultiObjective() {
        return directions.size() > 1;
    }

    /** The sampler. */
    public Sampler sampler() {
        return sampler;
    }

    /** The pruner. */
    public Pruner pruner() {
        return pruner;
    }

    /** The storage. */
    public Storage storage() {
        return storage;
    }

    long id() {
        return id;
    }

    /** Records an attribute of the study (kept by the storage, so a resumed study sees it); see {@link Storage#setStudyAttr}. */
    public void setUserAttr(String key, Object value) {
        storage.setStudyAttr(id, key, value);
    }

    /** The study's attributes, by key. */
    public Map<String, Object> userAttrs() {
        return storage.studyAttrs(id);
    }

    /** Called after every finished trial (e.g. to print a progress line); replaces the previous listener. */
    public void setListener(TrialListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Asks the running {@link #optimize} to start no further trial (trials already running finish);
     * the grid sampler calls it when the grid is exhausted. The next optimize call starts afresh.
     */
    public void stop() {
        stopRequested = true;
    }

    // ---------------------------------------------------------------- history

    /** Every trial, by number. */
    public List<FrozenTrial> trials() {
        return storage.trials(id);
    }

    /** The trials in one of the given states, by number. */
    public List<FrozenTrial> trials(TrialState first, TrialState... more) {
        EnumSet<TrialState> states = EnumSet.of(first, more);
        return storage.trials(id).stream().filter(t -> states.contains(t.state())).toList();
    }

    /** The COMPLETE trials, by number. */
    public List<FrozenTrial> completedTrials() {
        return trials(TrialState.COMPLETE);
    }

    /**
     * The best COMPLETE trial of a single-objective study; when constraints are set, the best feasible one.
     *
     * @throws NoSuchElementException when no trial is complete (and feasible)
     */
    public FrozenTrial bestTrial() {
        StudyDirection d = direction();
        FrozenTrial best = null;
        for (FrozenTrial t : completedTrials()) {
            if (t.feasible() && (best == null || d.better(t.value(), best.value()))) {
                best = t;
            }
        }
        if (best == null) {
            throw new NoSuchElementException("study " + name + ": no completed (feasible) trial yet");
        }
        return best;
    }

    /** The best objective value; see {@link #bestTrial()}. */
    public double bestValue() {
        return bestTrial().value();
    }

    /** The parameters of the best trial; see {@link #bestTrial()}. */
    public Map<String, Object> bestParams() {
        return bestTrial().params();
    }

    /**
     * The Pareto front: the COMPLETE feasible trials that no other such trial dominates (a trial
     * dominates another when it is no worse in every objective and better in one). For a
     * single-objective study, every trial tied with the best value.
     */
    public List<FrozenTrial> bestTrials() {
        List<FrozenTrial> feasible = completedTrials().stream().filter(FrozenTrial::feasible).toList();
        return ParetoFront.of(feasible, directions);
    }

    // ---------------------------------------------------------------- ask and tell

    /** Adds a trial with fixed parameters, run before any sampled one (manual search). */
    public void enqueue(Map<String, Object> params) {
        Objects.requireNonNull(params, "enqueue: params");
        storage.createTrial(id, TrialState.WAITING, params);
    }

    /** Starts a new trial (an enqueued one first) for the caller to evaluate and {@link #tell}. */
    public Trial ask() {
        FrozenTrial started = storage.claimWaitingTrial(id)
                .orElseGet(() -> storage.createTrial(id, TrialState.RUNNING, Map.of()));
        try {
            sampler.beforeTrial(this, started);
            return new Trial(this, started);
        } catch (RuntimeException e) {
            // the sampler failed before the objective ran: the trial must not stay RUNNING
            storage.setSystemAttr(id, started.number(), Trial.FAIL_REASON, "the sampler failed: " + e);
            storage.finishTrial(id, started.number(), TrialState.FAIL, List.of());
            throw e;
        }
    }

    /** Finishes a trial as COMPLETE with its objective values (one per direction); NaN values make it FAIL. */
    public FrozenTrial tell(Trial trial, double... values) {
        if (values.length != directions.size()) {
            throw new IllegalArgumentException("tell: the study has " + directions.size() + " objectives, got "
                    + values.length + " values");
        }
        for (double v : values) {
            if (Double.isNaN(v)) {
                storage.setSystemAttr(id, trial.number(), Trial.FAIL_REASON, "the objective returned NaN");
                return finish(trial, TrialState.FAIL, List.of());
            }
        }
        List<Double> list = new ArrayList<>();
        for (double v : values) {
            list.add(v);
        }
        return finish(trial, TrialState.COMPLETE, list);
    }

    /**
     * Finishes a trial as PRUNED (its value becomes the last intermediate value, if any) or FAIL.
     */
    public FrozenTrial tell(Trial trial, TrialState state) {
        return switch (state) {
            case PRUNED -> {
                double last = trial.frozen().lastIntermediateValue();
                yield finish(trial, TrialState.PRUNED,
                        Double.isNaN(last) || isMultiObjective() ? List.of() : List.of(last));
            }
            case FAIL -> finish(trial, TrialState.FAIL, List.of());
            case COMPLETE -> throw new IllegalArgumentException("tell: a COMPLETE trial needs its values");
            default -> throw new IllegalArgumentException("tell: a trial finishes as PRUNED or FAIL here, not " + state);
        };
    }

    private FrozenTrial finish(Trial trial, TrialState state, List<Double> values) {
        if (trial.study() != this) {
            throw new IllegalArgumentException("tell: trial " + trial.number() + " belongs to another study");
        }
        if (trial.isFinished()) {
            throw new IllegalStateException("tell: trial " + trial.number() + " is already finished");
        }
        trial.markFinished();
        FrozenTrial before = trial.frozen();
        try {
            sampler.afterTrial(this, before, state, values);
        } finally {
            storage.finishTrial(id, trial.number(), state, values);
        }
        FrozenTrial done = trial.frozen();
        listener.trialFinished(this, done);
        return done;
    }

    // ---------------------------------------------------------------- optimize

    /** Runs {@code nTrials} trials of a single objective, one after another. */
    public void optimize(Objective objective, int nTrials) {
        optimize(objective, nTrials, 1);
    }

    /**
     * Runs {@code nTrials} trials of a single objective on {@code parallelism} threads. Each trial's
     * ops get a thread budget of {@code max(1, Kiln.numThreads() / parallelism)} threads
     * ({@link Kiln#withNumThreads}, scoped to the trial's thread), so that concurrent trainings share
     * the cores instead of oversubscribing them; the global setting is not touched.
     */
    public void optimize(Objective objective, int nTrials, int parallelism) {
        Objects.requireNonNull(objective, "objective");
        if (isMultiObjective()) {
            throw new IllegalStateException("optimize: the study has " + directions.size()
                    + " objectives; use optimizeMulti");
        }
        run(t -> new double[] {objective.evaluate(t)}, nTrials, parallelism);
    }

    /** Runs {@code nTrials} trials of a multi-objective function, one after another. */
    public void optimizeMulti(MultiObjective objective, int nTrials) {
        optimizeMulti(objective, nTrials, 1);
    }

    /** Runs {@code nTrials} trials of a multi-objective function on {@code parallelism} threads. */
    public void optimizeMulti(MultiObjective objective, int nTrials, int parallelism) {
        Objects.requireNonNull(objective, "objective");
        run(objective, nTrials, parallelism);
    }

    private void run(MultiObjective objective, int nTrials, int parallelism) {
        if (nTrials < 0) {
            throw new IllegalArgumentException("optimize: nTrials must be >= 0, got " + nTrials);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("optimize: parallelism must be >= 1, got " + parallelism);
        }
        stopRequested = false;
        if (parallelism == 1 || nTrials <= 1) {
            for (int i = 0; i < nTrials && !stopRequested; i++) {
                runOne(objective);
            }
            return;
        }
        int budget = threadBudget(Kiln.numThreads(), parallelism);
        AtomicInteger remaining = new AtomicInteger(nTrials);
        int workers = Math.min(parallelism, nTrials);
        try (ExecutorService pool = Executors.newFixedThreadPool(workers, Thread.ofPlatform().name("kiln-trial-", 0).factory())) {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    while (!stopRequested && remaining.getAndDecrement() > 0) {
                        Kiln.withNumThreads(budget, () -> runOne(objective));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("optimize: interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("optimize: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Each of {@code parallelism} concurrent trials gets ⌊threads / parallelism⌋ (at least 1) of
     * Kiln's threads as its own budget ({@link Kiln#withNumThreads}), so that the trainings together
     * never use more threads than Kiln's setting, and none changes the setting under the others.
     */
    static int threadBudget(int threads, int parallelism) {
        return Math.max(1, threads / parallelism);
    }

    private void runOne(MultiObjective objective) {
        Trial trial = ask();
        double[] values;
        try {
            values = objective.evaluate(trial);
        } catch (TrialPrunedException e) {
            tell(trial, TrialState.PRUNED);
            return;
        } catch (Exception e) {
            String reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            LOG.log(Level.FINE, "trial " + trial.number() + " failed", e);
            storage.setSystemAttr(id, trial.number(), Trial.FAIL_REASON, reason);
            tell(trial, TrialState.FAIL);
            return;
        } catch (Error e) {
            storage.setSystemAttr(id, trial.number(), Trial.FAIL_REASON, e.toString());
            tell(trial, TrialState.FAIL);
            throw e;
        }
        if (values == null || values.length != directions.size()) {
            storage.setSystemAttr(id, trial.number(), Trial.FAIL_REASON, "the objective returned "
                    + (values == null ? "null" : values.length + " values: " + Arrays.toString(values))
                    + " for " + directions.size() + " objectives");
            tell(trial, TrialState.FAIL);
            return;
        }
        tell(trial, values);
    }

    /** The trial with this number. */
    public Optional<FrozenTrial> trial(int number) {
        List<FrozenTrial> all = trials();
        return number >= 0 && number < all.size() ? Optional.of(all.get(number)) : Optional.empty();
    }

    @Override
    public String toString() {
        return "Study " + name + " " + directions + " (" + trials().size() + " trials)";
    }
}
