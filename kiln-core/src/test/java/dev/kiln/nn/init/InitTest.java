package dev.kiln.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.init.Init.FanMode;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

class InitTest {

    /** {mean, std, min, max} of the values. */
    private static double[] stats(Tensor t) {
        double[] v = t.toDoubleArray();
        double sum = 0;
        double sumSq = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            sum += x;
            sumSq += x * x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double mean = sum / v.length;
        return new double[] {mean, Math.sqrt(sumSq / v.length - mean * mean), min, max};
    }

    @Test
    void gains() {
        for (String linear : new String[] {"linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                "conv_transpose3d", "sigmoid"}) {
            assertEquals(1.0, Init.calculateGain(Nonlinearity.parse(linear)));
        }
        assertEquals(5.0 / 3, Init.calculateGain(Nonlinearity.TANH));
        assertEquals(Math.sqrt(2), Init.calculateGain(Nonlinearity.RELU));
        assertEquals(Math.sqrt(2 / (1 + 0.0001)), Init.calculateGain(Nonlinearity.LEAKY_RELU));
        assertEquals(Math.sqrt(2 / 1.04), Init.calculateGain(Nonlinearity.LEAKY_RELU, 0.2));
        assertEquals(Math.sqrt(2 / 6.0), Init.calculateGain(Nonlinearity.LEAKY_RELU, Math.sqrt(5)), 1e-15);
        assertEquals(0.75, Init.calculateGain(Nonlinearity.SELU));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Nonlinearity.parse("swish"));
        assertTrue(e.getMessage().contains("swish"));
    }

    @Test
    void fansFromTheReceptiveField() {
        assertEquals(new Init.Fans(32, 64), Init.calculateFanInAndFanOut(64, 32));
        assertEquals(new Init.Fans(72, 144), Init.calculateFanInAndFanOut(16, 8, 3, 3));
        assertEquals(new Init.Fans(54, 108), Init.calculateFanInAndFanOut(4, 2, 3, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> Init.calculateFanInAndFanOut(5));
    }

    @Test
    void uniformAndNormalFillInPlaceUnderNoGrad() {
        Tensor w = Tensor.zeros(200, 100).requiresGrad(true);
        assertSame(w, Init.uniform(w, -2, 1, new Generator(1)));
        double[] s = stats(w);
        assertTrue(s[2] >= -2 && s[3] <= 1);
        assertEquals(-0.5, s[0], 0.03);
        assertEquals(3 / Math.sqrt(12), s[1], 0.02);
        Init.normal(w, 1, 0.5, new Generator(2));
        s = stats(w);
        assertEquals(1, s[0], 0.015);
        assertEquals(0.5, s[1], 0.01);
        assertTrue(w.isLeaf() && w.requiresGrad());
    }

    @Test
    void truncNormalStaysInsideAbsoluteBounds() {
        Tensor w = Tensor.empty(DType.FLOAT32, 200, 100);
        Init.truncNormal(w, 0, 1, -2, 2, new Generator(3));
        double[] s = stats(w);
        assertTrue(s[2] >= -2 && s[3] <= 2);
        assertEquals(0, s[0], 0.025);
        assertEquals(0.8796256610342398, s[1], 0.015); // std of N(0,1) truncated to [-2, 2]
        // a window far in the tail uses the uniform proposal
        Init.truncNormal(w, 0, 1, 4, 4.5, new Generator(4));
        s = stats(w);
        assertTrue(s[2] >= 4 && s[3] <= 4.5);
        assertTrue(s[0] > 4.1 && s[0] < 4.25, "the mass piles up near 4: mean " + s[0]);
        assertThrows(IllegalArgumentException.class, () -> Init.truncNormal(w, 0, 1, 1, -1));
        assertThrows(IllegalArgumentException.class, () -> Init.truncNormal(w, 0, 1, 60, 61));
    }

    @Test
    void constantsEyeAndDirac() {
        assertArrayEquals(new float[] {0.25f, 0.25f}, Init.constant(Tensor.zeros(2), 0.25).toFloatArray());
        assertArrayEquals(new float[] {1, 1, 1}, Init.ones(Tensor.zeros(3)).toFloatArray());
        assertArrayEquals(new float[] {0, 0}, Init.zeros(Tensor.ones(2)).toFloatArray());
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0}, Init.eye(Tensor.ones(2, 3)).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> Init.eye(Tensor.ones(2, 2, 2)));

