package dev.kiln.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradCheck;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CumulativeTest {
    private final Generator g = new Generator(3);

    @Test
    void cumsumAlongEachDimMatchesLoops() {
        Tensor x = Tensor.randn(g, 2, 3, 4);
        float[] v = x.toFloatArray();
        int[] shape = {2, 3, 4};
        for (int d = 0; d < 3; d++) {
            float[] r = x.cumsum(d).toFloatArray();
            assertArrayEquals(shape, x.cumsum(d).shape());
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 3; b++) {
                    for (int c = 0; c < 4; c++) {
                        int[] p = {a, b, c};
                        double s = 0;
                        for (int k = 0; k <= p[d]; k++) {
                            int[] q = p.clone();
                            q[d] = k;
                            s += v[(q[0] * 3 + q[1]) * 4 + q[2]];
                        }
                        assertEquals(s, r[(a * 3 + b) * 4 + c], 1e-5);
                    }
                }
            }
        }
        assertArrayEquals(x.cumsum(2).toFloatArray(), x.cumsum(-1).toFloatArray());
    }

    @Test
    void stridedInputsAndIntegerTypes() {
        Tensor x = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        // x.t() = [[1,4],[2,5],[3,6]]; cumsum along dim 0 = [[1,4],[3,9],[6,15]]
        assertArrayEquals(new float[] {1, 4, 3, 9, 6, 15}, x.t().cumsum(0).toFloatArray());
        Tensor ints = Tensor.of(1L, 2L, 3L, 4L);
        assertEquals(DType.INT64, ints.cumsum(0).dtype());
        assertArrayEquals(new long[] {1, 3, 6, 10}, ints.cumsum(0).toLongArray());
        Tensor bools = Tensor.of(true, false, true);
        assertArrayEquals(new long[] {1, 1, 2}, bools.cumsum(0).toLongArray());
    }

    @Test
    void backwardIsReverseCumsum() {
        Tensor x = Tensor.of(1.0, 2.0, 3.0, 4.0).requiresGrad(true);
        Tensor w = Tensor.of(1.0, 10.0, 100.0, 1000.0);
        x.cumsum(0).mul(w).sum().backward();
        assertArrayEquals(new double[] {1111, 1110, 1100, 1000}, x.grad().toDoubleArray());
    }

    @Test
    void gradChecks() {
        Tensor x = Tensor.randn(g, 3, 4, 2).to(DType.FLOAT64).requiresGrad(true);
        GradCheck.check(in -> in[0].cumsum(0), x);
        GradCheck.check(in -> in[0].cumsum(1), x);
        GradCheck.check(in -> in[0].cumsum(-1), x);
        GradCheck.check(in -> in[0].transpose(0, 1).cumsum(1), x);
    }

    @Test
    void errors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).cumsum(2));
        assertTrue(e.getMessage().startsWith("cumsum") && e.getMessage().contains("out of range"), e.getMessage());
    }
}
