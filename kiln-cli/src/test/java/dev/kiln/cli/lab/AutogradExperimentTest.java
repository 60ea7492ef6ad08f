package dev.kiln.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutogradExperimentTest {
    @Test
    void theNotesExampleGivesOut27AndGrad4point5Everywhere() {
        double[] v = AutogradExperiment.example(1);
        assertEquals(27, v[0], 1e-5);
        for (int i = 1; i <= 4; i++) {
            assertEquals(4.5, v[i], 1e-6);
        }
    }

    @Test
    void theGradientFollowsOnePointFiveTimesXPlusTwo() {
        for (double t : new double[] {-3, -0.5, 2}) {
            assertEquals(1.5 * (t + 2), AutogradExperiment.example(t)[1], 1e-5, "t = " + t);
        }
    }

    @Test
    void pageHoldsTheClaim(@TempDir Path dir) throws Exception {
        LabTesting.runAndCheck(new AutogradExperiment(), dir);
    }
}
