package dev.kiln.tune.cmaes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tune.FrozenTrial;
import dev.kiln.tune.Objective;
import dev.kiln.tune.SamplerChecks;
import dev.kiln.tune.Samplers;
import dev.kiln.tune.Study;
import dev.kiln.tune.Storage;
import dev.kiln.tune.Storages;
import dev.kiln.tune.StudyDirection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CmaEsTest {
    @Test
    void eigenDecompositionReconstructsTheMatrix() {
        double[][] a = {{4, 1, -2}, {1, 3, 0.5}, {-2, 0.5, 5}};
        SymmetricEigen e = SymmetricEigen.of(a);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += e.vectors()[i][k] * e.values()[k] * e.vectors()[j][k];
                }
                assertEquals(a[i][j], s, 1e-12);
            }
        }
        // trace = Σλ
        assertEquals(12.0, Arrays.stream(e.values()).sum(), 1e-12);
    }

    @Test
    void minimisesAnIllConditionedEllipsoid() {
        // f(x) = Σ 10^(3 i/(n−1)) (x_i − 0.3)², n = 6: CMA-ES must learn the scaling to get below 1e-10
        int n = 6;
        double[] lower = new double[n];
        double[] upper = new double[n];
        double[] mean = new double[n];
        Arrays.fill(lower, -5);
        Arrays.fill(upper, 5);
        Arrays.fill(mean, 2);
        CmaEs es = new CmaEs(mean, 1.0, lower, upper, 0, new SplittableRandom(0));
        double best = Double.POSITIVE_INFINITY;
        for (int g = 0; g < 400; g++) {
            List<CmaEs.Evaluated> pop = new ArrayList<>();
            for (int k = 0; k < es.populationSize(); k++) {
                double[] x = es.ask();
                double f = 0;
                for (int i = 0; i < n; i++) {
                    f += Math.pow(10, 3.0 * i / (n - 1)) * (x[i] - 0.3) * (x[i] - 0.3);
                }
                best = Math.min(best, f);
                pop.add(new CmaEs.Evaluated(x, f));
            }
            es.tell(pop);
        }
        assertTrue(best < 1e-10, "best " + best);
        assertEquals(0.3, es.mean()[0], 1e-4);
    }

    @Test
    void samplerConvergesOnAQuadratic() {
        Study cma = SamplerChecks.run(Samplers::cmaEs, 0, SamplerChecks::quadratic, 150);
        Study random = SamplerChecks.run(Samplers::random, 0, SamplerChecks::quadratic, 150);
        assertTrue(cma.bestValue() < 1e-4, "CMA-ES best after 150 trials " + cma.bestValue());
        assertTrue(cma.bestValue() < random.bestValue() / 100, "CMA-ES " + cma.bestValue() + ", random " + random.bestValue());
    }

    @Test
    void deterministicForASeed() {
        SamplerChecks.assertDeterministic(Samplers::cmaEs, SamplerChecks::quadratic, 40);
    }

    @Test
    void independentOfTheSpaceMapOrder() {
        SamplerChecks.assertIndependentOfSpaceOrder(Samplers::cmaEs);
    }

    @Test
    void mixedAndConditionalSpace() {
        SamplerChecks.assertHandlesMixedSpace(Samplers::cmaEs, 120, 0.3);
    }

    @Test
    void refusesMultiObjectiveStudies() {
        Study study = Study.builder().directions(StudyDirection.MINIMIZE, StudyDirection.MINIMIZE)
                .sampler(Samplers.cmaEs(0)).create();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> study.optimizeMulti(t -> new double[] {t.suggestFloat("x", 0, 1), 1}, 1));
        assertTrue(e.getMessage().contains("one objective"), e.getMessage());
    }

    /** On a flat function TolFun stops the run after 10 + ⌈30n/λ⌉ generations (n = 2, λ = 6: 20), not before. */
    @Test
    void stopsAfterTolFunGenerationsOnAFlatFunction() {
        CmaEs es = new CmaEs(new double[] {0.5, 0.5}, 1.0 / 6, new double[2], new double[] {1, 1}, 0, new SplittableRandom(1));
        for (int g = 1; g <= 20; g++) {
            assertFalse(es.shouldStop(), "generation " + g);
            List<CmaEs.Evaluated> pop = new ArrayList<>();
            for (int k = 0; k < es.populationSize(); k++) {
                pop.add(new CmaEs.Evaluated(es.ask(), 1.0));
            }
            es.tell(pop);
        }
        assertTrue(es.shouldStop());
    }

    /** On the sphere the run converges to the optimum and then stops (TolFun / TolX). */
    @Test
    void stopsOnceConvergedOnTheSphere() {
        CmaEs es = new CmaEs(new double[] {0.9, 0.1, 0.5}, 1.0 / 6, new double[3], new double[] {1, 1, 1}, 0, new SplittableRandom(2));
        int g = 0;
        while (!es.shouldStop() && g < 5000) {
            List<CmaEs.Evaluated> pop = new ArrayList<>();
            for (int k = 0; k < es.populationSize(); k++) {
                double[] x = es.ask();
                pop.add(new CmaEs.Evaluated(x, Math.pow(x[0] - 0.3, 2) + Math.pow(x[1] - 0.6, 2) + Math.pow(x[2] - 0.4, 2)));
            }
            es.tell(pop);
            g++;
        }
        assertTrue(es.shouldStop(), "still running after " + g + " generations");
        assertArrayEquals(new double[] {0.3, 0.6, 0.4}, es.mean(), 1e-5);
    }

    /** state() → restore() gives a run that proposes from the same distribution and updates it identically. */
    @Test
    void restoredStateContinuesTheSameRun() {
        double[] lo = {-5, -5};
        double[] hi = {5, 5};
        CmaEs a = new CmaEs(new double[] {2, 2}, 1, lo, hi, 0, new SplittableRandom(3));
        for (int g = 0; g < 5; g++) {
            List<CmaEs.Evaluated> pop = new ArrayList<>();
            for (int k = 0; k < a.populationSize(); k++) {
                double[] x = a.ask();
                pop.add(new CmaEs.Evaluated(x, x[0] * x[0] + 3 * x[1] * x[1]));
            }
            a.tell(pop);
        }
        CmaEs b = CmaEs.restore(a.state(), lo, hi, 0, new SplittableRandom(4));
        List<CmaEs.Evaluated> pop = new ArrayList<>();
        for (int k = 0; k < a.populationSize(); k++) {
            double[] x = a.ask();
            pop.add(new CmaEs.Evaluated(x, x[0] * x[0] + 3 * x[1] * x[1]));
        }
        a.tell(pop);
        b.tell(pop);
        assertArrayEquals(a.mean(), b.mean(), 0);
        assertEquals(a.sigma(), b.sigma(), 0);
        assertEquals(a.generation(), b.generation());
        assertArrayEquals(a.state().c()[1], b.state().c()[1], 0);
    }

    /**
     * IPOP: a run that stops (a flat objective stops after 20 generations) restarts with twice the
     * population. Trial 0 is random (the space is not known yet); 20 generations of 6, then 3 of 12.
     */
    @Test
    void samplerRestartsWithADoublePopulation() {
        CmaEsSampler sampler = new CmaEsSampler(5);
        Study study = Study.minimize(sampler);
        study.optimize(t -> t.suggestFloat("x", 0, 1) * 0 + t.suggestFloat("y", 0, 1) * 0 + 1, 1 + 6 * 20 + 12 * 3);
        assertEquals(1, sampler.restarts());
        Map<?, ?> state = (Map<?, ?>) study.userAttrs().get(CmaEsSampler.STATE_ATTR);
        assertEquals(12L, state.get("population"));
        assertEquals(1L, state.get("restarts"));
        assertEquals(3L, state.get("generation"));
    }

    /**
     * A study resumed from SQLite in a new sampler (as another process would) continues the stored
     * distribution — its generations count on, its candidates come from the learnt mean near the
     * optimum (8, 8.5) — instead of starting again at the centre (5, 5) with σ = 10/6.
     */
    @Test
    void theDistributionSurvivesAResume(@TempDir Path dir) {
        Objective f = t -> Math.pow(t.suggestFloat("x", 0, 10) - 8, 2) + Math.pow(t.suggestFloat("y", 0, 10) - 8.5, 2);
        Path db = dir.resolve("cma.db");
        long before;
        double[] mean;
        try (Storage s = Storages.sqlite(db)) {
            Study study = Study.builder().storage(s).name("c").sampler(Samplers.cmaEs(0)).create();
            study.optimize(f, 61); // trial 0 random, then 10 generations of 6
            Map<?, ?> state = (Map<?, ?>) study.userAttrs().get(CmaEsSampler.STATE_ATTR);
            before = (Long) state.get("generation");
            mean = ((List<?>) state.get("mean")).stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
        }
        assertEquals(10, before);
        assertArrayEquals(new double[] {0.8, 0.85}, mean, 0.1);
        try (Storage s = Storages.sqlite(db)) {
            Study study = Study.builder().storage(s).name("c").sampler(Samplers.cmaEs(0)).load();
            study.optimize(f, 6);
            Map<?, ?> state = (Map<?, ?>) study.userAttrs().get(CmaEsSampler.STATE_ATTR);
            assertEquals(before + 1, (Long) state.get("generation"));
            for (FrozenTrial t : study.trials().subList(61, 67)) {
                double x = (Double) t.params().get("x");
                double y = (Double) t.params().get("y");
                assertTrue(Math.hypot(x - 8, y - 8.5) < 3, "trial " + t.number() + " at (" + x + ", " + y + ")");
            }
        }
    }
}
