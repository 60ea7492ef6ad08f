package dev.kiln.tune;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudyTest {

    @Test
    void randomSearchMinimisesAQuadraticAndKeepsTheHistory() {
        Study study = Study.minimize(Samplers.random(0));
        study.optimize(t -> {
            double x = t.suggestFloat("x", -10, 10);
            int n = t.suggestInt("n", -3, 3);
            return (x - 2) * (x - 2) + n * n;
        }, 200);
        assertEquals(200, study.trials().size());
        assertTrue(study.bestValue() < 0.1, "best " + study.bestValue());
        assertEquals(0, study.bestParams().get("n"));
        double best = study.trials().stream().mapToDouble(FrozenTrial::value).min().orElseThrow();
        assertEquals(best, study.bestValue());
    }

    @Test
    void maximiseTakesTheLargestValue() {
        Study study = Study.maximize(Samplers.random(1));
        study.optimize(t -> t.suggestFloat("x", 0, 1), 30);
        double max = study.trials().stream().mapToDouble(FrozenTrial::value).max().orElseThrow();
        assertEquals(max, study.bestValue());
    }

    @Test
    void enqueuedTrialsRunFirstWithTheirValues() {
        Study study = Study.minimize(Samplers.random(0));
        study.enqueue(Map.of("x", 3.5, "c", "b"));
        study.optimize(t -> {
            String c = t.suggestCategorical("c", List.of("a", "b"));
            return t.suggestFloat("x", 0, 10) + c.length();
        }, 3);
        FrozenTrial first = study.trials().getFirst();
        assertEquals(3.5, first.params().get("x"));
        assertEquals("b", first.params().get("c"));
        assertEquals(4.5, first.value());
    }

    @Test
    void askAndTellAndFailures() {
        Study study = Study.minimize(Samplers.random(0));
        Trial t = study.ask();
        double x = t.suggestLogFloat("lr", 1e-4, 1e-1);
        assertTrue(x >= 1e-4 && x <= 1e-1);
        assertEquals(x, t.suggestLogFloat("lr", 1e-4, 1e-1), "same name, same value");
        study.tell(t, x);
        assertThrows(IllegalStateException.class, () -> study.tell(t, 1.0));

        study.optimize(tr -> {
            throw new IllegalStateException("boom");
        }, 2);
        List<FrozenTrial> failed = study.trials(TrialState.FAIL);
        assertEquals(2, failed.size());
        assertEquals("IllegalStateException: boom", failed.getFirst().systemAttrs().get(Trial.FAIL_REASON));
        study.optimize(tr -> Double.NaN, 1);
        assertEquals(3, study.trials(TrialState.FAIL).size());
        assertEquals(x, study.bestValue());
    }

    @Test
    void sameSeedSameDrawsAndParallelGivesTheSameSet() {
        Objective f = t -> t.suggestFloat("x", -1, 1) + t.suggestInt("k", 0, 9);
        Study a = Study.minimize(Samplers.random(7));
        a.optimize(f, 40);
        Study b = Study.minimize(Samplers.random(7));
        b.optimize(f, 40, 4);
        assertEquals(a.trials().stream().map(FrozenTrial::params).toList(),
                b.trials().stream().map(FrozenTrial::params).toList());
    }

    /**
     * Parallel trials that train (here: multiply matrices on Kiln's thread pool) all finish, with
     * the same results as one after another; the pool is limited to cores / parallelism meanwhile
     * and restored afterwards.
     */
    @Test
    void parallelTrialsShareKilnsThreadPoolWithoutDeadlock() {
        int saved = dev.kiln.tensor.Kiln.numThreads();
        int budget = Math.max(1, Runtime.getRuntime().availableProcessors() / 3);
        java.util.Set<Integer> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Objective f = t -> {
            int k = t.suggestInt("k", 1, 5);
            seen.add(dev.kiln.tensor.Kiln.numThreads());
            dev.kiln.tensor.Tensor a = dev.kiln.tensor.Tensor.randn(new dev.kiln.tensor.Generator(k), 96, 96);
            return a.matmul(a).sum().item() * 0 + k;
        };
        Study par = Study.minimize(Samplers.random(2));
        par.optimize(f, 6, 3);
        Study seq = Study.minimize(Samplers.random(2));
        seq.optimize(f, 6);
        assertEquals(seq.trials().stream().map(FrozenTrial::values).toList(), par.trials().stream().map(FrozenTrial::values).toList());
        assertTrue(seen.contains(Math.min(saved, budget)), "threads seen in trials: " + seen);
        assertEquals(saved, dev.kiln.tensor.Kiln.numThreads(), "restored after the study");
    }

    @Test
    void aSamplerThatFailsLeavesNoTrialRunning() {
        Sampler broken = new Sampler() {
            @Override
            public Map<String, Distribution> inferRelativeSearchSpace(Study study, FrozenTrial trial) {
                throw new IllegalStateException("model fit failed");
            }

            @Override
            public Object sampleIndependent(Study study, FrozenTrial trial, String name, Distribution distribution) {
                return 0.0;
            }
        };
        Study study = Study.minimize(broken);
        assertThrows(IllegalStateException.class, study::ask);
        FrozenTrial t = study.trials().getFirst();
        assertEquals(TrialState.FAIL, t.state());
        assertTrue(((String) t.systemAttrs().get(Trial.FAIL_REASON)).contains("model fit failed"));
    }

    @Test
    void multiObjectiveParetoFront() {
        Study study = Study.builder().directions(StudyDirection.MINIMIZE, StudyDirection.MINIMIZE)
                .sampler(Samplers.random(0)).create();
        study.optimizeMulti(t -> {
            double x = t.suggestFloat("x", 0, 1);
            return new double[] {x, (1 - x) * (1 - x)};
        }, 30);
        // f1 = x increasing, f2 decreasing on [0,1]: every trial is Pareto-optimal.
        assertEquals(30, study.bestTrials().size());
        assertThrows(IllegalStateException.class, study::bestTrial);
    }
}
