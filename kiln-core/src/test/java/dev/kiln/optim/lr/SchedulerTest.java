package dev.kiln.optim.lr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.io.Json;
import dev.kiln.optim.Adam;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scheduler behaviour beyond the conformance vectors. */
class SchedulerTest {
    private static SGD sgd(double lr) {
        return new SGD(List.of(Tensor.zeros(1).requiresGrad(true)), SGD.Options.of(lr).withMomentum(0.9));
    }

    @Test
    void linearWarmupInFrontOfADecay() {
        DecaySchedule s = new ExponentialDecay(0.1, 10, 0.5, DecaySchedule.Exponent.STAIRCASE).withWarmup(4);
        assertEquals(0.025, s.lr(0), 1e-15);
        assertEquals(0.075, s.lr(2), 1e-15);
        assertEquals(0.1, s.lr(4), 1e-15);
        assertEquals(0.05, s.lr(14), 1e-15);
    }

    @Test
    void cosineDecayRestartsMatchesSgdrPeriods() {
        // periods 10, 20, 40 … with the peak halved at each restart, written out directly
        var s = new CosineDecayRestarts(1.0, 10, 2, 0.5, 0.0);
        long start = 0;
        long period = 10;
        double peak = 1;
        for (long t = 0; t < 150; t++) {
            if (t - start >= period) {
                start += period;
                period *= 2;
                peak *= 0.5;
            }
            double expected = peak * 0.5 * (1 + Math.cos(Math.PI * (t - start) / period));
            assertEquals(expected, s.lr(t), 1e-12, "step " + t);
        }
        var constantPeriod = new CosineDecayRestarts(0.1, 5, 1, 1, 0.1);
        assertEquals(constantPeriod.lr(2), constantPeriod.lr(7), 1e-15);
    }

    @Test
    void noisyLinearCosineDecayIsSeededAndHasTheStatedSpread() {
        var s = new NoisyLinearCosineDecay(0.1, 50, 1.0, 0.55, 0.5, 0.0, 0.001, 42);
        assertEquals(s.lr(7), s.lr(7), 0);
        assertEquals(s.lr(7), new NoisyLinearCosineDecay(0.1, 50, 1.0, 0.55, 0.5, 0.0, 0.001, 42).lr(7), 0);
        int n = 4000;
        double sum = 0;
        double sq = 0;
        for (int seed = 0; seed < n; seed++) {
            double v = new NoisyLinearCosineDecay(0.1, 50, 1.0, 0.55, 0.5, 0.0, 0.001, seed).lr(10);
            sum += v;
            sq += v * v;
        }
        double mean = sum / n;
        double std = Math.sqrt(sq / n - mean * mean);
        double expectedStd = s.noiseStd(10);
        assertEquals(s.mean(10), mean, 4 * expectedStd / Math.sqrt(n));
        assertEquals(expectedStd, std, 0.05 * expectedStd);
    }

