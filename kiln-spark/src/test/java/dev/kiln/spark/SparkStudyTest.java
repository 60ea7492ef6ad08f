package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tune.FloatDistribution;
import dev.kiln.tune.FrozenTrial;
import dev.kiln.tune.Pruners;
import dev.kiln.tune.Samplers;
import dev.kiln.tune.Study;
import dev.kiln.tune.StudyDirection;
import dev.kiln.tune.Trial;
import dev.kiln.tune.TrialPrunedException;
import dev.kiln.tune.TrialState;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Distributed search in a real local Spark whose tasks may be retried once (local[2,2]). */
class SparkStudyTest {
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = SparkTrainerTest.spark("local[2,2]");
    }

    @AfterAll
    static void stop() {
        sc.close();
    }

    private static final int EPOCHS = 5;

    /** The learning curve of parameter x: the loss after epoch e is x + 1/e (larger x, worse everywhere). */
    private static double loss(double x, int epoch) {
        return x + 1.0 / epoch;
    }

    private static Study prunedStudy() {
        return Study.builder().sampler(Samplers.random(11)).pruner(Pruners.median(2, 1)).directions(StudyDirection.MINIMIZE).create();
    }

    /** The same curves, reported from the executors, prune the same trials at the same epochs as in one process. */
    @Test
    void trialsArePrunedFromTheExecutorsAsInOneProcess() throws Exception {
        FloatDistribution xs = FloatDistribution.uniform(0, 1);
        Study sequential = prunedStudy();
        sequential.optimize(trial -> {
            double x = ((Number) trial.suggest("x", xs)).doubleValue();
            for (int e = 1; e <= EPOCHS; e++) {
                trial.report(e, loss(x, e));
                if (trial.shouldPrune()) {
                    throw new TrialPrunedException("pruned after epoch " + e);
                }
            }
            return loss(x, EPOCHS);
        }, 10);
        Study distributed = prunedStudy();
        RemoteObjective objective = trial -> {
            double x = trial.number("x");
            for (int e = 1; e <= EPOCHS; e++) {
                trial.report(e, loss(x, e));
                if (trial.shouldPrune()) {
                    throw new TrialPrunedException("pruned after epoch " + e);
                }
            }
            return RemoteResult.of(loss(x, EPOCHS));
        };
        SparkStudy.optimize(distributed, sc, Map.of("x", xs), objective, 10, 1);

        List<FrozenTrial> expected = sequential.trials();
        List<FrozenTrial> actual = distributed.trials();
        assertEquals(10, actual.size());
        for (int i = 0; i < expected.size(); i++) {
            FrozenTrial e = expected.get(i);
            FrozenTrial a = actual.get(i);
            assertEquals(e.params(), a.params(), "trial " + i);
            assertEquals(e.state(), a.state(), "trial " + i);
            assertEquals(e.intermediateValues(), a.intermediateValues(), "trial " + i + " reported the same epochs");
        }
        long pruned = actual.stream().filter(t -> t.state() == TrialState.PRUNED).count();
        assertTrue(pruned >= 2 && pruned <= 7, pruned + " trials pruned: the pruner decided both ways");
    }

    @Test
    void retriedTasksAreToldOnceAndNoTrialIsLost() throws Exception {
        Study study = Study.minimize(Samplers.random(3));
        RemoteObjective objective = trial -> {
            double x = trial.number("x");
            if (trial.number() == 4) {
                throw new IllegalStateException("trial 4 diverged (test)");
            }
            if (trial.number() % 3 == 1 && TaskContext.get().attemptNumber() == 0) {
                throw new IllegalStateException("executor lost (test)");
            }
            return new RemoteResult((x - 0.3) * (x - 0.3), Map.of("attempt", TaskContext.get().attemptNumber()));
        };
        List<Integer> order = SparkStudy.optimize(study, sc, Map.of("x", FloatDistribution.uniform(0, 1)), objective, 8, 3);
        assertEquals(IntStream.range(0, 8).boxed().toList(), order.stream().sorted().toList(), "each trial finished exactly once");
        List<FrozenTrial> trials = study.trials();
        assertEquals(8, trials.size());
        for (FrozenTrial t : trials) {
            if (t.number() == 4) {
                assertEquals(TrialState.FAIL, t.state());
                assertTrue(String.valueOf(t.systemAttrs().get(Trial.FAIL_REASON)).contains("trial 4 diverged (test)"), t.systemAttrs().toString());
                continue;
            }
            assertEquals(TrialState.COMPLETE, t.state(), "trial " + t.number());
            double x = ((Number) t.params().get("x")).doubleValue();
            assertEquals((x - 0.3) * (x - 0.3), t.values().getFirst(), 1e-12, "trial " + t.number() + " got its own parameters' value");
            int attempt = ((Number) t.userAttrs().get("attempt")).intValue();
            assertEquals(t.number() % 3 == 1 ? 1 : 0, attempt, "trial " + t.number() + " was told the result of its retried task");
        }
    }
}
