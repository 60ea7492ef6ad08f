package dev.kiln.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.cli.lab.SchedulesExperiment.Schedule;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The curves against the closed forms of PyTorch's and TensorFlow's documentation. */
class SchedulesExperimentTest {
    private static double[] curve(String name) {
        Schedule s = SchedulesExperiment.schedules(100, 0).stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        return SchedulesExperiment.curve(s, 100);
    }

    @Test
    void pytorchSchedulersFollowTheirClosedForms() {
        double[] step = curve("StepLR");
        double[] multi = curve("MultiStepLR");
        double[] exp = curve("ExponentialLR");
        double[] cos = curve("CosineAnnealingLR");
        double[] poly = curve("PolynomialLR");
        double[] linear = curve("LinearLR");
        double[] constant = curve("ConstantLR");
        for (int t = 0; t < 100; t++) {
            assertEquals(0.1 * Math.pow(0.5, Math.floor(t / 30.0)), step[t], 1e-12, "StepLR " + t);
            assertEquals(0.1 * Math.pow(0.1, (t >= 30 ? 1 : 0) + (t >= 80 ? 1 : 0)), multi[t], 1e-12, "MultiStepLR " + t);
            assertEquals(0.1 * Math.pow(0.96, t), exp[t], 1e-12, "ExponentialLR " + t);
            assertEquals(0.05 * (1 + Math.cos(Math.PI * t / 100)), cos[t], 1e-12, "CosineAnnealingLR " + t);
            assertEquals(0.1 * Math.pow(1 - t / 100.0, 2), poly[t], 1e-12, "PolynomialLR " + t);
            assertEquals(0.1 * (0.1 + 0.9 * Math.min(t, 25) / 25.0), linear[t], 1e-12, "LinearLR " + t);
            assertEquals(t < 25 ? 0.1 / 3 : 0.1, constant[t], 1e-12, "ConstantLR " + t);
        }
    }

    @Test
    void cyclicAndOneCycleHitTheirCorners() {
        double[] tri = curve("CyclicLR triangular");
        assertEquals(0.01, tri[0], 1e-12);
        assertEquals(0.055, tri[5], 1e-12);
        assertEquals(0.1, tri[10], 1e-12);
        assertEquals(0.01, tri[20], 1e-12);
        double[] tri2 = curve("CyclicLR triangular2");
        assertEquals(0.01 + 0.09 / 2, tri2[30], 1e-12);
        double[] one = curve("OneCycleLR");
        assertEquals(0.1 / 25, one[0], 1e-12);
        assertEquals(0.1, one[29], 1e-12);
        assertEquals(0.1 / 25 / 1e4, one[99], 1e-12);
        double[] warm = curve("CosineAnnealingWarmRestarts");
        assertEquals(0.1, warm[10], 1e-12);
        assertEquals(0.1, warm[30], 1e-12);
        assertEquals(0.001 + 0.099 * (1 + Math.cos(Math.PI * 5 / 10)) / 2, warm[5], 1e-12);
    }

    @Test
    void tensorflowDecaysFollowTheirClosedForms() {
        double[] exp = curve("exponential_decay");
        double[] stair = curve("exponential_decay staircase");
        double[] inv = curve("inverse_time_decay");
        double[] nat = curve("natural_exp_decay");
        double[] cosine = curve("cosine_decay");
        for (int t = 0; t < 100; t++) {
            assertEquals(0.1 * Math.pow(0.8, t / 10.0), exp[t], 1e-12);
            assertEquals(0.1 * Math.pow(0.8, Math.floor(t / 10.0)), stair[t], 1e-12);
            assertEquals(0.1 / (1 + 0.5 * t / 10.0), inv[t], 1e-12);
            assertEquals(0.1 * Math.exp(-0.3 * t / 10.0), nat[t], 1e-12);
            assertEquals(0.1 * (0.9 * (1 + Math.cos(Math.PI * t / 100)) / 2 + 0.1), cosine[t], 1e-12);
        }
        double[] piecewise = curve("piecewise_constant");
        assertEquals(0.1, piecewise[25], 0);
        assertEquals(0.05, piecewise[26], 0);
        assertEquals(0.01, piecewise[51], 0);
    }

    @Test
    void commandWritesChartsAndPage(@TempDir Path dir) throws Exception {
        LabTesting.Outcome o = LabTesting.lab("schedules", "--out", dir.toString(), "--steps", "60");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("OneCycleLR") && o.out().contains("noisy_linear_cosine_decay"), o.out());
        LabTesting.assertReport(dir, List.of("schedules_1.png", "schedules_2.png", "schedules_3.png", "schedules_4.png"));
        LabTesting.Outcome bad = LabTesting.lab("schedules", "--steps", "2");
        assertEquals(1, bad.exitCode());
        assertEquals("kiln: --steps must be between 4 and 100000, got 2", bad.err().strip());
    }

    @Test
    void theClaimHoldsAtTheDefaults(@TempDir Path dir) throws Exception {
        LabTesting.runAndCheck(new SchedulesExperiment(), dir);
    }

    @Test
    void theNotesCyclicAndOneCycleSettingsGiveTheirCurves() {
        var notes = SchedulesExperiment.notesSchedules();
        double[] cyc = SchedulesExperiment.curve(notes.stream().filter(s -> s.name().equals("CyclicLR")).findFirst().orElseThrow(), 120);
        assertEquals(0.1, cyc[0], 1e-9);
        assertEquals(0.15, cyc[15], 1e-9, "half-way up the 30-step climb");
        assertEquals(0.2, cyc[30], 1e-9);
        assertEquals(0.15, cyc[35], 1e-9, "half-way down the 10-step descent");
        assertEquals(0.1, cyc[40], 1e-9);
        double[] one = SchedulesExperiment.curve(notes.stream().filter(s -> s.name().equals("OneCycleLR")).findFirst().orElseThrow(), 120);
        assertEquals(0.01, one[0], 1e-9, "max_lr / div_factor");
        assertEquals(0.1, java.util.Arrays.stream(one).max().orElseThrow(), 1e-9);
        assertEquals(0.001, one[119], 1e-9, "initial_lr / final_div_factor (PyTorch)");
    }
}
