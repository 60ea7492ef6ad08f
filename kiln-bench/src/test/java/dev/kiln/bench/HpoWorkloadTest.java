package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tune.Samplers;
import dev.kiln.tune.Study;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HpoWorkloadTest {
    /** f at a fixed point, through a study's enqueued trial (the objectives read their inputs from a trial). */
    private static double at(HpoFunction f, Map<String, Object> point) {
        Study study = Study.minimize(Samplers.random(0));
        study.enqueue(point);
        study.optimize(f::evaluate, 1);
        return study.bestValue();
    }

    private static Map<String, Object> point(String prefix, double... x) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < x.length; i++) {
            m.put(prefix + i, x[i]);
        }
        return m;
    }

    @Test
    void functionsReachTheirKnownMinima() {
        // Branin's three global minima (−π, 12.275), (π, 2.275), (9.42478, 2.475)
        for (double[] p : new double[][] {{-Math.PI, 12.275}, {Math.PI, 2.275}, {9.42478, 2.475}}) {
            assertEquals(0.397887, at(HpoFunction.BRANIN, Map.of("x1", p[0], "x2", p[1])), 1e-5);
        }
        // Hartmann-6's minimiser (Surjanovic & Bingham's library of test functions)
        double h = at(HpoFunction.HARTMANN6, point("x", 0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573));
        assertEquals(-3.32237, h, 1e-5);
        assertEquals(0.0, at(HpoFunction.ROSENBROCK10, point("x", 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)), 0.0);
        assertEquals(HpoFunction.HARTMANN6.minimum, h, 1e-5);
        // away from the minimum: Rosenbrock-10 at 0 is Σ (1 − 0)² over 9 terms
        assertEquals(9.0, at(HpoFunction.ROSENBROCK10, point("x", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), 0.0);
    }

    @Test
    void medianAndBestSoFar() {
        assertEquals(2.0, HpoWorkload.median(new double[] {3, 1, 2}));
        assertEquals(2.5, HpoWorkload.median(new double[] {4, 1, 3, 2}));
        Study study = Study.minimize(Samplers.random(0));
        for (double v : new double[] {5, 3, 4, 1}) {
            study.enqueue(Map.of("x1", v, "x2", 0.0));
        }
        study.optimize(t -> t.suggestFloat("x1", -5, 10) + t.suggestFloat("x2", 0, 15), 4);
        assertEquals(3.0, HpoWorkload.bestSoFar(study.trials(), 2));
        assertEquals(1.0, HpoWorkload.bestSoFar(study.trials(), 4));
    }

    @Test
    void optionsSelectSeedsAndSamplers() {
        BenchOptions o = BenchOptions.parse("--workload", "hpo", "--seeds", "3", "--samplers", "gp, cmaEs");
        assertEquals(3, o.seeds());
        assertEquals(List.of("gp", "cmaEs"), o.samplers());
        assertTrue(Bench.workloads().containsKey("hpo"));
        assertEquals(10, BenchOptions.parse("--workload", "hpo").seeds());
    }
}
