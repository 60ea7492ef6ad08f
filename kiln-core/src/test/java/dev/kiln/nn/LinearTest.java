package dev.kiln.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradCheck;
import dev.kiln.nn.functional.Layers;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Linear and Bilinear. The forward/GradCheck tests need matmul. */
class LinearTest {
    private static Tensor rand64(Generator g, int... shape) {
        return Tensor.randn(g, shape).to(DType.FLOAT64).requiresGrad(true);
    }

    @Test
    void linearInitialisationMatchesPyTorch() {
        var lin = new Linear(400, 300, new Generator(3));
        double bound = 1 / Math.sqrt(400);
        double[] w = lin.weight().toDoubleArray();
        double sumSq = 0;
        for (double v : w) {
            assertTrue(Math.abs(v) <= bound, "weight within 1/sqrt(in)");
            sumSq += v * v;
        }
        // U(-b, b) has std b/√3; 120,000 samples put the sample std within 1% of it
        assertEquals(bound / Math.sqrt(3), Math.sqrt(sumSq / w.length), 0.01 * bound / Math.sqrt(3));
        for (double v : lin.bias().toDoubleArray()) {
            assertTrue(Math.abs(v) <= bound);
        }
        assertTrue(lin.weight().requiresGrad() && lin.bias().requiresGrad());
        assertNull(new Linear(3, 2, Linear.Options.defaults().withBias(false)).bias());
        assertEquals(1, new Linear(3, 2, Linear.Options.defaults().withBias(false)).parameters().size());
    }

    @Test
    void sameGeneratorSeedGivesSameWeights() {
        assertArrayEquals(new Linear(5, 4, new Generator(9)).weight().toFloatArray(),
                new Linear(5, 4, new Generator(9)).weight().toFloatArray());
    }

    @Test
    void linearForwardAgainstLoops() {
        Generator g = new Generator(1);
        Tensor x = Tensor.randn(g, 2, 3, 4);
        var lin = new Linear(4, 5, g);
        Tensor y = lin.forward(x);
        assertArrayEquals(new int[] {2, 3, 5}, y.shape());
        double[] xs = x.toDoubleArray();
        double[] w = lin.weight().toDoubleArray();
        double[] b = lin.bias().toDoubleArray();
        double[] ys = y.toDoubleArray();
        for (int r = 0; r < 6; r++) {
            for (int o = 0; o < 5; o++) {
                double s = b[o];
                for (int i = 0; i < 4; i++) {
                    s += xs[r * 4 + i] * w[o * 4 + i];
                }
                assertEquals(s, ys[r * 5 + o], 1e-5);
            }
        }
    }

    @Test
    void linearGradCheck() {
        Generator g = new Generator(2);
        GradCheck.check(in -> Layers.linear(in[0], in[1], in[2]), rand64(g, 3, 4), rand64(g, 2, 4), rand64(g, 2));
        GradCheck.check(in -> Layers.linear(in[0], in[1], null), rand64(g, 2, 3, 4), rand64(g, 5, 4));
    }

    @Test
    void linearRejectsMismatchedShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Linear(4, 3).forward(Tensor.zeros(2, 5)));
        assertTrue(e.getMessage().contains("linear") && e.getMessage().contains("[2, 5]") && e.getMessage().contains("[3, 4]"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Linear(0, 3));
    }

    @Test
    void bilinearInitialisationAndForwardAgainstLoops() {
        Generator g = new Generator(4);
        var bl = new Bilinear(3, 4, 2, Linear.Options.defaults(), g);
        double bound = 1 / Math.sqrt(3);
        for (double v : bl.weight().toDoubleArray()) {
            assertTrue(Math.abs(v) <= bound);
        }
        Tensor x1 = Tensor.randn(g, 5, 3);
        Tensor x2 = Tensor.randn(g, 5, 4);
        double[] y = bl.forward(x1, x2).toDoubleArray();
        double[] a = x1.toDoubleArray();
        double[] c = x2.toDoubleArray();
        double[] w = bl.weight().toDoubleArray();
        double[] b = bl.bias().toDoubleArray();
        for (int n = 0; n < 5; n++) {
            for (int k = 0; k < 2; k++) {
                double s = b[k];
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 4; j++) {
                        s += a[n * 3 + i] * w[(k * 3 + i) * 4 + j] * c[n * 4 + j];
                    }
                }
                assertEquals(s, y[n * 2 + k], 1e-5);
            }
        }
        assertThrows(UnsupportedOperationException.class, () -> bl.forward(x1));
    }

    @Test
    void bilinearGradCheck() {
        Generator g = new Generator(5);
        GradCheck.check(in -> Layers.bilinear(in[0], in[1], in[2], in[3]), rand64(g, 3, 2), rand64(g, 3, 4), rand64(g, 5, 2, 4),
                rand64(g, 5));
        GradCheck.check(in -> Layers.bilinear(in[0], in[1], in[2], null), rand64(g, 2, 2, 3), rand64(g, 2, 2, 3),
                rand64(g, 2, 3, 3));
    }
}
