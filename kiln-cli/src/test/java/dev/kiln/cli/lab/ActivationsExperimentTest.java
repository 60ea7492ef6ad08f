package dev.kiln.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.cli.lab.ActivationsExperiment.Activation;
import dev.kiln.cli.lab.ActivationsExperiment.Curve;
import dev.kiln.cli.lab.ActivationsExperiment.Properties;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivationsExperimentTest {
    private static Activation find(String file) {
        return ActivationsExperiment.activations().stream().filter(a -> a.file().equals(file)).findFirst().orElseThrow();
    }

    @Test
    void autogradDerivativesMatchTheClosedForms() {
        Curve sig = ActivationsExperiment.curve(find("sigmoid"), -5, 5, 101);
        Curve tanh = ActivationsExperiment.curve(find("tanh"), -5, 5, 101);
        Curve relu = ActivationsExperiment.curve(find("relu"), -5, 5, 101);
        for (int i = 0; i < 101; i++) {
            double x = sig.x()[i];
            double s = 1 / (1 + Math.exp(-x));
            assertEquals(s, sig.y()[i], 1e-12);
            assertEquals(s * (1 - s), sig.dy()[i], 1e-12);
            assertEquals(1 - Math.tanh(x) * Math.tanh(x), tanh.dy()[i], 1e-12);
            assertEquals(x > 0 ? 1 : 0, relu.dy()[i], 0);
        }
    }

    @Test
    void everyDerivativeAgreesWithFiniteDifferencesAwayFromKinks() {
        for (Activation a : ActivationsExperiment.activations()) {
            Curve c = ActivationsExperiment.curve(a, a.lo(), a.hi(), 401);
            double h = 1e-6;
            for (int i = 7; i < 401; i += 13) {
                double x = c.x()[i];
                // the kinks: 0 (ReLU family), ±1 (CReLU/maxout scale), ±2 (Hardtanh(-2, 2)), 6 (ReLU6)
                if (Math.abs(x) < 1e-3 || Math.abs(Math.abs(x) - 1) < 1e-3 || Math.abs(Math.abs(x) - 2) < 1e-3
                        || Math.abs(x - 6) < 1e-3) {
                    continue;
                }
                double fp = ActivationsExperiment.curve(a, x + h, x + h, 1).y()[0];
                double fm = ActivationsExperiment.curve(a, x - h, x - h, 1).y()[0];
                assertEquals((fp - fm) / (2 * h), c.dy()[i], 1e-5 * Math.max(1, Math.abs(c.dy()[i])), a.name() + " at " + x);
            }
        }
    }

    @Test
    void measuredPropertiesAreTheTextbookOnes() {
        Properties sigmoid = ActivationsExperiment.properties(find("sigmoid"));
        assertFalse(sigmoid.zeroCentred());
        assertTrue(sigmoid.monotonic() && sigmoid.saturatesLeft() && sigmoid.saturatesRight());
        assertEquals(0.25, sigmoid.derivativeAtCentre(), 1e-12);
        Properties tanh = ActivationsExperiment.properties(find("tanh"));
        assertTrue(tanh.zeroCentred() && tanh.saturatesLeft() && tanh.saturatesRight());
        assertEquals(1, tanh.derivativeAtCentre(), 1e-12);
        Properties relu = ActivationsExperiment.properties(find("relu"));
        assertTrue(relu.saturatesLeft());
        assertFalse(relu.saturatesRight());
        assertEquals(0, relu.min(), 0);
        Properties gelu = ActivationsExperiment.properties(find("gelu"));
        assertFalse(gelu.monotonic());
        assertEquals(0.5, gelu.derivativeAtCentre(), 1e-12);
        Properties leaky = ActivationsExperiment.properties(find("leaky_relu"));
        assertFalse(leaky.saturatesLeft() || leaky.saturatesRight());
        Properties logit = ActivationsExperiment.properties(find("logit"));
        assertEquals(4, logit.derivativeAtCentre(), 1e-9);
    }

    @Test
    void commandWritesChartsAndPage(@TempDir Path dir) throws Exception {
        LabTesting.Outcome o = LabTesting.lab("activations", "--out", dir.toString());
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("Sigmoid") && o.out().contains("both sides"), o.out());
        LabTesting.assertReport(dir, List.of("overview.png", "activations.png"));
    }

    @Test
    void theClaimHoldsAtTheDefaults(@TempDir Path dir) throws Exception {
        LabTesting.runAndCheck(new ActivationsExperiment(), dir);
    }

    @Test
    void rreluDrawsItsTrainingSlopesFromTheRange() {
        double[] slopes = ActivationsExperiment.rreluTrainingSlopes(5000, 0);
        for (double s : slopes) {
            assertTrue(s >= 1.0 / 8 && s <= 1.0 / 3, "slope " + s);
        }
        double mean = java.util.Arrays.stream(slopes).average().orElseThrow();
        assertEquals((1.0 / 8 + 1.0 / 3) / 2, mean, 0.01);
    }
}
