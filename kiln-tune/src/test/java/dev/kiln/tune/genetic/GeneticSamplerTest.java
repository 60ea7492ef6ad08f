package dev.kiln.tune.genetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tune.FrozenTrial;
import dev.kiln.tune.SamplerChecks;
import dev.kiln.tune.Samplers;
import dev.kiln.tune.Study;
import dev.kiln.tune.StudyDirection;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneticSamplerTest {
    @Test
    void frontsAndCrowdingByHand() {
        // (1,5) (2,3) (4,1) are mutually non-dominated; (3,4) is dominated by (2,3); (5,5) by everything
        double[][] f = {{1, 5}, {3, 4}, {2, 3}, {5, 5}, {4, 1}};
        List<int[]> fronts = ParetoRanking.fronts(f);
        assertEquals(3, fronts.size());
        assertArrayEquals(new int[] {0, 2, 4}, fronts.get(0));
        assertArrayEquals(new int[] {1}, fronts.get(1));
        assertArrayEquals(new int[] {3}, fronts.get(2));
        double[] d = ParetoRanking.crowdingDistance(f, fronts.get(0));
        // the middle point (2,3): (4−1)/(4−1) + (5−1)/(5−1) = 2; the ends are infinite
        assertEquals(Double.POSITIVE_INFINITY, d[0]);
        assertEquals(2.0, d[1], 1e-15);
        assertEquals(Double.POSITIVE_INFINITY, d[2]);
        // an infeasible point never ranks above a feasible one
        List<int[]> constrained = ParetoRanking.fronts(f, new double[] {0.5, 0, 0, 0, 0});
        assertTrue(constrained.getLast().length == 1 && constrained.getLast()[0] == 0);
    }

    @Test
    void convergesOnAQuadratic() {
        Study ga = SamplerChecks.run(Samplers::genetic, 0, SamplerChecks::quadratic, 300);
        Study random = SamplerChecks.run(Samplers::random, 0, SamplerChecks::quadratic, 300);
        // random search's expected best here is about 100/(300π) ≈ 0.1
        assertTrue(ga.bestValue() < 1e-2, "GA best after 300 trials " + ga.bestValue());
        assertTrue(ga.bestValue() < random.bestValue() / 10, "GA " + ga.bestValue() + ", random " + random.bestValue());
    }

    @Test
    void deterministicForASeed() {
        SamplerChecks.assertDeterministic(Samplers::genetic, SamplerChecks::quadratic, 60);
    }

    @Test
    void independentOfTheSpaceMapOrder() {
        SamplerChecks.assertIndependentOfSpaceOrder(Samplers::genetic);
    }

    @Test
    void mixedAndConditionalSpace() {
        SamplerChecks.assertHandlesMixedSpace(Samplers::genetic, 200, 0.2);
    }

    /** ZDT1 with 5 variables: f1 = x1, g = 1 + 9·mean(x2..x5), f2 = g·(1 − √(f1/g)); front f2 = 1 − √f1. */
    private static double[] zdt1(dev.kiln.tune.Trial t) {
        double[] x = new double[5];
        for (int i = 0; i < 5; i++) {
            x[i] = t.suggestFloat("x" + i, 0, 1);
        }
        double g = 1;
        for (int i = 1; i < 5; i++) {
            g += 9 * x[i] / 4;
        }
        return new double[] {x[0], g * (1 - Math.sqrt(x[0] / g))};
    }

    /** The mean distance of the study's Pareto front from the true front (generational distance). */
    private static double distanceToFront(Study study) {
        double sum = 0;
        List<FrozenTrial> front = study.bestTrials();
        for (FrozenTrial t : front) {
            double f1 = t.values().get(0);
            double f2 = t.values().get(1);
            double best = Double.POSITIVE_INFINITY;
            for (int k = 0; k <= 1000; k++) {
                double a = k / 1000.0;
                best = Math.min(best, Math.hypot(f1 - a, f2 - (1 - Math.sqrt(a))));
            }
            sum += best;
        }
        return sum / front.size();
    }

    @Test
    void nsga2ApproachesTheZdt1Front() {
        Study nsga = Study.builder().directions(StudyDirection.MINIMIZE, StudyDirection.MINIMIZE)
                .sampler(Samplers.nsga2(0)).create();
        nsga.optimizeMulti(GeneticSamplerTest::zdt1, 1000);
        Study random = Study.builder().directions(StudyDirection.MINIMIZE, StudyDirection.MINIMIZE)
                .sampler(Samplers.random(0)).create();
        random.optimizeMulti(GeneticSamplerTest::zdt1, 1000);
        double dn = distanceToFront(nsga);
        double dr = distanceToFront(random);
        assertTrue(dn < 0.05, "NSGA-II front is " + dn + " from the true front");
        assertTrue(dn < dr / 4, "NSGA-II " + dn + ", random " + dr);
        assertTrue(nsga.bestTrials().size() >= 15, "front of " + nsga.bestTrials().size() + " trials");
    }
}
