package dev.kiln.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** normalization, batchnorm-statistics, batchnorm-training, batch-size, learning-rate. */
class TrainingClaimsTest {
    @Test
    void normalisedFeaturesMakeTheContoursRoundAndTheDescentShort() {
        var none = NormalizationExperiment.descend(NormalizationExperiment.Scaling.NONE, 0);
        var minMax = NormalizationExperiment.descend(NormalizationExperiment.Scaling.MIN_MAX, 0);
        var z = NormalizationExperiment.descend(NormalizationExperiment.Scaling.Z_SCORE, 0);
        assertTrue(none.condition() > 1e5, "unscaled condition number " + none.condition());
        assertTrue(z.condition() < 2, "z-score condition number " + z.condition());
        assertEquals(-1, none.steps(), "no convergence within " + NormalizationExperiment.STEPS + " steps");
        assertTrue(minMax.steps() > 0 && minMax.steps() < 100 && z.steps() > 0 && z.steps() < 20, minMax.steps() + ", " + z.steps());
    }

    @Test
    void batchNormUsesBatchStatisticsInTrainingAndRunningOnesInEvaluation() {
        double[][] f = BatchNormStatisticsExperiment.feed(0);
        double[] end = f[2];
        assertTrue(end[0] < 1e-5 && end[1] < 1e-2, "train-mode outputs standardised");
        // after one batch the running mean is 0.1 × the batch mean (about 0.5)
        assertEquals(0.5, f[0][1], 0.1);
        assertEquals(5 * (1 - Math.pow(0.9, 60)), f[0][60], 0.1);
        assertTrue(end[2] < 1e-5 && end[4] < 1e-6, "eval mode uses the running statistics");
    }

    @Test
    void batchSizeTenOnAThousandSamplesIsAHundredIterations() {
        LabTraining.Data data = LabTraining.digits(0).rows(0, BatchSizeExperiment.SAMPLES);
        BatchSizeExperiment.Run mini = BatchSizeExperiment.train(10, data, 0);
        BatchSizeExperiment.Run full = BatchSizeExperiment.train(1000, data, 0);
        assertEquals(100, mini.iterationsPerEpoch());
        assertEquals(1, full.iterationsPerEpoch());
        assertEquals(0.0, full.rises(), "batch GD never goes up at this learning rate");
        assertTrue(mini.epochLoss()[BatchSizeExperiment.EPOCHS] < full.epochLoss()[BatchSizeExperiment.EPOCHS]);
    }

    @Test
    void pagesHoldTheirClaims(@TempDir Path dir) throws Exception {
        LabTesting.runAndCheck(new NormalizationExperiment(), dir.resolve("a"));
        LabTesting.runAndCheck(new BatchNormStatisticsExperiment(), dir.resolve("b"));
        LabTesting.runAndCheck(new BatchNormTrainingExperiment(), dir.resolve("c"));
        LabTesting.runAndCheck(new BatchSizeExperiment(), dir.resolve("d"));
        LabTesting.runAndCheck(new LearningRateExperiment(), dir.resolve("e"));
    }
}
