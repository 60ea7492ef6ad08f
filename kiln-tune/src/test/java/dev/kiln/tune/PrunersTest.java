package dev.kiln.tune;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pruners on synthetic learning curves: loss at step s is q + 1/(s + 1), q the trial's quality. */
class PrunersTest {
    private static final int STEPS = 27;

    private static Objective curves(int steps) {
        return t -> {
            double q = t.suggestFloat("q", 0, 1);
            double v = Double.NaN;
            for (int s = 0; s < steps; s++) {
                v = q + 1.0 / (s + 1);
                t.report(s, v);
                if (t.shouldPrune()) {
                    throw new TrialPrunedException("pruned at step " + s);
                }
            }
            return v;
        };
    }

    private static Study study(Pruner p, double... qs) {
        Study s = Study.builder().sampler(Samplers.random(0)).pruner(p).name("curves").create();
        for (double q : qs) {
            s.enqueue(Map.of("q", q));
        }
        return s;
    }

    private static int lastStep(FrozenTrial t) {
        return t.intermediateValues().lastKey();
    }

    @Test
    void medianPrunesTrialsWorseThanTheMedianAndKeepsBetterOnes() {
        Study s = study(Pruners.median(5, 0), 0.5, 0.4, 0.6, 0.3, 0.7, 0.9, 0.1, 0.45, 0.55);
        s.optimize(curves(10), 9);
        List<FrozenTrial> t = s.trials();
        for (int i = 0; i < 5; i++) {
            assertEquals(TrialState.COMPLETE, t.get(i).state(), "start-up trials are never pruned");
        }
        assertEquals(TrialState.PRUNED, t.get(5).state());
        assertEquals(0, lastStep(t.get(5)), "0.9 is worse than the median 0.5 from the first step");
        assertEquals(TrialState.COMPLETE, t.get(6).state());
        assertEquals(TrialState.COMPLETE, t.get(7).state(), "0.45 is better than the median of 0.5,0.4,0.6,0.3,0.7,0.1");
        assertEquals(TrialState.PRUNED, t.get(8).state());
        assertEquals(0.1 + 0.1, s.bestValue(), 1e-12);
        assertEquals(0.9 + 1.0, t.get(5).value(), 1e-12, "a pruned trial keeps its last intermediate value");
    }

    @Test
    void percentileKeepsOnlyTheBestQuarter() {
        // Completed q: 0.2, 0.4, 0.6, 0.8; their 25th percentile (linear interpolation) is 0.35.
        Study s = study(Pruners.percentile(25, 4, 2, 1, 1), 0.2, 0.4, 0.6, 0.8, 0.38, 0.3);
        s.optimize(curves(10), 6);
        List<FrozenTrial> t = s.trials();
        assertEquals(TrialState.PRUNED, t.get(4).state(), "0.38 is worse than 0.35");
        assertEquals(2, lastStep(t.get(4)), "not before the warm-up steps");
        assertEquals(TrialState.COMPLETE, t.get(5).state(), "0.3 is better than 0.35");
    }

    @Test
    void successiveHalvingPromotesTheBestAndPrunesAtTheRungs() {
        // η = 3, first rung at step 1, then 3, 9.
        Study s = study(Pruners.successiveHalving(1, 3, 0), 0.5, 0.2, 0.9, 0.8, 0.1, 0.7, 0.05, 0.95, 0.6);
        s.optimize(curves(STEPS), 9);
        List<FrozenTrial> t = s.trials();
        assertEquals(TrialState.COMPLETE, t.get(0).state(), "alone at every rung");
        assertEquals(TrialState.COMPLETE, t.get(1).state(), "better than the first everywhere");
        assertEquals(TrialState.PRUNED, t.get(2).state());
        assertEquals(1, lastStep(t.get(2)), "0.9 is pruned at the first rung (step 1)");
        assertEquals(TrialState.COMPLETE, t.get(4).state());
        assertEquals(TrialState.COMPLETE, t.get(6).state(), "the best trial is never pruned");
        assertEquals(TrialState.PRUNED, t.get(7).state());
        for (FrozenTrial f : t) {
            if (f.state() == TrialState.PRUNED) {
                assertTrue(List.of(1, 3, 9).contains(lastStep(f)), "pruned only at a rung: " + lastStep(f));
                assertTrue((double) f.params().get("q") > 0.05);
            }
        }
        assertEquals(0.05 + 1.0 / STEPS, s.bestValue(), 1e-12);
    }

    @Test
    void hyperbandKeepsTheBestTrialAndPrunesSomeOthers() {
        Study s = Study.builder().sampler(Samplers.random(3)).pruner(Pruners.hyperband(1, STEPS, 3)).name("hb").create();
        s.enqueue(Map.of("q", 0.0));
        s.optimize(curves(STEPS), 40);
        List<FrozenTrial> t = s.trials();
        assertEquals(TrialState.COMPLETE, t.getFirst().state(), "q = 0 is the best possible trial");
        long pruned = t.stream().filter(f -> f.state() == TrialState.PRUNED).count();
        assertTrue(pruned >= 10, "pruned " + pruned);
        assertEquals(1.0 / STEPS, s.bestValue(), 1e-12);
        HyperbandPruner hb = (HyperbandPruner) s.pruner();
        java.util.Set<Integer> brackets = new java.util.HashSet<>();
        for (int i = 0; i < 40; i++) {
            brackets.add(hb.bracketOf("hb", i));
        }
        assertEquals(4, brackets.size(), "⌊log3 27⌋ + 1 = 4 brackets, all used");
    }

    @Test
    void badSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Pruners.percentile(120, 0, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Pruners.successiveHalving(1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Pruners.hyperband(0, 10, 3));
    }
}
