package dev.kiln.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.cli.lab.SymmetryExperiment.Run;
import dev.kiln.cli.lab.SymmetryExperiment.Start;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SymmetryExperimentTest {
    @Test
    void constantInitialisationKeepsHiddenUnitsIdentical() {
        for (Start s : List.of(Start.ZEROS, Start.CONSTANT)) {
            Run run = SymmetryExperiment.train(s, 8, 100, 1);
            for (double spread : run.unitSpread()) {
                assertEquals(0.0, spread, s + ": hidden units differ");
            }
            assertEquals(1, run.distinctUnits());
        }
    }

    @Test
    void randomInitialisationOrDropoutBreaksTheSymmetry() {
        Run random = SymmetryExperiment.train(Start.RANDOM, 8, 100, 1);
        assertEquals(8, random.distinctUnits());
        assertTrue(random.lastLoss() < random.firstLoss());
        Run dropout = SymmetryExperiment.train(Start.CONSTANT_DROPOUT, 8, 100, 1);
        assertEquals(0.0, dropout.unitSpread()[0]);
        assertTrue(dropout.unitSpread()[100] > 0);
        assertEquals(8, dropout.distinctUnits());
    }

    @Test
    void commandWritesChartAndPage(@TempDir Path dir) throws Exception {
        LabTesting.Outcome o = LabTesting.lab("symmetry", "--out", dir.toString(), "--steps", "20");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("1 of 8"), o.out());
        LabTesting.assertReport(dir, List.of("unit_spread.png"));
        assertEquals(1, LabTesting.lab("symmetry", "--hidden", "1").exitCode());
    }

    @Test
    void theClaimHoldsAtTheDefaults(@TempDir Path dir) throws Exception {
        LabTesting.runAndCheck(new SymmetryExperiment(), dir);
    }
}
