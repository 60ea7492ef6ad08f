package dev.kiln.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** polynomial-l2, dropout-l2 and fine-tuning. */
class RegularisationClaimsTest {
    @Test
    void ridgeSolutionSatisfiesItsNormalEquations() {
        double[][][] d = PolynomialRegularizationExperiment.data(0);
        double lambda = 1e-3;
        double[] theta = PolynomialRegularizationExperiment.fit(d[0][0], d[0][1], lambda);
        // gradient of (1/2m)Σ(Φθ − y)² + λΣ_{j≥1}θⱼ² must vanish at the solution
        int m = d[0][0].length;
        for (int j = 0; j < theta.length; j++) {
            double g = 0;
            for (int i = 0; i < m; i++) {
                double pred = 0;
                for (int k = 0; k < theta.length; k++) {
                    pred += theta[k] * Math.pow(d[0][0][i], k);
                }
                g += (pred - d[0][1][i]) * Math.pow(d[0][0][i], j) / m;
            }
            g += j > 0 ? 2 * lambda * theta[j] : 0;
            assertEquals(0, g, 1e-9, "∂/∂θ" + j);
        }
    }

    @Test
    void noL2OverfitsModerateL2GeneralisesLargeL2Underfits() {
        double[][][] d = PolynomialRegularizationExperiment.data(0);
        double[] none = PolynomialRegularizationExperiment.errors(d, 0);
        double[] moderate = PolynomialRegularizationExperiment.errors(d, 1e-3);
        double[] large = PolynomialRegularizationExperiment.errors(d, 10);
        assertTrue(none[0] < moderate[0] && none[1] > 2 * moderate[1], "over-fitting without L2");
        assertTrue(large[0] > 5 * moderate[0] && large[1] > 2 * moderate[1], "under-fitting with λ = 10");
    }

    @Test
    void fineTuningModesRankAsTheNotesSay() {
        var modes = FineTuningExperiment.modes(0);
        assertEquals(3, modes.size());
        assertTrue(modes.get(0).accuracy() > 0.3, "the pretrained net already recognises some upscaled digits");
        assertTrue(modes.get(1).accuracy() > modes.get(0).accuracy(), "training the head helps");
        assertTrue(modes.get(2).accuracy() > modes.get(1).accuracy(), "training everything helps more");
        assertEquals(84 * 10 + 10, modes.get(1).trainable(), "only the last Linear(84, 10) trains in mode 2");
        assertTrue(modes.get(2).trainable() > 60_000);
    }

    @Test
    void pagesHoldTheirClaims(@TempDir Path dir) throws Exception {
        LabTesting.runAndCheck(new PolynomialRegularizationExperiment(), dir.resolve("a"));
        LabTesting.runAndCheck(new DropoutExperiment(), dir.resolve("b"));
    }
}
