package dev.kiln.tune;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.LongFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TPE settings beyond Optuna's defaults: the below-set fraction γ and rank weights. */
class TpeOptionsTest {

    @Test
    void gammaIsTheFractionOfTrialsCappedAt25ForOneObjective() {
        assertEquals(2, TpeSampler.gamma(20, false, 0.1));
        assertEquals(3, TpeSampler.gamma(20, false, 0.15));
        assertEquals(25, TpeSampler.gamma(400, false, 0.15));
        assertEquals(40, TpeSampler.gamma(400, true, 0.15), "several objectives: Optuna's ⌈0.1·n⌉, uncapped");
    }

    @Test
    void rankWeightsFallLinearlyFromTheBestToTheGammaBoundary() {
        double[] values = {0.7, 0.1, 0.4, 0.9, 0.2};
        Study study = Study.minimize(Samplers.random(0));
        for (double v : values) {
            study.enqueue(java.util.Map.of("x", v));
        }
        study.optimize(t -> t.suggestFloat("x", 0, 1), values.length);
        // in trial order 0.7, 0.1, 0.4, 0.9, 0.2: ranks 3, 0, 2, 4, 1 of 5
        assertArrayEquals(new double[] {0.25, 1.0, 0.5, 0.0, 0.75}, TpeSampler.rankWeights(study, study.trials()), 1e-12);
        Study max = Study.maximize(Samplers.random(0));
        for (double v : values) {
            max.enqueue(java.util.Map.of("x", v));
        }
        max.optimize(t -> t.suggestFloat("x", 0, 1), values.length);
        assertArrayEquals(new double[] {0.75, 0.0, 0.5, 1.0, 0.25}, TpeSampler.rankWeights(max, max.trials()), 1e-12);
    }

    @Test
    void prunedTrialsRankAfterCompleteOnes() {
        Study study = Study.minimize(Samplers.random(0));
        study.optimize(t -> {
            double x = t.suggestFloat("x", 0, 1);
            if (t.number() % 2 == 1) {
                t.report(0, x);
                throw new TrialPrunedException();
            }
            return 10 + x;
        }, 4);
        List<FrozenTrial> trials = study.trials();
        assertEquals(TrialState.PRUNED, trials.get(1).state());
        double[] w = TpeSampler.rankWeights(study, trials);
        assertTrue(w[0] > w[1] && w[0] > w[3] && w[2] > w[1] && w[2] > w[3], java.util.Arrays.toString(w));
    }

    @Test
    void rankWeightedTpeIsDeterministicAndConverges() {
        LongFunction<Sampler> rank = seed -> Samplers.tpe(seed, TpeOptions.rankWeighted());
        SamplerChecks.assertDeterministic(rank, SamplerChecks::quadratic, 30);
        SamplerChecks.assertIndependentOfSpaceOrder(rank);
        SamplerChecks.assertHandlesMixedSpace(rank, 60, 0.5);
        for (long seed = 0; seed < 3; seed++) {
            double best = SamplerChecks.run(rank, seed, SamplerChecks::quadratic, 80).bestValue();
            assertTrue(best < 0.5, "seed " + seed + ": best " + best);
        }
    }

    @Test
    void rankWeightedTpeWithPrunedTrialsStillSamples() {
        Study study = Study.minimize(Samplers.tpe(0, TpeOptions.rankWeighted()));
        study.optimize(t -> {
            double x = t.suggestFloat("x", -5, 5);
            if (t.number() % 3 == 2) {
                t.report(0, x * x);
                throw new TrialPrunedException();
            }
            return (x - 1) * (x - 1);
        }, 40);
        assertEquals(40, study.trials().size());
        assertTrue(study.bestValue() < 0.1, "best " + study.bestValue());
    }

    @Test
    void badSettingsAreRejectedWithTheirName() {
        var e = assertThrows(IllegalArgumentException.class, () -> TpeOptions.defaults().withGamma(0));
        assertTrue(e.getMessage().contains("gamma"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TpeOptions.defaults().withBelowWeights(null));
        assertTrue(e.getMessage().contains("belowWeights"), e.getMessage());
    }

    @Test
    void optunaDefaultsKeepOptunasSplitAndWeights() {
        TpeOptions o = TpeOptions.optunaDefaults();
        assertEquals(0.1, o.gamma());
        assertEquals(TpeOptions.BelowWeights.UNIFORM, o.belowWeights());
        assertEquals(0.0, o.minBandwidth());
        assertEquals(TpeOptions.BelowWeights.UNIFORM, TpeOptions.uniformWeights().belowWeights());
    }

    @Test
    void defaultsAreRankWeighted() {
        TpeOptions d = TpeOptions.defaults();
        assertEquals(TpeOptions.BelowWeights.RANK, d.belowWeights());
        assertEquals(0.15, d.gamma());
        assertEquals(0.05, d.minBandwidth());
        assertEquals(d, TpeOptions.rankWeighted());
    }
}
