package dev.kiln.tune;

import dev.kiln.backend.cpu.Parallel;
import dev.kiln.nn.Linear;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
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
     * Parallel trials that train (a linear layer with SGD on Kiln's thread pool) all finish, with the
     * same results as one after another; each has its own thread budget — Kiln's 4 threads / 2 trials
     * = 2 — while the global setting (what a thread outside the trials sees) stays 4; a trial may not
     * change the global setting.
     */
    @Test
    void parallelTrialsEachGetTheirThreadBudget() {
        int saved = Kiln.numThreads();
        Kiln.setNumThreads(4);
        try {
            Set<Integer> budgets = ConcurrentHashMap.newKeySet();
            Set<Integer> globals = ConcurrentHashMap.newKeySet();
            Objective f = t -> {
                int k = t.suggestInt("k", 1, 5);
                budgets.add(Kiln.numThreads());
                Thread outside = new Thread(() -> globals.add(Kiln.numThreads()));
                outside.start();
                outside.join();
                Generator g = new Generator(k);
                Linear layer = new Linear(64, 8);
                SGD sgd = new SGD(layer.parameters(), SGD.Options.of(0.01));
                Tensor x = Tensor.randn(g, 256, 64);
                double loss = 0;
                for (int step = 0; step < 5; step++) {
                    sgd.zeroGrad();
                    Tensor l = layer.forward(x).pow(2).mean();
                    l.backward();
                    sgd.step();
                    loss = l.item();
                }
                return Double.isFinite(loss) ? k : Double.NaN;
            };
            Study par = Study.minimize(Samplers.random(2));
            par.optimize(f, 6, 2);
            Study seq = Study.minimize(Samplers.random(2));
            seq.optimize(f, 6);
            assertEquals(seq.trials().stream().map(FrozenTrial::values).toList(), par.trials().stream().map(FrozenTrial::values).toList());
            assertTrue(par.trials().stream().allMatch(t -> t.state() == TrialState.COMPLETE));
            assertEquals(Set.of(2, 4), budgets, "2 in the parallel trials, 4 in the sequential ones");
            assertEquals(Set.of(4), globals, "the global setting never changes");
            assertEquals(2, Study.threadBudget(4, 2));
            assertEquals(1, Study.threadBudget(2, 3));
            assertEquals(4, Kiln.numThreads());

            Study rogue = Study.minimize(Samplers.random(0));
            rogue.optimize(t -> {
                Kiln.setNumThreads(1);
                return 0;
            }, 2, 2);
            assertTrue(rogue.trials().stream().allMatch(t -> t.state() == TrialState.FAIL
                    && String.valueOf(t.systemAttrs().get(Trial.FAIL_REASON)).contains("inside a thread budget")));
            assertEquals(4, Kiln.numThreads());
        } finally {
            Kiln.setNumThreads(saved);
        }
    }

    /** Inside the parallel trials of a study every job keeps to the trial's budget of 2 of Kiln's 4 threads. */
    @Test
    void aParallelTrialsJobsKeepToItsBudget() {
        int saved = Kiln.numThreads();
        Kiln.setNumThreads(4);
        try {
            AtomicInteger widest = new AtomicInteger();
            Study study = Study.minimize(Samplers.random(1));
            study.optimize(t -> {
                double x = t.suggestFloat("x", 0, 1);
                for (int rep = 0; rep < 5; rep++) {
                    Set<Thread> used = ConcurrentHashMap.newKeySet();
                    double[] sink = new double[16];
                    Parallel.forChunks(16, 16, (lo, hi) -> {
                        used.add(Thread.currentThread());
                        for (int i = 0; i < 50_000; i++) {
                            sink[lo] += Math.sin(i + lo);
                        }
                    });
                    widest.accumulateAndGet(used.size(), Math::max);
                }
                return x;
            }, 6, 2);
            assertTrue(widest.get() <= 2, "a job of a trial ran on " + widest.get() + " threads, its budget is 2");
        } finally {
            Kiln.setNumThreads(saved);
        }
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
