package dev.kiln.nn.functional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.backend.cpu.Parallel;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The float32 few-channel convolution (CpuBackend's FewChannelConv forms, reached through {@code conv2d}) against
 * the float64 reference path, forward and all three gradients.
 */
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
            Tensor y64 = Convolution.conv2d(x64, w64, null, one, Padding.SAME, one, 1);
            Tensor y32 = Convolution.conv2d(x32, w32, null, one, Padding.SAME, one, 1);
            assertArrayEquals(new int[] {2, co, 7, 9}, y32.shape(), "same-padding shape");
            assertClose(y64, y32, 1e-4, "output");
            Tensor gy = Tensor.randn(g, y64.shape());
            y64.mul(gy.to(DType.FLOAT64)).sum().backward();
            y32.mul(gy).sum().backward();
            assertClose(x64.grad(), x32.grad(), 1e-4, "input grad");
            assertClose(w64.grad(), w32.grad(), 1e-4, "weight grad");
        }
    }

    /**
     * The stride-1 lanes form (C_out in vector lanes: 12, 16, 24, 32 output channels) against the float64
     * general path: kernel widths 1 to 7 (the whole-kernel-row forms 3 and 5 and the per-tap forms),
     * output rows narrower than four pixels (the offset-table tiles), odd widths, padding, batches of 1, 3
     * and 5 (an odd sample left over by the paired weight gradient), on 1, 2 and 3 threads.
     */
    @Test
    void lanesFormMatchesGeneralPathOnOddShapesAndThreads() {
        int before = Parallel.threads();
        try {
            Generator g = new Generator(23);
            // n, C_in, C_out, H, W, kh, kw, ph, pw
            int[][] cases = {{3, 6, 16, 14, 14, 5, 5, 0, 0}, {1, 3, 12, 9, 11, 3, 3, 1, 1}, {5, 2, 24, 7, 13, 5, 5, 2, 2},
                    {3, 4, 32, 6, 5, 3, 3, 0, 1}, {1, 5, 16, 8, 9, 2, 4, 1, 0}, {3, 1, 16, 5, 3, 3, 3, 0, 0},
                    {2, 7, 13, 10, 12, 1, 1, 0, 0}, {3, 2, 16, 12, 16, 7, 7, 3, 3}, {1, 2, 16, 4, 30, 1, 5, 0, 2},
                    {2, 7, 16, 9, 9, 5, 5, 1, 1}, {1, 9, 20, 8, 10, 3, 5, 1, 2}, {2, 12, 16, 6, 8, 5, 5, 2, 2}};
            for (int threads = 1; threads <= 3; threads++) {
                Parallel.setThreads(threads);
                for (int[] c : cases) {
                    int n = c[0], ci = c[1], co = c[2], h = c[3], w = c[4], kh = c[5], kw = c[6];
                    int[] pad = {c[7], c[8]};
                    String what = "threads " + threads + ", case " + java.util.Arrays.toString(c);
                    Tensor x64 = Tensor.randn(g, n, ci, h, w).to(DType.FLOAT64);
                    Tensor w64 = Tensor.randn(g, co, ci, kh, kw).to(DType.FLOAT64);
                    Tensor b64 = Tensor.randn(g, co).to(DType.FLOAT64);
                    Tensor x32 = x64.to(DType.FLOAT32).requiresGrad(true);
                    Tensor w32 = w64.to(DType.FLOAT32).requiresGrad(true);
                    Tensor b32 = b64.to(DType.FLOAT32).requiresGrad(true);
                    x64.requiresGrad(true);
                    w64.requiresGrad(true);
                    b64.requiresGrad(true);
                    int[] one = {1, 1};
                    Tensor y64 = Convolution.conv2d(x64, w64, b64, one, pad, one, 1);
                    Tensor y32 = Convolution.conv2d(x32, w32, b32, one, pad, one, 1);
                    assertClose(y64, y32, 1e-4, what + " output");
                    Tensor gy = Tensor.randn(g, y64.shape());
                    y64.mul(gy.to(DType.FLOAT64)).sum().backward();
                    y32.mul(gy).sum().backward();
                    assertClose(x64.grad(), x32.grad(), 1e-4, what + " input grad");
                    assertClose(w64.grad(), w32.grad(), 1e-4, what + " weight grad");
                    assertClose(b64.grad(), b32.grad(), 1e-4, what + " bias grad");
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** Only some inputs need a gradient: the input alone, the weight alone, and no bias. */
    @Test
    void lanesFormWithPartialGradients() {
        Generator g = new Generator(31);
        Tensor x64 = Tensor.randn(g, 3, 6, 14, 14).to(DType.FLOAT64);
        Tensor w64 = Tensor.randn(g, 16, 6, 5, 5).to(DType.FLOAT64);
        Tensor gy = Tensor.randn(g, 3, 16, 10, 10);
        int[] one = {1, 1};
        int[] zero = {0, 0};
        for (boolean inputGrad : new boolean[] {true, false}) {
            Tensor xa = x64.detach().requiresGrad(inputGrad);
            Tensor wa = w64.detach().requiresGrad(!inputGrad);
            Tensor xb = x64.to(DType.FLOAT32).requiresGrad(inputGrad);
            Tensor wb = w64.to(DType.FLOAT32).requiresGrad(!inputGrad);
            Convolution.conv2d(xa, wa, null, one, zero, one, 1).mul(gy.to(DType.FLOAT64)).sum().backward();
            Convolution.conv2d(xb, wb, null, one, zero, one, 1).mul(gy).sum().backward();
            if (inputGrad) {
                assertClose(xa.grad(), xb.grad(), 1e-4, "input grad only");
                assertEquals(null, wb.grad(), "no weight grad");
            } else {
                assertClose(wa.grad(), wb.grad(), 1e-4, "weight grad only");
                assertEquals(null, xb.grad(), "no input grad");
            }
        }
    }

    /** The unpadded input is saved in place: modifying it before backward is refused. */
    @Test
    void lanesFormRefusesAnInputModifiedBeforeBackward() {
        Generator g = new Generator(37);
        Tensor x = Tensor.randn(g, 2, 6, 14, 14);
        Tensor w = Tensor.randn(g, 16, 6, 5, 5).requiresGrad(true);
        Tensor y = Convolution.conv2d(x, w, null, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1);
        x.mul_(2.0);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> y.sum().backward());
    }
}
