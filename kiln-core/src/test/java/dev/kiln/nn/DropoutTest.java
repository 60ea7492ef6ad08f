package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.nn.functional.Layers;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DropoutTest {

    @Test
    void trainingZeroesAFractionPAndScalesSurvivors() {
        var drop = new Dropout(0.3, new Generator(1));
        double[] y = drop.forward(Tensor.full(2.0, 100, 200)).toDoubleArray();
        int zeros = 0;
        for (double v : y) {
            if (v == 0) {
                zeros++;
            } else {
                assertEquals(2 / 0.7, v, 1e-6);
            }
        }
        // binomial(20000, 0.3): std of the fraction ≈ 0.0032; allow 5 sigma
        assertEquals(0.3, zeros / 20000.0, 0.016);
    }

    @Test
    void evaluationAndPZeroAreTheIdentity() {
        Tensor x = Tensor.randn(new Generator(2), 4, 5);
        var drop = new Dropout(0.5);
        drop.eval();
        assertSame(x, drop.forward(x));
        assertSame(x, Layers.dropout(x, 0, true));
        Tensor maps = Tensor.ones(1, 2, 3, 3);
        assertSame(maps, new Dropout2d(0.5).eval().forward(maps));
        assertSame(maps, new AlphaDropout(0.5).eval().forward(maps));
    }

    @Test
    void pOneDropsEverything() {
        Tensor y = Layers.dropout(Tensor.ones(3, 3), 1, true, new Generator(3));
        assertArrayEquals(new float[9], y.toFloatArray());
    }

    @Test
    void sameSeedSameMask() {
        Tensor x = Tensor.ones(50);
        assertArrayEquals(Layers.dropout(x, 0.5, true, new Generator(7)).toFloatArray(),
                Layers.dropout(x, 0.5, true, new Generator(7)).toFloatArray());
    }

    @Test
    void gradientIsTheMaskTimesTheScale() {
        Tensor x = Tensor.randn(new Generator(4), 10, 10).to(DType.FLOAT64).requiresGrad(true);
        Tensor y = Layers.dropout(x, 0.4, true, new Generator(5));
        y.sum().backward();
        double[] xs = x.toDoubleArray();
        double[] ys = y.toDoubleArray();
        double[] gs = x.grad().toDoubleArray();
        for (int i = 0; i < xs.length; i++) {
            assertEquals(ys[i] == 0 ? 0 : 1 / 0.6, gs[i], 1e-12);
            assertEquals(ys[i], gs[i] * xs[i], 1e-12);
        }
    }

    @Test
    void dropout2dZeroesWholeChannels() {
        Tensor y = new Dropout2d(0.5, new Generator(6)).forward(Tensor.ones(8, 16, 3, 3));
        double[] v = y.toDoubleArray();
        int dropped = 0;
        for (int ch = 0; ch < 8 * 16; ch++) {
            double first = v[ch * 9];
            for (int k = 1; k < 9; k++) {
                assertEquals(first, v[ch * 9 + k], "one value per channel");
            }
            if (first == 0) {
                dropped++;
            } else {
                assertEquals(2.0, first, 1e-6);
            }
        }
        // binomial(128, 0.5): 64 ± 5 sigma (5.7 each)
        assertEquals(64, dropped, 28);
        assertThrows(IllegalArgumentException.class, () -> Layers.dropout2d(Tensor.ones(2, 3), 0.5, true));
    }

    @Test
    void alphaDropoutKeepsZeroMeanAndUnitVariance() {
        Generator g = new Generator(7);
        Tensor x = Tensor.randn(g, 200, 200);
        double[] y = new AlphaDropout(0.2, g).forward(x).toDoubleArray();
        double sum = 0;
        double sumSq = 0;
        for (double v : y) {
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / y.length;
        double var = sumSq / y.length - mean * mean;
        assertEquals(0, mean, 0.02);
        assertEquals(1, var, 0.03);
        // dropped units all take the same value a·(−α') + b = −a·α'·(1 − p)
        double alpha = 1.6732632423543772 * 1.0507009873554805;
        double a = 1 / Math.sqrt((alpha * alpha * 0.2 + 1) * 0.8);
        double droppedValue = -a * alpha * (1 - 0.2);
        int n = 0;
        for (double v : y) {
            if (Math.abs(v - droppedValue) < 1e-6) {
                n++;
            }
        }
        assertEquals(0.2, n / 40000.0, 0.012);
    }

    @Test
    void badProbabilitiesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        assertThrows(IllegalArgumentException.class, () -> new AlphaDropout(-0.1));
        assertThrows(IllegalArgumentException.class, () -> Layers.dropout(Tensor.ones(2), Double.NaN, true));
    }
}
