package dev.kiln.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tanh-sigmoid, sigmoid-gradient, zigzag and dying-relu. */
class ActivationPropertiesTest {
    @Test
    void tanhIsTwoSigmoidOfTwoXMinusOne() {
        assertTrue(TanhSigmoidExperiment.identityError() < 1e-12);
        double[] slopes = TanhSigmoidExperiment.slopesAtZero();
        assertEquals(0.25, slopes[0], 1e-12);
        assertEquals(1.0, slopes[1], 1e-12);
    }

    @Test
    void sigmoidGradientPeaksAtAQuarterAndVanishesAtEight() {
        double[][] c = SigmoidGradientExperiment.curve();
        assertEquals(160, c[0].length);
        assertEquals(0.25, java.util.Arrays.stream(c[2]).max().orElseThrow(), 1e-6);
        double s = 1 / (1 + Math.exp(8));
        assertEquals(s * (1 - s), c[2][0], 1e-6, "σ'(−8)");
        assertTrue(c[2][0] < 5e-4);
    }

    @Test
    void positiveInputsMoveBothWeightsTheSameWayEveryStep() {
        ZigZagExperiment.Run sigmoid = ZigZagExperiment.run(true, 0);
        ZigZagExperiment.Run tanh = ZigZagExperiment.run(false, 0);
        assertEquals(1.0, sigmoid.sameSign());
        assertTrue(tanh.sameSign() > 0.3 && tanh.sameSign() < 0.7, "tanh " + tanh.sameSign());
        assertTrue(tanh.reached() > 0 && tanh.reached() * 3 < sigmoid.reached(), tanh.reached() + " vs " + sigmoid.reached());
    }

    @Test
    void aLargeLearningRateKillsMostReluUnits() {
        LabTraining.Data data = LabTraining.digits(0);
        double[] small = DyingReluExperiment.deadFraction(0.01, data, 0);
        double[] large = DyingReluExperiment.deadFraction(5, data, 0);
        assertEquals(small[0], large[0], "same initialisation");
        assertTrue(small[DyingReluExperiment.EPOCHS] - small[0] < 0.02, "lr 0.01: " + small[DyingReluExperiment.EPOCHS]);
        assertTrue(large[DyingReluExperiment.EPOCHS] > 0.5, "lr 5: " + large[DyingReluExperiment.EPOCHS]);
    }

    @Test
    void pagesHoldTheirClaims(@TempDir Path dir) throws Exception {
        LabTesting.runAndCheck(new TanhSigmoidExperiment(), dir.resolve("a"));
        LabTesting.runAndCheck(new SigmoidGradientExperiment(), dir.resolve("b"));
        LabTesting.runAndCheck(new ZigZagExperiment(), dir.resolve("c"));
    }
}
