package dev.kiln.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.autograd.GradCheck;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** {@code prod}: values over all or one dimension, int64 exactly, and its gradient through a zero. */
class ProductTest {
    @Test
    void productsOverADimensionOrEverything() {
        Tensor x = Tensor.of(new float[][] {{1f, 2f, 3f}, {4f, 0.5f, -1f}});
        assertArrayEquals(new float[] {6f, -2f}, x.prod(1, false).toFloatArray());
        assertArrayEquals(new float[] {4f, 1f, -3f}, x.prod(0, false).toFloatArray());
        assertArrayEquals(new int[] {2, 1}, x.prod(1, true).shape());
        assertEquals(-12.0, x.prod().item());
        Tensor big = Tensor.of((1L << 40) + 1, 3L);
        assertEquals(DType.INT64, big.prod().dtype());
        assertEquals(((1L << 40) + 1) * 3, big.prod().toLongArray()[0], "exact beyond 2^53");
        assertEquals(DType.INT64, Tensor.of(true, true).prod().dtype());
    }

    @Test
    void gradientIsTheProductOfTheOthersEvenThroughAZero() {
        Tensor x = Tensor.of(new double[][] {{1.5, 0.0, -2.0}, {0.7, 1.3, 2.1}}).requiresGrad(true);
        GradCheck.check(in -> in[0].prod(1, false), x);
        GradCheck.check(in -> in[0].prod(), x);
        Tensor y = x.detach().requiresGrad(true);
        y.prod(1, false).sum().backward();
        assertArrayEquals(new double[] {0.0, -3.0, 0.0, 1.3 * 2.1, 0.7 * 2.1, 0.7 * 1.3}, y.grad().toDoubleArray(), 1e-12);
    }
}
