package dev.kiln.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.cli.lab.GradientsExperiment.Gradients;
import dev.kiln.cli.lab.GradientsExperiment.VarianceCheck;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradientsExperimentTest {
    @Test
    void sigmoidGradientVanishesTowardTheInputWhileReluStaysLevel() {
        for (long seed = 0; seed < 3; seed++) {
            Gradients sig = GradientsExperiment.layerGradients(true, 10, 128, seed);
            double[] s = sig.norms();
            assertTrue(s[0] / s[10] < 1e-4, "sigmoid input/output gradient ratio " + s[0] / s[10]);
            for (int l = 0; l < 10; l++) {
                assertTrue(s[l] < s[l + 1], "sigmoid gradient grows toward the output at layer " + l);
            }
            double[] r = GradientsExperiment.layerGradients(false, 10, 128, seed).norms();
            assertTrue(r[0] / r[10] > 0.05, "ReLU input/output gradient ratio " + r[0] / r[10]);
        }
    }

    @Test
    void sigmoidDerivativeIsAtMostAQuarter() {
        assertEquals(0.25, GradientsExperiment.maxSigmoidDerivative(), 1e-12);
    }

    @Test
    void varianceOfAProductMatchesTheFormula() {
        List<VarianceCheck> checks = GradientsExperiment.varianceChecks(5, 1_000_000);
        assertEquals(12, checks.get(0).empirical(), 12 * 0.03);
        assertEquals(12, checks.get(1).empirical(), 12 * 0.03);
        // the zero-mean formula would be wrong by a factor of 3 for variables with means
        assertTrue(checks.get(2).empirical() > 2.5 * checks.get(2).formula());
    }

    @Test
    void productOfGaussianMatricesExplodes() {
        assertTrue(GradientsExperiment.matrixProductMagnitude(0) > 1e15);
    }

    @Test
    void commandWritesChartAndPage(@TempDir Path dir) throws Exception {
        LabTesting.Outcome o = LabTesting.lab("gradients", "--out", dir.toString(), "--depth", "6", "--width", "32");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("sigmoid"), o.out());
        LabTesting.assertReport(dir, List.of("gradient_norms.png"));
        assertEquals(1, LabTesting.lab("gradients", "--depth", "0").exitCode());
    }

    @Test
    void theClaimHoldsAtTheDefaults(@TempDir Path dir) throws Exception {
        LabTesting.runAndCheck(new GradientsExperiment(), dir);
    }
}
