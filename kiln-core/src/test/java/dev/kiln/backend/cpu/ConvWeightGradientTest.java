package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.backend.ConvGeometry;
import dev.kiln.backend.ReferenceBackend;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The weight gradient packed from a channels-last copy ({@link ChannelsLastColumns}) against the float64
 * reference: channel counts that are multiples of the register tile's width, stride 1 and 2, padding 0–2,
 * dilation, 1×1 and 3×3 kernels, planes of more than one packed depth and chunks of several samples, on one
 * thread and on all of them; and {@link ChannelsLastColumns#toKernelOrder} as the permutation it claims to be.
 */
class ConvWeightGradientTest {
    private static final int NR = Gemm.NR;

    private static float[] randoms(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (2 * r.nextDouble() - 1);
        }
        return a;
    }

    @Test
    void channelsLastWeightGradientMatchesTheReference() {
        // {C, C_out, H, W, k, stride, pad, dilation, batch}; C a multiple of NR (32 with AVX-512, 16 with AVX2)
        int[][] cases = {
            {NR, 24, 8, 8, 3, 1, 1, 1, 3},            // W8's 3×3, several samples a chunk
            {2 * NR, 20, 32, 32, 3, 1, 1, 1, 2},      // 1,024 positions a sample: two packed depths per chunk
            {NR, 16, 12, 12, 3, 2, 1, 1, 5},          // stride 2, padding 1 (W8's downsampling 3×3)
            {2 * NR, 40, 16, 16, 1, 2, 0, 1, 3},      // 1×1 stride 2 (W8's downsampling shortcut)
            {NR, 8, 8, 8, 3, 1, 2, 2, 4},             // dilation 2, padding 2
            {NR, 12, 7, 9, 3, 2, 0, 1, 3},            // no padding, odd sides (7·9 = 63 positions: not a multiple of L)
            {NR, 13, 6, 8, 5, 1, 2, 1, 1},            // 5×5, batch 1 (one chunk, the GEMM threaded)
        };
        Random r = new Random(7);
        for (int[] c : cases) {
            int ch = c[0], co = c[1], h = c[2], w = c[3], k = c[4], s = c[5], pad = c[6], d = c[7], batch = c[8];
            int oh = (h + 2 * pad - d * (k - 1) - 1) / s + 1, ow = (w + 2 * pad - d * (k - 1) - 1) / s + 1;
            ConvGeometry g = new ConvGeometry(ch, h, w, k, k, s, s, pad, pad, d, d, oh, ow);
            float[] x = randoms(r, batch * ch * h * w + 5);
            float[] dy = randoms(r, batch * co * oh * ow + 3);
            float[] expected = new float[co * ch * k * k];
            ReferenceBackend.INSTANCE.conv2dBackwardWeight(g, batch, co, 1, x, 5, dy, 3, expected);
            for (int threads : new int[] {1, Parallel.threads()}) {
                float[] dw = randoms(r, expected.length); // stale contents: every element is written
                Parallel.withThreads(threads, () -> ChunkedConv.backwardWeight(g, batch, co, 1, x, 5, dy, 3, dw));
                double tol = Math.max(1e-6, 2e-7 * batch * oh * ow);
                String what = Arrays.toString(c) + " on " + threads + " thread(s)";
                for (int i = 0; i < expected.length; i++) {
                    double err = Math.abs(dw[i] - expected[i]);
                    assertTrue(err <= tol * (1 + Math.abs(expected[i])), what + ": dw[" + i + "] = " + dw[i] + ", expected " + expected[i]);
                }
            }
        }
    }

    @Test
    void toKernelOrderMovesTheTapMajorColumnsIntoWeightOrder() {
        // 2 output channels, 3 input channels, a 2×2 kernel: column (i·kw + j)·C + c of acc goes to (c, i, j)
        ConvGeometry g = new ConvGeometry(3, 4, 4, 2, 2, 1, 1, 0, 0, 1, 1, 3, 3);
        float[] acc = new float[2 * 12];
        for (int o = 0; o < 2; o++) {
            for (int tap = 0; tap < 4; tap++) {
                for (int c = 0; c < 3; c++) {
                    acc[o * 12 + tap * 3 + c] = 100 * o + 10 * c + tap;
                }
            }
        }
        float[] dw = new float[24];
        ChannelsLastColumns.toKernelOrder(g, acc, dw, 0, 2);
        for (int o = 0; o < 2; o++) {
            for (int c = 0; c < 3; c++) {
                for (int tap = 0; tap < 4; tap++) {
                    assertTrue(dw[(o * 3 + c) * 4 + tap] == 100 * o + 10 * c + tap, "dw[" + o + ", " + c + ", " + tap + "]");
                }
            }
        }
    }
}
