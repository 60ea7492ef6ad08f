package dev.kiln.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradMode;
import dev.kiln.backend.cpu.Parallel;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The out= variants write the out-of-place result into a preallocated tensor and check their arguments. */
class OutVariantsTest {
    @Test
    void reluIntoMatchesScalarLoopSmallAndLarge() {
        for (int n : new int[] {5, 2 * Parallel.ELEMENTWISE_GRAIN + 3}) {
            Tensor x = Tensor.randn(new Generator(n), n);
            Tensor out = Tensor.full(99, n);
            int v0 = out.version();
            assertSame(out, x.reluInto(out));
            assertEquals(v0 + 1, out.version());
            float[] xv = x.toFloatArray();
            float[] ov = out.toFloatArray();
            for (int i = 0; i < n; i++) {
                assertEquals(xv[i] > 0 ? xv[i] : 0f, ov[i], 0f);
            }
        }
    }

    @Test
    void affineIntoTwoStepsLikeTorch() {
        Tensor x = Tensor.randn(new Generator(7), 3, 5);
        Tensor tmp = Tensor.zeros(3, 5);
        Tensor out = Tensor.zeros(3, 5);
        x.mulInto(2, tmp).addInto(1, out);
        float[] xv = x.toFloatArray();
        float[] ov = out.toFloatArray();
        for (int i = 0; i < xv.length; i++) {
            assertEquals(xv[i] * 2 + 1, ov[i], 0f);
        }
    }

    @Test
    void binaryIntoWithBroadcastingAndOffsets() {
        Generator g = new Generator(8);
        Tensor a = Tensor.randn(g, 3, 4);
        Tensor row = Tensor.randn(g, 4);
        Tensor big = Tensor.zeros(5, 4);
        Tensor out = big.narrow(0, 1, 3);           // contiguous view at offset 4
        a.addInto(row, out);
        a.mulInto(row, big.narrow(0, 2, 3).zerosLike());
        float[] av = a.toFloatArray();
        float[] rv = row.toFloatArray();
        float[] bv = big.toFloatArray();
        for (int j = 0; j < 4; j++) {
            assertEquals(0f, bv[j], 0f);
            assertEquals(0f, bv[16 + j], 0f);
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(av[i * 4 + j] + rv[j], bv[(i + 1) * 4 + j], 0f);
            }
        }
        Tensor prod = Tensor.zeros(3, 4);
        a.mulInto(row, prod);
        assertArrayEquals(a.mul(row).toFloatArray(), prod.toFloatArray(), 0f);
    }

    @Test
    void nonContiguousOutAndOtherTypes() {
        Tensor x = Tensor.of(new float[][] {{1, -2}, {-3, 4}});
        Tensor outT = Tensor.zeros(2, 2).t();        // a transposed view: written through copy_
        x.reluInto(outT);
        assertArrayEquals(new float[] {1, 0, 0, 4}, outT.toFloatArray());
        Tensor d = Tensor.zeros(DType.FLOAT64, 2);
        Tensor.of(1.0, 2.0).addInto(Tensor.of(0.5, 0.25), d);
        assertArrayEquals(new double[] {1.5, 2.25}, d.toDoubleArray());
        Tensor l = Tensor.zeros(DType.INT64, 2);
        Tensor.of(3L, -4L).mulInto(3, l);
        assertArrayEquals(new long[] {9, -12}, l.toLongArray());
    }

    @Test
    void outMayBeTheInputItself() {
        Tensor x = Tensor.of(-1f, 2f, -3f);
        x.reluInto(x);
        assertArrayEquals(new float[] {0, 2, 0}, x.toFloatArray());
        x.addInto(x, x);
        assertArrayEquals(new float[] {0, 4, 0}, x.toFloatArray());
    }

    @Test
    void badArgumentsAreNamed() {
        Tensor x = Tensor.ones(2, 3);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> x.reluInto(Tensor.zeros(3, 2)));
        assertTrue(shape.getMessage().contains("relu") && shape.getMessage().contains("[2, 3]"), shape.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> x.addInto(1, Tensor.zeros(DType.FLOAT64, 2, 3)));
        assertTrue(type.getMessage().contains("add") && type.getMessage().contains(DType.FLOAT64.toString()), type.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.addInto(Tensor.ones(4), Tensor.zeros(2, 3)));
        Tensor w = Tensor.ones(2, 3).requiresGrad(true);
        IllegalArgumentException grad = assertThrows(IllegalArgumentException.class, () -> w.mulInto(2, Tensor.zeros(2, 3)));
        assertTrue(grad.getMessage().contains("requires grad"), grad.getMessage());
        try (var off = GradMode.disabled()) {
            Tensor out = Tensor.zeros(2, 3);
            w.mulInto(2, out);
            assertArrayEquals(new float[] {2, 2, 2, 2, 2, 2}, out.toFloatArray());
        }
    }
}
