package dev.kiln.spark;

import dev.kiln.tune.Distribution;
import dev.kiln.tune.Study;
import dev.kiln.tune.Trial;
import dev.kiln.tune.TrialPrunedException;
import dev.kiln.tune.TrialState;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * Distributed hyper-parameter search with kiln-tune's ask-and-tell API: the study and its sampler
 * stay on the driver; each trial runs as its own Spark job of one task, up to {@code parallel} at
 * once, and its result is told back to the study.
 *
 * <p>The search space is given up front (a map of distributions), so the driver samples all of a
 * trial's parameters before its task starts. A trial is told exactly once, by its number: a task
 * that Spark retries (a lost executor, a failed attempt) still yields one result for its job, and
 * a result for a trial already told is ignored. A trial whose task fails on every attempt is told
 * FAIL with the task's message. Speculative execution must be off (it would train a trial twice).
 *
 * <p>Pruning works across executors: a trial's {@link RemoteTrial#report} and
 * {@link RemoteTrial#shouldPrune} reach the driver through a small TCP service
 * ({@link PruningService}, on the driver's address, with a per-run token); the driver's loop
 * records the value in the study and asks the study's pruner, exactly as a trial in one process
 * would, and the trial's objective throws {@link TrialPrunedException} when told to stop. All
 * use of the study stays on the driver thread that calls {@link #optimize}.
 */
public final class SparkStudy {
    private SparkStudy() {
    }

    /** The task's answer: the trial's number with its result, or the reason it was pruned. */
    record Outcome(int trial, RemoteResult result, String pruned) implements Serializable {
    }

    /** Runs {@code objective} on a trial inside its Spark task. */
    private record TrialTask(RemoteObjective objective) implements Function<RemoteTrial, Outcome> {
        @Override
        public Outcome call(RemoteTrial trial) throws Exception {
            try {
                return new Outcome(trial.number(), objective.evaluate(trial), null);
            } catch (TrialPrunedException e) {
                return new Outcome(trial.number(), null, String.valueOf(e.getMessage()));
            }
        }
    }

    private record Running(Trial trial, JavaFutureAction<List<Outcome>> job) {
    }

    /**
     * Runs {@code nTrials} trials of {@code study}, {@code parallel} Spark jobs at a time.
     *
     * @param space the parameters and their distributions, sampled by the study's sampler on the driver
     * @return the numbers of the trials run, in the order they finished
     */
    public static List<Integer> optimize(Study study, JavaSparkContext spark, Map<String, Distribution> space, RemoteObjective objective,
            int nTrials, int parallel) throws InterruptedException {
        if (nTrials < 0 || parallel < 1) {
            throw new IllegalArgumentException("spark study: need nTrials >= 0 and parallel >= 1, got " + nTrials + " and " + parallel);
        }
        if (spark.getConf().getBoolean("spark.speculation", false)) {
            throw new IllegalArgumentException("spark study: turn spark.speculation off; a speculative copy of a task would train its trial twice");
        }
        String driverHost = spark.getConf().get("spark.driver.host", "127.0.0.1");
        try (PruningService pruning = new PruningService(driverHost)) {
            return run(study, spark, space, new TrialTask(objective), nTrials, parallel, pruning);
        } catch (IOException e) {
            throw new UncheckedIOException("spark study: cannot open the pruning service on " + driverHost + ": " + e.getMessage(), e);
        }
    }

    private static List<Integer> run(Study study, JavaSparkContext spark, Map<String, Distribution> space, TrialTask task, int nTrials,
            int parallel, PruningService pruning) throws InterruptedException {
        Map<Integer, Running> running = new LinkedHashMap<>();
        Set<Integer> told = new HashSet<>();
        List<Integer> finished = new java.util.ArrayList<>();
        int started = 0;
        while (started < nTrials || !running.isEmpty()) {
            while (started < nTrials && running.size() < parallel) {
                Trial trial = study.ask();
                Map<String, Object> params = new LinkedHashMap<>();
                for (Map.Entry<String, Distribution> e : space.entrySet()) {
                    params.put(e.getKey(), trial.suggest(e.getKey(), e.getValue()));
                }
                spark.setJobDescription("kiln trial " + trial.number());
                JavaFutureAction<List<Outcome>> job = spark.parallelize(List.of(new RemoteTrial(trial.number(), params, pruning.channel())), 1).map(task).collectAsync();
                running.put(trial.number(), new Running(trial, job));
                started++;
            }
            Integer done = null;
            while (done == null) {
                for (Map.Entry<Integer, Running> e : running.entrySet()) {
                    if (e.getValue().job().isDone()) {
                        done = e.getKey();
                        break;
                    }
                }
                if (done == null) {
                    PruningService.Request q = pruning.next(10);
                    if (q != null) {
                        q.answer().complete(answer(q, running.get(q.trial())));
                    }
                }
            }
            Running r = running.remove(done);
            if (told.add(done)) {
                tell(study, r);
                finished.add(done);
            }
        }
        return finished;
    }

    /** Does what a trial asks of the study, on the driver's thread. */
    private static PruningService.Answer answer(PruningService.Request q, Running r) {
        if (r == null) {
            // a stale attempt of a trial already told (or never started here): its result will not count
            return PruningService.Answer.of(q.operation() == PruningChannel.SHOULD_PRUNE);
        }
        try {
            if (q.operation() == PruningChannel.REPORT) {
                r.trial().report(q.step(), q.value());
                return PruningService.Answer.of(false);
            }
            return PruningService.Answer.of(r.trial().shouldPrune());
        } catch (RuntimeException e) {
            return new PruningService.Answer(false, String.valueOf(e.getMessage()));
        }
    }

    private static void tell(Study study, Running r) throws InterruptedException {
        Trial trial = r.trial();
        List<Outcome> outcomes;
        try {
            outcomes = r.job().get();
        } catch (ExecutionException e) {
            study.storage().setSystemAttr(study.storage().findStudy(study.name()).orElseThrow(), trial.number(), Trial.FAIL_REASON,
                    "its Spark task failed: " + firstLine(e.getCause()));
            study.tell(trial, TrialState.FAIL);
            return;
        }
        if (outcomes.size() != 1 || outcomes.getFirst().trial() != trial.number()) {
            throw new IllegalStateException("spark study: the job of trial " + trial.number() + " returned " + outcomes.size()
                    + " results for trials " + outcomes.stream().map(Outcome::trial).toList());
        }
        Outcome o = outcomes.getFirst();
        if (o.pruned() != null) {
            study.tell(trial, TrialState.PRUNED);
            return;
        }
        o.result().userAttrs().forEach(trial::setUserAttr);
        study.tell(trial, o.result().value());
    }

    private static String firstLine(Throwable e) {
        String m = e == null || e.getMessage() == null ? String.valueOf(e) : e.getMessage();
        return m.lines().filter(l -> !l.isBlank()).findFirst().orElse(m);
    }
}
