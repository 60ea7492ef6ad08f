package dev.kiln.tune;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplersTest {

    /** (x − 1.5)² + (y + 2)² on [−10, 10]², minimum 0 at (1.5, −2). */
    private static final Objective QUADRATIC = t -> {
        double x = t.suggestFloat("x", -10, 10);
        double y = t.suggestFloat("y", -10, 10);
        return (x - 1.5) * (x - 1.5) + (y + 2) * (y + 2);
    };

    /** A conditional, mixed space: a categorical chooses which parameters exist. */
    private static final Objective MIXED = t -> {
        String kind = t.suggestCategorical("kind", List.of("linear", "mlp"));
        double lr = t.suggestLogFloat("lr", 1e-5, 1);
        double loss = Math.pow(Math.log10(lr) + 2, 2); // best lr = 1e-2
        if (kind.equals("mlp")) {
            int width = t.suggestLogInt("width", 4, 512);
            int depth = t.suggestInt("depth", 1, 4);
            loss += Math.pow(Math.log(width / 64.0), 2) + Math.abs(depth - 2);
        } else {
            loss += 1 + t.suggestFloat("decay", 0, 0.5, 0.05);
        }
        return loss;
    };

    private static double bestOf(Sampler s, Objective f, int n) {
        Study study = Study.minimize(s);
        study.optimize(f, n);
        return study.bestValue();
    }

    @Test
    void tpeConvergesOnAQuadraticForSeveralSeeds() {
        for (long seed = 0; seed < 3; seed++) {
            double best = bestOf(Samplers.tpe(seed), QUADRATIC, 80);
            assertTrue(best < 0.5, "seed " + seed + ": best " + best);
        }
    }

    @Test
    void tpeBeatsRandomSearchOnTheQuadratic() {
        double tpe = 0;
        double random = 0;
        for (long seed = 0; seed < 5; seed++) {
            tpe += bestOf(Samplers.tpe(seed), QUADRATIC, 60);
            random += bestOf(Samplers.random(seed), QUADRATIC, 60);
        }
        assertTrue(tpe < random / 2, "tpe " + tpe / 5 + " vs random " + random / 5);
    }

    @Test
    void randomAndQmcApproachTheQuadratic() {
        assertTrue(bestOf(Samplers.random(3), QUADRATIC, 300) < 1.5);
        assertTrue(bestOf(Samplers.qmc(3), QUADRATIC, 300) < 1.5);
    }

    /**
     * Random and QMC search have the figures random search must have. On the quadratic, f ≤ v is a
     * disc of area πv inside the 400-square box (v ≤ 64), so the best of 100 uniform draws has
     * P(best ≤ v) = 1 − (1 − πv/400)¹⁰⁰ and median 400(1 − 2^(−1/100))/π = 0.880. The median over
     * 201 seeds has a standard error of about 0.09: it must lie within 4 of them (a sampler that
     * covered the box unevenly, or half of it, would not). Scrambled Sobol covers the box more
     * evenly, so its median is no larger.
     */
    @Test
    void randomAndQmcMatchTheDistributionOfRandomSearch() {
        double expected = 400 * (1 - Math.pow(2, -1.0 / 100)) / Math.PI;
        double[] random = new double[201];
        double[] qmc = new double[201];
        for (int seed = 0; seed < random.length; seed++) {
            random[seed] = bestOf(Samplers.random(seed), QUADRATIC, 100);
            qmc[seed] = bestOf(Samplers.qmc(seed), QUADRATIC, 100);
        }
        java.util.Arrays.sort(random);
        java.util.Arrays.sort(qmc);
        assertEquals(expected, random[100], 0.36, "median best-of-100 of random search");
        assertTrue(qmc[100] < expected + 0.36, "median best-of-100 of QMC " + qmc[100]);
    }

    @Test
    void everySamplerIsDeterministicForASeedAndHandlesConditionalSpaces() {
        List<LongFunction<Sampler>> factories = List.of(Samplers::random, Samplers::tpe, Samplers::qmc);
        for (LongFunction<Sampler> f : factories) {
            List<Map<String, Object>> a = paramsOf(f.apply(11), 40);
            List<Map<String, Object>> b = paramsOf(f.apply(11), 40);
            List<Map<String, Object>> c = paramsOf(f.apply(12), 40);
            assertEquals(a, b, "same seed, same trials");
            assertTrue(!a.equals(c), "another seed, other trials");
            for (Map<String, Object> p : a) {
                assertEquals(p.get("kind").equals("mlp"), p.containsKey("width"));
                assertTrue(p.get("kind").equals("mlp") || (double) p.get("decay") * 20 % 1 < 1e-9
                        || (double) p.get("decay") * 20 % 1 > 1 - 1e-9, "decay on its 0.05 grid: " + p);
            }
        }
    }

    @Test
    void tpeDoesNotDependOnTheOrderOfTheSearchSpace() {
        SamplerChecks.assertIndependentOfSpaceOrder(Samplers::tpe);
    }

    /** Over nine seeds (one seed is a coin toss: TPE beats random search in about 70% of single runs here). */
    @Test
    void tpeFindsAGoodConfigurationInTheMixedSpace() {
        int seeds = 9;
        double[] tpe = new double[seeds];
        double[] random = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            tpe[s] = bestOf(Samplers.tpe(s), MIXED, 100);
            random[s] = bestOf(Samplers.random(s), MIXED, 100);
        }
        java.util.Arrays.sort(tpe);
        java.util.Arrays.sort(random);
        double tpeMedian = tpe[seeds / 2];
        double randomMedian = random[seeds / 2];
        assertTrue(tpeMedian < 0.2, "tpe median best " + tpeMedian);
        assertTrue(tpeMedian < randomMedian / 2, "tpe median " + tpeMedian + " vs random median " + randomMedian);
    }

    private static List<Map<String, Object>> paramsOf(Sampler s, int n) {
        Study study = Study.minimize(s);
        study.optimize(MIXED, n);
        return study.trials().stream().map(FrozenTrial::params).toList();
    }

    @Test
    void gridTriesEveryCombinationOnceThenStops() {
        Map<String, List<?>> grid = Map.of("a", List.of(1, 2, 3), "opt", List.of("sgd", "adam"));
        Study study = Study.minimize(Samplers.grid(grid, 4));
        study.optimize(t -> t.suggestInt("a", 1, 3) + (t.suggestCategorical("opt", List.of("sgd", "adam")).equals("sgd") ? 0 : 10), 100);
        assertEquals(6, study.trials().size(), "stopped once the grid was exhausted");
        Set<Map<String, Object>> seen = new HashSet<>();
        for (FrozenTrial t : study.trials()) {
            seen.add(t.params());
        }
        assertEquals(6, seen.size());
        assertEquals(1.0, study.bestValue());
        Study bad = Study.minimize(Samplers.grid(grid));
        bad.optimize(t -> t.suggestFloat("x", 0, 1), 1);
        assertEquals(TrialState.FAIL, bad.trials().getFirst().state());
        assertTrue(((String) bad.trials().getFirst().systemAttrs().get(Trial.FAIL_REASON)).contains("not in the grid"));
    }

    @Test
    void gridAndRandomGiveTheSameResultsInParallelAsSequentially() {
        Map<String, List<?>> grid = Map.of("x", List.of(0.0, 0.25, 0.5, 0.75, 1.0), "k", List.of(1, 2, 3, 4));
        Objective f = t -> t.suggestFloat("x", 0, 1) * t.suggestInt("k", 1, 4);
        for (boolean isGrid : new boolean[] {true, false}) {
            Study seq = Study.minimize(isGrid ? Samplers.grid(grid, 9) : Samplers.random(9));
            seq.optimize(f, 20);
            Study par = Study.minimize(isGrid ? Samplers.grid(grid, 9) : Samplers.random(9));
            par.optimize(f, 20, 4);
            assertEquals(results(seq), results(par));
        }
    }

    private static Set<List<Object>> results(Study s) {
        Set<List<Object>> out = new HashSet<>();
        for (FrozenTrial t : s.trials()) {
            List<Object> row = new ArrayList<>(new java.util.TreeMap<>(t.params()).values());
            row.add(t.value());
            out.add(row);
        }
        return out;
    }

    @Test
    void tpeWithConstantLiarSpreadsParallelTrials() {
        Study study = Study.minimize(Samplers.tpe(0));
        study.optimize(QUADRATIC, 60, 3);
        assertEquals(60, study.trials(TrialState.COMPLETE).size());
        assertTrue(study.bestValue() < 2, "best " + study.bestValue());
    }

    @Test
    void badDistributionsAreRefusedWithAMessage() {
        assertThrows(IllegalArgumentException.class, () -> FloatDistribution.log(0, 1));
        assertThrows(IllegalArgumentException.class, () -> IntDistribution.uniform(5, 1));
        assertThrows(IllegalArgumentException.class, () -> CategoricalDistribution.of(List.of()));
        Study s = Study.minimize(Samplers.random(0));
        Trial t = s.ask();
        t.suggestFloat("x", 0, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.suggestInt("x", 0, 1));
        assertTrue(e.getMessage().contains("already suggested"), e.getMessage());
    }
}
