package dev.kiln.tune;

import dev.kiln.io.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParzenEstimatorTest {

    /**
     * The log density of a 40-observation estimator over a float, a float, a log float and an int
     * parameter, against Optuna 5.0's _ParzenEstimator on the same observations (the resource was
     * written by Optuna; the int column has ties, whose bandwidths Optuna assigns in numpy's
     * unstable sort order, hence the looser tolerance on the two points that use them most).
     */
    @Test
    @SuppressWarnings("unchecked")
    void logDensityMatchesOptuna() throws IOException {
        Map<String, Object> ref;
        try (InputStream in = getClass().getResourceAsStream("optuna-parzen-reference.json")) {
            ref = Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Map<String, Object> obs = (Map<String, Object>) ref.get("obs");
        String[] names = {"x1", "x2", "lr", "k"};
        List<Distribution> space = List.of(FloatDistribution.uniform(-5, 10), FloatDistribution.uniform(0, 15),
                FloatDistribution.log(1e-4, 1e-1), IntDistribution.uniform(1, 8));
        int n = ((List<?>) obs.get("x1")).size();
        double[][] o = new double[n][4];
        for (int j = 0; j < 4; j++) {
            List<?> col = (List<?>) obs.get(names[j]);
            for (int i = 0; i < n; i++) {
                o[i][j] = ((Number) col.get(i)).doubleValue();
            }
        }
        ParzenEstimator pe = new ParzenEstimator(o, space, null, 0);
        double[][] pts = {{-4, 0.1, 1e-4, 1}, {0, 5, 1e-3, 4}, {3.3, 7.5, 0.02, 5}, {9.9, 14, 0.09, 8}};
        double[] got = pe.logPdf(pts);
        List<?> want = (List<?>) ref.get("logpdf");
        for (int i = 0; i < pts.length; i++) {
            assertEquals(((Number) want.get(i)).doubleValue(), got[i], 1e-3, "point " + i);
        }
        assertEquals(((Number) want.get(0)).doubleValue(), got[0], 1e-9);
        assertEquals(((Number) want.get(3)).doubleValue(), got[3], 1e-9);
    }

    @Test
    void samplesStayInRangeAndOnTheStepGrid() {
        List<Distribution> space = List.of(FloatDistribution.stepped(0, 1, 0.25), IntDistribution.log(1, 100),
                CategoricalDistribution.of(List.of("a", "b", "c")));
        double[][] obs = {{0.25, 3, 0}, {0.5, 50, 2}, {1.0, 1, 1}};
        ParzenEstimator pe = new ParzenEstimator(obs, space, null, 0);
        for (double[] x : pe.sample(new SplittableRandom(1), 500)) {
            for (int j = 0; j < 3; j++) {
                assertTrue(space.get(j).contains(x[j]), "sample " + x[j] + " outside " + space.get(j));
            }
        }
    }

    @Test
    void defaultWeightsRampOlderObservations() {
        double[] w = ParzenEstimator.defaultWeights(30);
        assertEquals(1.0 / 30, w[0], 1e-15);
        assertEquals(1.0, w[4], 1e-15);
        assertEquals(1.0, w[29], 0);
        assertEquals(10, ParzenEstimator.defaultWeights(10).length);
    }

    /**
     * Five observations at 0.5 on [0, 1]: their neighbour gaps are 0, so each kernel takes the floor
     * — 3% of the range with a minimum bandwidth, Optuna's magic clip 1/min(100, n + 2) = 1/7
     * without. p(0.5) = 5/6·N(0; σ)/mass + 1/6·(prior N(0.5, 1) truncated to [0, 1]).
     */
    @Test
    void minimumBandwidthIsTheKernelFloor() {
        double[][] obs = {{0.5}, {0.5}, {0.5}, {0.5}, {0.5}};
        List<Distribution> space = List.of(FloatDistribution.uniform(0, 1));
        double prior = 1 / Math.sqrt(2 * Math.PI) / (TruncatedNormal.ndtr(0.5) - TruncatedNormal.ndtr(-0.5));
        for (double[] c : new double[][] {{0.03, 0.03}, {0, 1.0 / 7}}) {
            double sigma = c[1];
            double kernel = 1 / (sigma * Math.sqrt(2 * Math.PI))
                    / (TruncatedNormal.ndtr(0.5 / sigma) - TruncatedNormal.ndtr(-0.5 / sigma));
            double want = Math.log(5.0 / 6 * kernel + 1.0 / 6 * prior);
            double got = new ParzenEstimator(obs, space, null, c[0]).logPdf(new double[][] {{0.5}})[0];
            assertEquals(want, got, 1e-12, "minBandwidth " + c[0]);
        }
    }
}
