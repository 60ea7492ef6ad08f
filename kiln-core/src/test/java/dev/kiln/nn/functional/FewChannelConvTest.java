package dev.kiln.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The float32 few-channel convolution against the general float64 path, forward and all three gradients. */
class FewChannelConvTest {
    private static void assertClose(Tensor expected64, Tensor actual32, double tol, String what) {
        assertArrayEquals(expected64.shape(), actual32.shape(), what + " shape");
        double[] e = expected64.toDoubleArray();
        double[] a = actual32.to(DType.FLOAT64).toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tol * (1 + Math.abs(e[i])), what + " at " + i);
        }
    }

    @Test
    void matchesGeneralPathWithPaddingStrideAndBias() {
        Generator g = new Generator(11);
        int[][] cases = {{3, 1, 6, 12, 12, 5, 1, 2}, {2, 6, 16, 10, 9, 5, 1, 0}, {2, 3, 4, 9, 11, 3, 2, 1},
                {2, 3, 24, 9, 8, 3, 1, 1}, {3, 2, 9, 7, 7, 3, 1, 0}, {2, 1, 32, 6, 6, 3, 1, 1}};
        for (int[] c : cases) {
            int n = c[0], ci = c[1], co = c[2], h = c[3], w = c[4], k = c[5], stride = c[6], pad = c[7];
            Tensor x64 = Tensor.randn(g, n, ci, h, w).to(DType.FLOAT64);
            Tensor w64 = Tensor.randn(g, co, ci, k, k).to(DType.FLOAT64);
            Tensor b64 = Tensor.randn(g, co).to(DType.FLOAT64);
            Tensor x32 = x64.to(DType.FLOAT32).requiresGrad(true);
            Tensor w32 = w64.to(DType.FLOAT32).requiresGrad(true);
            Tensor b32 = b64.to(DType.FLOAT32).requiresGrad(true);
            x64.requiresGrad(true);
            w64.requiresGrad(true);
            b64.requiresGrad(true);
            int[] s = {stride, stride};
            int[] p = {pad, pad};
            int[] d = {1, 1};
            Tensor y64 = Convolution.conv2d(x64, w64, b64, s, p, d, 1);
            Tensor y32 = Convolution.conv2d(x32, w32, b32, s, p, d, 1);
            assertClose(y64, y32, 1e-4, "output");
            Tensor gy = Tensor.randn(g, y64.shape());
            y64.mul(gy.to(DType.FLOAT64)).sum().backward();
            y32.mul(gy).sum().backward();
            assertClose(x64.grad(), x32.grad(), 1e-4, "input grad");
            assertClose(w64.grad(), w32.grad(), 1e-4, "weight grad");
            assertClose(b64.grad(), b32.grad(), 1e-4, "bias grad");
        }
    }
    @Test
    void samePaddingWithAnEvenKernelPadsUnequally() {
        // k = 4: one row/column of padding before, two after; C_out 6 and 16 (both weight-gradient forms)
        Generator g = new Generator(5);
        for (int co : new int[] {6, 16}) {
            Tensor x64 = Tensor.randn(g, 2, 3, 7, 9).to(DType.FLOAT64);
            Tensor w64 = Tensor.randn(g, co, 3, 4, 4).to(DType.FLOAT64);
            Tensor x32 = x64.to(DType.FLOAT32).requiresGrad(true);
            Tensor w32 = w64.to(DType.FLOAT32).requiresGrad(true);
            x64.requiresGrad(true);
            w64.requiresGrad(true);
            int[] one = {1, 1};
            Tensor y64 = Convolution.conv2d(x64, w64, null, one, "same", one, 1);
            Tensor y32 = Convolution.conv2d(x32, w32, null, one, "same", one, 1);
            assertArrayEquals(new int[] {2, co, 7, 9}, y32.shape(), "same-padding shape");
            assertClose(y64, y32, 1e-4, "output");
            Tensor gy = Tensor.randn(g, y64.shape());
            y64.mul(gy.to(DType.FLOAT64)).sum().backward();
            y32.mul(gy).sum().backward();
            assertClose(x64.grad(), x32.grad(), 1e-4, "input grad");
            assertClose(w64.grad(), w32.grad(), 1e-4, "weight grad");
        }
    }
}
