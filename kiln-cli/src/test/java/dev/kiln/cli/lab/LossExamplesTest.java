package dev.kiln.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notes' printed loss examples (mse-loss, bce-loss, softmax). */
class LossExamplesTest {
    @Test
    void mseOfTheNotesInputIs1point3283() {
        assertEquals(1.3283, MseLossExperiment.mse(), 5e-5);
    }

    @Test
    void bceOfTheNotesInputIs1point1243WithAndWithoutLogits() {
        double[] v = BceLossExperiment.values();
        assertEquals(1.1243, v[0], 5e-5);
        assertEquals(1.1243, v[1], 5e-5);
        assertEquals(0.7669, v[2], 1e-4);
        assertEquals(0.5284, v[3], 1e-4);
        assertEquals(0.9154, v[4], 1e-4);
    }

    @Test
    void softmaxOfTheNotesInputMatchesThePrintedOutput() {
        assertTrue(SoftmaxExperiment.worstDifference() < 5e-5, "largest difference " + SoftmaxExperiment.worstDifference());
    }

    @Test
    void pagesHoldTheirClaims(@TempDir Path dir) throws Exception {
        LabTesting.runAndCheck(new MseLossExperiment(), dir.resolve("mse"));
        LabTesting.runAndCheck(new BceLossExperiment(), dir.resolve("bce"));
        LabTesting.runAndCheck(new SoftmaxExperiment(), dir.resolve("softmax"));
    }
}