    @Test
    void scheduleLrDrivesTheOptimizer() {
        SGD opt = sgd(0.5);
        var sched = new ScheduleLR(opt, new PiecewiseConstantDecay(new long[] {2}, new double[] {0.5, 0.1}));
        List<Double> lrs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            lrs.add(opt.paramGroups().get(0).lr());
            sched.step();
        }
        assertEquals(List.of(0.5, 0.5, 0.5, 0.1), lrs);
    }

    @Test
    void scheduleLrScalesEachGroupsOwnBaseRate() {
        // fine-tuning: the pretrained layer at a tenth of the head's rate; before the fix both got the absolute 0.1
        Tensor head = Tensor.zeros(1).requiresGrad(true);
        Tensor base = Tensor.zeros(1).requiresGrad(true);
        SGD opt = new SGD(SGD.Options.of(0.1), List.of(dev.kiln.optim.ParamGroupSpec.of(List.of(head)),
                new dev.kiln.optim.ParamGroupSpec(List.of(base), 0.01, null)));
        var sched = new ScheduleLR(opt, new ExponentialDecay(0.1, 1, 0.5, DecaySchedule.Exponent.CONTINUOUS));
        for (int t = 0; t < 3; t++) {
            assertEquals(0.1 * Math.pow(0.5, t), opt.paramGroups().get(0).lr(), 1e-15);
            assertEquals(0.01 * Math.pow(0.5, t), opt.paramGroups().get(1).lr(), 1e-15);
            sched.step();
        }
        assertThrows(IllegalArgumentException.class, () -> new ScheduleLR(sgd(0.1), step -> 0));
    }

    @Test
    void oneCycleCyclesAdamsBeta1AndRefusesToRunPastTheEnd() {
        var opt = new Adam(List.of(Tensor.zeros(1).requiresGrad(true)), Adam.Options.of(0.1));
        var sched = new OneCycleLR(opt, new OneCycleLR.Options(new double[] {0.1}, 10));
        assertEquals(0.95, opt.paramGroups().get(0).options().beta1(), 1e-15);
        assertEquals(0.1 / 25, opt.paramGroups().get(0).lr(), 1e-15);
        for (int i = 0; i < 10; i++) {
            sched.step();
        }
        assertThrows(IllegalStateException.class, sched::step);
    }

    @Test
    void cyclicMomentumNeedsAnOptimizerWithMomentum() {
        var opt = new dev.kiln.optim.Adagrad(List.of(Tensor.zeros(1).requiresGrad(true)),
                dev.kiln.optim.Adagrad.Options.of(0.1));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new CyclicLR(opt, new double[] {0.01}, new double[] {0.1}, 5, 5, CyclicLR.Mode.TRIANGULAR, 1,
                new CyclicLR.MomentumRange(0.8, 0.9)));
        assertTrue(e.getMessage().contains("momentum"), e.getMessage());
    }

    @Test
    void reduceOnPlateauResumesFromItsState() {
        double[] metrics = {5, 4, 4, 4, 4, 4, 3.9, 3.9, 3.9, 3.9, 3.9, 3.9};
        SGD a = sgd(1.0);
        var straight = new ReduceLROnPlateau(a, new ReduceLROnPlateau.Options(ReduceLROnPlateau.Mode.MIN, 0.5, 2));
        for (double m : metrics) {
            straight.step(m);
        }
        SGD b = sgd(1.0);
        var first = new ReduceLROnPlateau(b, new ReduceLROnPlateau.Options(ReduceLROnPlateau.Mode.MIN, 0.5, 2));
        for (int i = 0; i < 5; i++) {
            first.step(metrics[i]);
        }
        String saved = Json.write(first.stateDict());
        SGD c = sgd(1.0);
        c.loadStateDict(b.stateDict());
        var second = new ReduceLROnPlateau(c, new ReduceLROnPlateau.Options(ReduceLROnPlateau.Mode.MIN, 0.5, 2));
        second.loadStateDict(Json.parseObject(saved));
        for (int i = 5; i < metrics.length; i++) {
            second.step(metrics[i]);
        }
        assertEquals(straight.lastLr(), second.lastLr());
        assertTrue(straight.lastLr().getFirst() < 1.0);
    }

    @Test
    void sequentialWarmupThenCosine() {
        SGD opt = sgd(1.0);
        var warm = new LinearLR(opt, 0.25, 1.0, 3);
        var cos = new CosineAnnealingLR(opt, 10, 0);
        var sched = new SequentialLR(opt, List.of(warm, cos), new long[] {3});
        double[] expected = new double[8];
        for (int t = 0; t < 8; t++) {
            expected[t] = t < 3 ? 0.25 + 0.75 * t / 3 : (1 + Math.cos(Math.PI * (t - 3) / 10)) / 2;
        }
        for (int t = 0; t < 8; t++) {
            assertEquals(expected[t], opt.paramGroups().get(0).lr(), 1e-15, "step " + t);
            sched.step();
        }
    }
}
