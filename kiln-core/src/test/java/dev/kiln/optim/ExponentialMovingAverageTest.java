package dev.kiln.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.optim.ExponentialMovingAverage.Correction;
import dev.kiln.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExponentialMovingAverageTest {
    private static void set(Tensor p, double... v) {
        try (var off = dev.kiln.autograd.GradMode.disabled()) {
            p.copy_(Tensor.of(v));
        }
    }

    @Test
    void plainAverageFollowsTheRecurrence() {
        Tensor p = Tensor.of(0.0, 10.0).requiresGrad(true);
        var ema = new ExponentialMovingAverage(List.of(p), 0.9);
        double[] s = {0.0, 10.0};
        double[][] values = {{1, 2}, {3, 4}, {5, 6}};
        for (double[] v : values) {
            set(p, v);
            ema.update();
            for (int i = 0; i < 2; i++) {
                s[i] = 0.9 * s[i] + 0.1 * v[i];
            }
        }
        assertArrayEquals(s, ema.average(0).toDoubleArray(), 1e-12);
    }

    @Test
    void warmupUsesTheRampedDecay() {
        Tensor p = Tensor.of(0.0).requiresGrad(true);
        var ema = new ExponentialMovingAverage(List.of(p), 0.999, Correction.WARMUP);
        assertEquals(0.1, ema.currentDecay(), 1e-15);
        set(p, 1.0);
        ema.update();
        // shadow = 0.1·0 + 0.9·1
        assertEquals(0.9, ema.average(0).item(), 1e-12);
        assertEquals(2.0 / 11.0, ema.currentDecay(), 1e-15);
    }

    @Test
    void biasCorrectionIsExactForAConstantParameter() {
        Tensor p = Tensor.of(2.5, -1.0).requiresGrad(true);
        var ema = new ExponentialMovingAverage(List.of(p), 0.99, Correction.BIAS_CORRECTION);
        for (int i = 0; i < 3; i++) {
            ema.update();
        }
        assertArrayEquals(new double[] {2.5, -1.0}, ema.average(0).toDoubleArray(), 1e-12);
    }

    @Test
    void swapInScopeRestoresTheTrainingWeights() {
        Tensor p = Tensor.of(1.0).requiresGrad(true);
        var ema = new ExponentialMovingAverage(List.of(p), 0.5);
        set(p, 3.0);
        ema.update(); // shadow = 0.5·1 + 0.5·3 = 2
        try (var scope = ema.swapIn()) {
            assertEquals(2.0, p.item(), 0);
        }
        assertEquals(3.0, p.item(), 0);
    }
}
