package dev.kiln.tune.cmaes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tune.SamplerChecks;
import dev.kiln.tune.Samplers;
import dev.kiln.tune.Study;
import dev.kiln.tune.StudyDirection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

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
}
