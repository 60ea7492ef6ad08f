package dev.kiln.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tune.FloatDistribution;
import dev.kiln.tune.FrozenTrial;
import dev.kiln.tune.Samplers;
import dev.kiln.tune.Study;
import dev.kiln.tune.Trial;
import dev.kiln.tune.TrialState;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/** Distributed search in a real local Spark whose tasks may be retried once (local[2,2]). */
class SparkStudyTest {
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
        try (JavaSparkContext sc = SparkTrainerTest.spark("local[2,2]")) {
            List<Integer> order = SparkStudy.optimize(study, sc, Map.of("x", FloatDistribution.uniform(0, 1)), objective, 8, 3);
            assertEquals(IntStream.range(0, 8).boxed().toList(), order.stream().sorted().toList(), "each trial finished exactly once");
        }
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
