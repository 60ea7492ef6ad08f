package dev.kiln.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchExperimentTest {
    @Test
    void theObjectiveRanksLearningRatesSensibly() {
        LabTraining.Data[] data = SearchExperiment.splits(0);
        double tiny = SearchExperiment.evaluate(1e-3, 0, data)[0];
        double good = SearchExperiment.evaluate(1, 0.8, data)[0];
        assertTrue(good < tiny / 2, "lr 1 + momentum 0.8: " + good + ", lr 1e-3: " + tiny);
    }

    @Test
    void bestSoFarNeverIncreasesAndTheGridStopsAtItsThirtyPoints() {
        LabTraining.Data[] data = SearchExperiment.splits(0);
        double[][] grid = SearchExperiment.search(SearchExperiment.samplers().get("grid"), 0, data);
        assertEquals(SearchExperiment.TRIALS, grid[0].length);
        for (int t = 1; t < grid[0].length; t++) {
            assertTrue(grid[0][t] <= grid[0][t - 1]);
        }
    }

    @Test
    void pageHoldsTheClaim(@TempDir Path dir) throws Exception {
        Finding f = LabTesting.runAndCheck(new SearchExperiment(), dir);
        assertTrue(f.measured().contains("Bayesian (GP)") && f.measured().contains("genetic"), f.measured());
    }
}
