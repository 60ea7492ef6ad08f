package dev.kiln.tune.gp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.tune.FrozenTrial;
import dev.kiln.tune.SamplerChecks;
import dev.kiln.tune.Samplers;
import dev.kiln.tune.Study;
import dev.kiln.tune.StudyDirection;
import dev.kiln.tune.TrialState;
import org.junit.jupiter.api.Test;

class GpSamplerTest {
    @Test
    void convergesOnAQuadratic() {
        Study gp = SamplerChecks.run(Samplers::gp, 0, SamplerChecks::quadratic, 30);
        Study random = SamplerChecks.run(Samplers::random, 0, SamplerChecks::quadratic, 30);
        assertTrue(gp.bestValue() < 1e-3, "GP best after 30 trials " + gp.bestValue());
        assertTrue(gp.bestValue() < random.bestValue() / 100, "GP " + gp.bestValue() + ", random " + random.bestValue());
    }

    @Test
    void deterministicForASeed() {
        SamplerChecks.assertDeterministic(Samplers::gp, SamplerChecks::quadratic, 14);
    }

    @Test
    void independentOfTheSpaceMapOrder() {
        SamplerChecks.assertIndependentOfSpaceOrder(Samplers::gp);
    }

    @Test
    void mixedAndConditionalSpace() {
        SamplerChecks.assertHandlesMixedSpace(Samplers::gp, 35, 0.2);
    }

    @Test
    void constraintsSteerTowardsFeasiblePoints() {
        // minimise x + y on [0, 1]² subject to x² + y² ≥ 0.5 (written as c = 0.5 − x² − y² ≤ 0): the
        // constrained minimum is √0.5 ≈ 0.7071, at (0, √0.5) and (√0.5, 0); the unconstrained one (0, 0) is infeasible
        Study study = Study.minimize(Samplers.gp(0));
        study.optimize(t -> {
            double x = t.suggestFloat("x", 0, 1);
            double y = t.suggestFloat("y", 0, 1);
            t.setConstraints(0.5 - x * x - y * y);
            return x + y;
        }, 30);
        long feasibleAfterStartup = study.trials().stream().skip(10).filter(FrozenTrial::feasible).count();
        assertTrue(feasibleAfterStartup >= 14, "only " + feasibleAfterStartup + " of 20 GP trials were feasible");
        double bestFeasible = study.trials().stream().filter(FrozenTrial::feasible)
                .mapToDouble(FrozenTrial::value).min().orElseThrow();
        assertTrue(bestFeasible < 0.75, "best feasible " + bestFeasible);
    }

    @Test
    void runningTrialsSpreadOut() {
        // with two trials asked before either is told, the second must not repeat the first
        Study study = Study.minimize(Samplers.gp(0));
        study.optimize(SamplerChecks::quadratic, 12);
        var first = study.ask();
        double x1 = first.suggestFloat("x", -5, 5);
        double y1 = first.suggestFloat("y", -5, 5);
        var second = study.ask();
        double x2 = second.suggestFloat("x", -5, 5);
        double y2 = second.suggestFloat("y", -5, 5);
        assertTrue(Math.hypot(x1 - x2, y1 - y2) > 1e-3, "two concurrent trials at the same point");
        study.tell(first, 1.0);
        study.tell(second, 1.0);
        assertEquals(14, study.trials(TrialState.COMPLETE).size());
    }

    @Test
    void multiObjectiveByRandomScalarisation() {
        Study study = Study.builder().directions(StudyDirection.MINIMIZE, StudyDirection.MINIMIZE)
                .sampler(Samplers.gp(0)).create();
        study.optimizeMulti(t -> {
            double x = t.suggestFloat("x", 0, 1);
            double y = t.suggestFloat("y", 0, 1);
            return new double[] {x * x + y * y, (x - 1) * (x - 1) + y * y};
        }, 25);
        // the Pareto set is y = 0, x ∈ [0, 1]: the model-based trials should find points near it
        long nearFront = study.bestTrials().stream().filter(t -> (double) t.params().get("y") < 0.05).count();
        assertTrue(nearFront >= 5, "only " + nearFront + " Pareto-optimal trials with y < 0.05");
    }
}
