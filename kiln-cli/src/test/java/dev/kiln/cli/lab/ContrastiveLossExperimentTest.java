package dev.kiln.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContrastiveLossExperimentTest {
    @Test
    void similarPairsCostHalfDSquaredDissimilarOnlyInsideTheMargin() {
        assertEquals(0.5 * 0.7 * 0.7, ContrastiveLossExperiment.loss(0.7, 1), 1e-9);
        assertEquals(0.5 * 0.3 * 0.3, ContrastiveLossExperiment.loss(0.7, 0), 1e-9);
        assertEquals(0.0, ContrastiveLossExperiment.loss(1.5, 0));
        assertEquals(0.5, ContrastiveLossExperiment.loss(0, 0), 1e-12);
    }

    @Test
    void pageHoldsTheClaim(@TempDir Path dir) throws Exception {
        LabTesting.runAndCheck(new ContrastiveLossExperiment(), dir);
    }
}
