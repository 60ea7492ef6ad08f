package dev.kiln.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** saddle-point, newton, ema and lars. */
class OptimisationClaimsTest {
    @Test
    void momentumEscapesTheSaddleFarSoonerThanSgd() {
        var methods = SaddlePointExperiment.methods();
        int sgd = SaddlePointExperiment.escapedAt(SaddlePointExperiment.run(methods.get("SGD"))[2]);
        int momentum = SaddlePointExperiment.escapedAt(SaddlePointExperiment.run(methods.get("Momentum 0.9"))[2]);
        // |y| grows by (1 + lr) per SGD step from 1e-6: about ln(1e6)/0.01 ≈ 1400 steps
        assertTrue(sgd > 1000 && sgd < 2000, "SGD " + sgd);
        assertTrue(momentum > 0 && momentum * 3 < sgd, "momentum " + momentum);
    }

    @Test
    void newtonSolvesTheQuadraticInOneStepAndBeatsLbfgsOnRosenbrock() {
        var problems = NewtonExperiment.problems();
        assertEquals(1, NewtonExperiment.converged(NewtonExperiment.newton(problems.get(0))));
        int newton = NewtonExperiment.converged(NewtonExperiment.newton(problems.get(1)));
        int lbfgs = NewtonExperiment.converged(NewtonExperiment.lbfgs(problems.get(1)));
        assertTrue(newton > 0 && lbfgs > 0 && newton < lbfgs, "Newton " + newton + ", L-BFGS " + lbfgs);
        assertEquals(-1, NewtonExperiment.converged(NewtonExperiment.gradientDescent(problems.get(1), 1e-3)));
    }

    @Test
    void biasCorrectionFixesTheEarlyAverageAndShadowWeightsTestBetter() {
        double[][] s = EmaExperiment.temperatures(0);
        // v_1 = (1 − β)θ_1 without correction, exactly θ_1 with it
        assertEquals(0.1 * s[0][0], s[1][0], 1e-9);
        assertEquals(s[0][0], s[2][0], 1e-9);
        assertEquals(0.9 * s[1][4] + 0.1 * s[0][5], s[1][5], 1e-9);
        double[] w = EmaExperiment.shadowWeights(0);
        assertTrue(w[1] < w[0] / 2, "raw " + w[0] + ", EMA " + w[1]);
    }

    @Test
    void larsTrainsAtALearningRateWhereSgdFails(@TempDir Path dir) throws Exception {
        Finding f = LabTesting.runAndCheck(new LarsExperiment(), dir.resolve("lars"));
        assertTrue(f.measured().contains("SGD momentum"), f.measured());
    }

    @Test
    void pagesHoldTheirClaims(@TempDir Path dir) throws Exception {
        LabTesting.runAndCheck(new SaddlePointExperiment(), dir.resolve("a"));
        LabTesting.runAndCheck(new NewtonExperiment(), dir.resolve("b"));
        LabTesting.runAndCheck(new EmaExperiment(), dir.resolve("c"));
    }
}
