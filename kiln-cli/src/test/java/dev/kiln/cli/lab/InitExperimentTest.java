package dev.kiln.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.cli.lab.InitExperiment.Act;
import dev.kiln.cli.lab.InitExperiment.Run;
import dev.kiln.cli.lab.InitExperiment.Scheme;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitExperimentTest {
    @Test
    void standardNormalWeightsGrowTheStdBySqrtNPerLayerUntilOverflow() {
        for (long seed = 0; seed < 3; seed++) {
            Run run = InitExperiment.run(Scheme.NORMAL, Act.LINEAR, 40, 400, 16, seed);
            for (int l = 1; l <= 5; l++) {
                double ratio = run.std()[l] / run.std()[l - 1];
                assertEquals(20, ratio, 2.0, "seed " + seed + " layer " + l + ": std ratio " + ratio + ", expected ~√400 = 20");
            }
            // 20^l passes float32's 3.4e38 near l = 30: the activations become inf, then NaN
            assertTrue(run.brokeAt() >= 27 && run.brokeAt() <= 33, "overflow at layer " + run.brokeAt());
            assertFalse(Double.isFinite(run.std()[run.brokeAt()]));
        }
    }

    @Test
    void scaledNormalKeepsALinearNetAtStdOne() {
        for (long seed = 0; seed < 3; seed++) {
            Run run = InitExperiment.run(Scheme.SCALED, Act.LINEAR, 100, 400, 16, seed);
            assertEquals(-1, run.brokeAt());
            for (double s : run.std()) {
                assertTrue(s > 0.5 && s < 2, "seed " + seed + ": std " + s);
            }
        }
    }

    @Test
    void kaimingKeepsReluStableWhileXavierShrinksBySqrtTwoPerLayer() {
        for (long seed = 0; seed < 3; seed++) {
            Run kaiming = InitExperiment.run(Scheme.KAIMING_NORMAL, Act.RELU, 100, 400, 16, seed);
            for (int l = 1; l <= 100; l++) {
                assertTrue(kaiming.std()[l] > 0.3 && kaiming.std()[l] < 3, "seed " + seed + " layer " + l + ": " + kaiming.std()[l]);
            }
            Run xavier = InitExperiment.run(Scheme.XAVIER_NORMAL, Act.RELU, 100, 400, 16, seed);
            assertTrue(xavier.std()[100] < 1e-3, "Xavier+ReLU std at layer 100: " + xavier.std()[100]);
            double perLayer = xavier.ratio(100);
            assertEquals(1 / Math.sqrt(2), perLayer, 0.05, "mean shrink factor per layer");
        }
    }

    @Test
    void xavierWithTanhGainKeepsTanhNetsAliveUnlikePlainScaledNormal() {
        for (long seed = 0; seed < 2; seed++) {
            Run xavier = InitExperiment.run(Scheme.XAVIER_UNIFORM, Act.TANH, 100, 400, 16, seed);
            Run scaled = InitExperiment.run(Scheme.SCALED, Act.TANH, 100, 400, 16, seed);
            assertTrue(xavier.std()[100] > 0.4, "Xavier(5/3)+tanh std " + xavier.std()[100]);
            assertTrue(scaled.std()[100] < 0.15, "N(0,1/n)+tanh std " + scaled.std()[100]);
        }
    }

    @Test
    void kaimingUniformAndLeakyReluKaimingKeepTheStdNearOne() {
        for (Run run : List.of(InitExperiment.run(Scheme.KAIMING_UNIFORM, Act.RELU, 100, 400, 16, 0),
                InitExperiment.run(Scheme.KAIMING_NORMAL, Act.LEAKY_RELU, 100, 400, 16, 0),
                InitExperiment.run(Scheme.KAIMING_UNIFORM, Act.LEAKY_RELU, 100, 400, 16, 0))) {
            double last = run.std()[100];
            assertTrue(last > 1.0 / 3 && last < 3, run.scheme() + "/" + run.act() + ": " + last);
        }
    }

    @Test
    void orthogonalWeightsPreserveTheStdOfALinearNet() {
        Run run = InitExperiment.run(Scheme.ORTHOGONAL, Act.LINEAR, 100, 400, 16, 0);
        assertEquals(run.std()[0], run.std()[100], 0.01 * run.std()[0]);
    }

    @Test
    void smallWeightsCollapseAndStandardNormalTanhSaturates() {
        Run small = InitExperiment.run(Scheme.SMALL, Act.TANH, 50, 400, 16, 0);
        // each layer multiplies the std by about 0.01·√400 = 0.2
        assertEquals(0.2, small.ratio(5), 0.03);
        assertTrue(small.std()[50] < 1e-6);
        Run saturated = InitExperiment.run(Scheme.NORMAL, Act.TANH, 50, 400, 16, 0);
        assertTrue(saturated.std()[50] > 0.9, "outputs are ±1: std " + saturated.std()[50]);
    }

    @Test
    void commandPrintsTheTableAndWritesChartsAndPage(@TempDir Path dir) throws Exception {
        LabTesting.Outcome o = LabTesting.lab("init", "--out", dir.toString(), "--layers", "40", "--seed", "3");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("Kaiming normal") && o.out().contains("NaN/inf @"), o.out());
        LabTesting.assertReport(dir, List.of("std_linear.png", "std_tanh.png", "std_relu.png", "std_leaky_relu.png"));
    }

    @Test
    void badOptionsGiveOneClearMessage() {
        LabTesting.Outcome o = LabTesting.lab("init", "--layers", "0");
        assertEquals(1, o.exitCode());
        assertEquals("kiln: --layers must be between 1 and 10000, got 0", o.err().strip());
    }
}