        Tensor w = Init.dirac(Tensor.ones(4, 2, 3), 2);
        // group 0: out 0,1 take in 0,1 at the centre 1; group 1: out 2,3 the same
        double[] e = new double[24];
        e[0 * 6 + 0 * 3 + 1] = 1;
        e[1 * 6 + 1 * 3 + 1] = 1;
        e[2 * 6 + 0 * 3 + 1] = 1;
        e[3 * 6 + 1 * 3 + 1] = 1;
        assertArrayEquals(e, w.toDoubleArray(), 0);
        assertEquals(3, Init.dirac(Tensor.ones(3, 5, 3, 3)).sum().item());
        assertThrows(IllegalArgumentException.class, () -> Init.dirac(Tensor.ones(3, 2, 3), 2));
        assertThrows(IllegalArgumentException.class, () -> Init.dirac(Tensor.ones(3, 2)));
    }

    @Test
    void xavierAndKaimingScales() {
        Tensor w = Tensor.zeros(256, 128);
        Init.xavierUniform(w, 1, new Generator(5));
        double bound = Math.sqrt(6.0 / 384);
        double[] s = stats(w);
        assertTrue(s[2] >= -bound && s[3] <= bound);
        assertEquals(bound / Math.sqrt(3), s[1], 0.01 * bound);
        Init.xavierNormal(w, 2, new Generator(6));
        assertEquals(2 * Math.sqrt(2.0 / 384), stats(w)[1], 0.01 * 2 * Math.sqrt(2.0 / 384));

        Tensor conv = Tensor.zeros(64, 32, 3, 3);
        Init.kaimingNormal(conv, 0, FanMode.FAN_OUT, Nonlinearity.RELU, new Generator(7));
        double std = Math.sqrt(2) / Math.sqrt(64 * 9);
        assertEquals(std, stats(conv)[1], 0.01 * std);
        Init.kaimingUniform(conv, Math.sqrt(5), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, new Generator(8));
        double b = 1 / Math.sqrt(32 * 9); // √3·√(2/6)/√fan_in = 1/√fan_in
        s = stats(conv);
        assertTrue(s[2] >= -b && s[3] <= b);
        assertEquals(b / Math.sqrt(3), s[1], 0.01 * b);
        assertEquals(FanMode.FAN_OUT, FanMode.parse("fan_out"));
        assertThrows(IllegalArgumentException.class, () -> FanMode.parse("fan_avg"));
    }

    @Test
    void orthogonalRowsOrColumns() {
        for (int[] shape : new int[][] {{4, 6}, {6, 4}, {8, 2, 2, 2}, {5, 5}}) {
            Tensor w = Init.orthogonal(Tensor.zeros(shape), 1.5, new Generator(9));
            int rows = shape[0];
            int cols = w.numel() / rows;
            double[] a = w.toDoubleArray();
            boolean wide = rows <= cols;
            int n = wide ? rows : cols;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double dot = 0;
                    for (int k = 0; k < (wide ? cols : rows); k++) {
                        dot += wide ? a[i * cols + k] * a[j * cols + k] : a[k * cols + i] * a[k * cols + j];
                    }
                    assertEquals(i == j ? 2.25 : 0, dot, 1e-5);
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Init.orthogonal(Tensor.zeros(3)));
    }

    @Test
    void sparseColumnsHaveExactlyTheZeros() {
        Tensor w = Init.sparse(Tensor.zeros(10, 50), 0.25, 1, new Generator(10));
        double[] v = w.toDoubleArray();
        for (int c = 0; c < 50; c++) {
            int zeros = 0;
            for (int r = 0; r < 10; r++) {
                zeros += v[r * 50 + c] == 0 ? 1 : 0;
            }
            assertEquals(3, zeros, "ceil(0.25·10) zeros in column " + c);
        }
        assertThrows(IllegalArgumentException.class, () -> Init.sparse(Tensor.zeros(2, 2, 2), 0.1));
    }

    @Test
    void sameSeedSameValuesAndFloat64Works() {
        Tensor a = Init.kaimingUniform(Tensor.zeros(DType.FLOAT64, 3, 4), 0, FanMode.FAN_IN, Nonlinearity.RELU, new Generator(11));
        Tensor b = Init.kaimingUniform(Tensor.zeros(DType.FLOAT64, 3, 4), 0, FanMode.FAN_IN, Nonlinearity.RELU, new Generator(11));
        assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 0);
        assertEquals(DType.FLOAT64, a.dtype());
    }
}
