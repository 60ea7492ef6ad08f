package dev.kiln.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tanh-gain, matrix-product and entropy. */
class InitialisationClaimsTest {
    @Test
    void theEmpiricalGainOfTanhIsAboutOnePointSix() {
        double g = TanhGainExperiment.gain(1, 10_000, 0);
        assertEquals(1.6, g, 0.05);
        assertEquals(1.0, TanhGainExperiment.gain(0.01, 10_000, 0), 1e-3, "tanh is linear near 0");
    }

    @Test
    void productsOfAHundredGaussianMatricesReach1e21To1e25() {
        double[] finals = new double[MatrixProductExperiment.RUNS];
        for (int k = 0; k < finals.length; k++) {
            finals[k] = MatrixProductExperiment.run(k)[100];
        }
        java.util.Arrays.sort(finals);
        double median = (finals[finals.length / 2 - 1] + finals[finals.length / 2]) / 2;
        assertTrue(median >= 21 && median <= 25.5, "median log10 " + median);
        assertEquals(101 * MatrixProductExperiment.LYAPUNOV / Math.log(10), median, 2.0, "Lyapunov prediction");
    }

    @Test
    void crossEntropyIsKlPlusEntropyAndKlIsNonNegative() {
        double[] id = EntropyExperiment.identity(3);
        assertTrue(id[0] < 1e-12, "identity error " + id[0]);
        assertTrue(id[1] >= 0, "min D_KL " + id[1]);
        assertTrue(id[2] < 1e-12, "D_KL(P‖P) " + id[2]);
    }

    @Test
    void pagesHoldTheirClaims(@TempDir Path dir) throws Exception {
        LabTesting.runAndCheck(new TanhGainExperiment(), dir.resolve("a"));
        LabTesting.runAndCheck(new MatrixProductExperiment(), dir.resolve("b"));
        Finding entropy = LabTesting.runAndCheck(new EntropyExperiment(), dir.resolve("c"));
        assertTrue(entropy.measured().contains("0.693147"), entropy.measured());
    }
}
