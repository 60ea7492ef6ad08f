package dev.kiln.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The float32 linear kernel against the float64 composite path, and gradient adoption by leaves. */
class FusedLinearTest {
    private static void assertClose(Tensor expected64, Tensor actual32, String what) {
        assertArrayEquals(expected64.shape(), actual32.shape(), what + " shape");
        double[] e = expected64.toDoubleArray();
        double[] a = actual32.to(DType.FLOAT64).toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-4 * (1 + Math.abs(e[i])), what + " at " + i);
        }
    }

    /** 1 and 2 rows (matrix–vector path), a batch (SGEMM path), a 3-D input, a transposed weight view, no bias. */
    @Test
    void matchesFloat64Path() {
        Generator g = new Generator(21);
        int[][] cases = {{1, 37, 19}, {2, 64, 33}, {45, 70, 21}, {1, 300, 517}, {2, 129, 260}};
        for (int[] c : cases) {
            for (boolean bias : new boolean[] {true, false}) {
                for (boolean transposedWeight : new boolean[] {false, true}) {
                    int rows = c[0], in = c[1], out = c[2];
                    Tensor x64 = Tensor.randn(g, rows, in).to(DType.FLOAT64).requiresGrad(true);
                    Tensor w64 = transposedWeight ? Tensor.randn(g, in, out).to(DType.FLOAT64).t().detach().requiresGrad(true)
                            : Tensor.randn(g, out, in).to(DType.FLOAT64).requiresGrad(true);
                    Tensor b64 = bias ? Tensor.randn(g, out).to(DType.FLOAT64).requiresGrad(true) : null;
                    Tensor x32 = x64.detach().to(DType.FLOAT32).requiresGrad(true);
                    Tensor w32 = transposedWeight ? w64.detach().t().to(DType.FLOAT32).t().detach().requiresGrad(true)
                            : w64.detach().to(DType.FLOAT32).requiresGrad(true);
                    Tensor b32 = bias ? b64.detach().to(DType.FLOAT32).requiresGrad(true) : null;
                    Tensor y64 = Layers.linear(x64, w64, b64);
                    Tensor y32 = Layers.linear(x32, w32, b32);
                    assertClose(y64, y32, "output");
                    Tensor gy = Tensor.randn(g, rows, out);
                    y64.mul(gy.to(DType.FLOAT64)).sum().backward();
                    y32.mul(gy).sum().backward();
                    assertClose(x64.grad(), x32.grad(), "input grad");
                    assertClose(w64.grad(), w32.grad(), "weight grad");
                    if (bias) {
                        assertClose(b64.grad(), b32.grad(), "bias grad");
                    }
                }
            }
        }
        Tensor x3 = Tensor.randn(g, 2, 3, 8);
        Tensor w = Tensor.randn(g, 5, 8);
        Tensor y3 = Layers.linear(x3, w, null);
        assertClose(Layers.linear(x3.to(DType.FLOAT64), w.to(DType.FLOAT64), null), y3, "3-D output");
    }

    /**
     * A leaf that adopts a fresh gradient still accumulates correctly: two backward passes give twice the
     * gradient, a weight used by two layers gets the sum, and the adopted tensor is not shared between leaves.
     */
    @Test
    void adoptedGradientsAccumulate() {
        Generator g = new Generator(22);
        Tensor x = Tensor.randn(g, 4, 6);
        Tensor w = Tensor.randn(g, 3, 6).requiresGrad(true);
        Tensor b = Tensor.randn(g, 3).requiresGrad(true);
        Layers.linear(x, w, b).sum().backward();
        float[] once = w.grad().toFloatArray();
        float[] onceB = b.grad().toFloatArray();
        Layers.linear(x, w, b).sum().backward();
        float[] twice = w.grad().toFloatArray();
        for (int i = 0; i < once.length; i++) {
            assertEquals(2 * once[i], twice[i], 1e-5 * (1 + Math.abs(once[i])));
        }
        assertArrayEquals(new float[] {2 * onceB[0], 2 * onceB[1], 2 * onceB[2]}, b.grad().toFloatArray(), 1e-5f);

        Tensor w2 = Tensor.randn(g, 6, 6).requiresGrad(true);
        Tensor h = Layers.linear(Layers.linear(x, w2, null), w2, null);
        h.sum().backward();
        Tensor w64 = w2.detach().to(DType.FLOAT64).requiresGrad(true);
        Tensor x64 = x.to(DType.FLOAT64);
        x64.matmul(w64.t()).matmul(w64.t()).sum().backward();
        assertClose(w64.grad(), w2.grad(), "shared weight grad");
    }
}
