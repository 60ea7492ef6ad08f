package dev.kiln.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradCheck;
import dev.kiln.nn.functional.Layers.PadMode;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** pad, normalize, cosine similarity and pairwise distance: values worked by hand and GradCheck. */
class LayersTest {
    private static Tensor rand64(Generator g, int... shape) {
        return Tensor.randn(g, shape).to(DType.FLOAT64).requiresGrad(true);
    }

    private static double[] pad1d(double[] x, int l, int r, PadMode mode, double value) {
        return Layers.pad(Tensor.fromArray(x, 1, 1, x.length), new int[] {l, r}, mode, value).toDoubleArray();
    }

    @Test
    void padModesOnOneRow() {
        double[] x = {1, 2, 3, 4};
        assertArrayEquals(new double[] {9, 1, 2, 3, 4, 9, 9}, pad1d(x, 1, 2, PadMode.CONSTANT, 9), 0);
        assertArrayEquals(new double[] {3, 2, 1, 2, 3, 4, 3, 2}, pad1d(x, 2, 2, PadMode.REFLECT, 0), 0);
        assertArrayEquals(new double[] {1, 1, 1, 2, 3, 4, 4}, pad1d(x, 2, 1, PadMode.REPLICATE, 0), 0);
        assertArrayEquals(new double[] {4, 1, 2, 3, 4, 1, 2}, pad1d(x, 1, 2, PadMode.CIRCULAR, 0), 0);
        assertArrayEquals(new double[] {2, 3, 4, 0}, pad1d(x, -1, 1, PadMode.CONSTANT, 0), 0);
        assertArrayEquals(new double[] {2, 3}, pad1d(x, -1, -1, PadMode.REPLICATE, 0), 0);
    }

    @Test
    void padTwoDimensions() {
        // [[1, 2], [3, 4]] padded (left 1, right 0, top 0, bottom 1) with replicate
        Tensor x = Tensor.fromArray(new double[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor y = Layers.pad(x, new int[] {1, 0, 0, 1}, PadMode.REPLICATE, 0);
        assertArrayEquals(new int[] {1, 1, 3, 3}, y.shape());
        assertArrayEquals(new double[] {1, 1, 2, 3, 3, 4, 3, 3, 4}, y.toDoubleArray(), 0);
        assertArrayEquals(new int[] {2, 7}, Layers.pad(Tensor.zeros(2, 3), 2, 2).shape());
    }

    @Test
    void padGradCheckEveryMode() {
        Generator g = new Generator(1);
        for (PadMode mode : PadMode.values()) {
            GradCheck.check(in -> Layers.pad(in[0], new int[] {2, 1}, mode, 0.5), rand64(g, 2, 2, 4));
            GradCheck.check(in -> Layers.pad(in[0], new int[] {1, 2, 2, 1}, mode, 0), rand64(g, 1, 2, 3, 4));
            GradCheck.check(in -> Layers.pad(in[0], new int[] {-1, 2, 1, -1}, mode, 0), rand64(g, 2, 3, 4));
        }
    }

    @Test
    void padRejectsImpossibleAmounts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Layers.pad(Tensor.zeros(1, 3), new int[] {3, 0}, PadMode.REFLECT, 0));
        assertTrue(e.getMessage().contains("reflect"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Layers.pad(Tensor.zeros(1, 3), new int[] {4, 0}, PadMode.CIRCULAR, 0));
        assertThrows(IllegalArgumentException.class, () -> Layers.pad(Tensor.zeros(3), new int[] {1, 1, 1, 1}, PadMode.CONSTANT, 0));
        assertThrows(IllegalArgumentException.class, () -> Layers.pad(Tensor.zeros(3), new int[] {-2, -1}, PadMode.CONSTANT, 0));
        assertThrows(IllegalArgumentException.class, () -> PadMode.parse("mirror"));
    }

    @Test
    void normalizeValues() {
        Tensor x = Tensor.fromArray(new double[] {3, 4, 0, 0, 1, -1}, 3, 2);
        assertArrayEquals(new double[] {0.6, 0.8, 0, 0, 1 / Math.sqrt(2), -1 / Math.sqrt(2)},
                Layers.normalize(x, 2, 1, 1e-12).toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0.75, 0.8, 0, 0, 0.25, -0.2}, Layers.normalize(x, 1, 0, 1e-12).toDoubleArray(), 1e-12);
    }

    @Test
    void normalizeGradCheckAndZeroVector() {
        Generator g = new Generator(2);
        for (double p : new double[] {1, 2, 3}) {
            GradCheck.check(in -> Layers.normalize(in[0], p, 1, 1e-12), rand64(g, 3, 4));
            GradCheck.check(in -> Layers.normalize(in[0], p, -1, 1e-12), rand64(g, 2, 2, 3));
        }
        Tensor zero = Tensor.zeros(DType.FLOAT64, 2, 3).requiresGrad(true);
        Layers.normalize(zero, 2, 1, 1e-12).sum().backward();
        for (double v : zero.grad().toDoubleArray()) {
            assertTrue(Double.isFinite(v), "finite gradient at the zero vector");
        }
    }

    @Test
    void cosineSimilarityValuesAndBroadcast() {
        Tensor a = Tensor.fromArray(new double[] {1, 0, 1, 1}, 2, 2);
        Tensor b = Tensor.fromArray(new double[] {0, 1, 2, 2}, 2, 2);
        assertArrayEquals(new double[] {0, 1}, Layers.cosineSimilarity(a, b).toDoubleArray(), 1e-12);
        Tensor one = Tensor.fromArray(new double[] {1, 0}, 1, 2);
        assertArrayEquals(new double[] {1, 1 / Math.sqrt(2)}, Layers.cosineSimilarity(one, a).toDoubleArray(), 1e-12);
        Generator g = new Generator(3);
        GradCheck.check(in -> Layers.cosineSimilarity(in[0], in[1], 1, 1e-8), rand64(g, 4, 3), rand64(g, 4, 3));
        GradCheck.check(in -> Layers.cosineSimilarity(in[0], in[1], 1, 1e-8), rand64(g, 1, 3), rand64(g, 4, 3));
        GradCheck.check(in -> Layers.cosineSimilarity(in[0], in[1], 0, 1e-8), rand64(g, 5, 2), rand64(g, 5, 2));
    }

    @Test
    void pairwiseDistanceValuesAndGradCheck() {
        Tensor a = Tensor.fromArray(new double[] {0, 0, 1, 1}, 2, 2);
        Tensor b = Tensor.fromArray(new double[] {3, 4, 1, 1}, 2, 2);
        double[] d = Layers.pairwiseDistance(a, b, 2, 0, false).toDoubleArray();
        assertArrayEquals(new double[] {5, 0}, d, 1e-12);
        assertArrayEquals(new int[] {2, 1}, Layers.pairwiseDistance(a, b, 1, 1e-6, true).shape());
        assertEquals(7 - 2e-6, Layers.pairwiseDistance(a, b, 1, 1e-6, false).toDoubleArray()[0], 1e-12);
        Generator g = new Generator(4);
        for (double p : new double[] {1, 2, 3}) {
            GradCheck.check(in -> Layers.pairwiseDistance(in[0], in[1], p, 1e-6, false), rand64(g, 4, 3), rand64(g, 4, 3));
        }
        GradCheck.check(in -> Layers.pairwiseDistance(in[0], in[1], 2, 1e-6, true), rand64(g, 3), rand64(g, 2, 3));
    }
}
