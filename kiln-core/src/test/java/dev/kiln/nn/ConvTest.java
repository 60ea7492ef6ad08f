package dev.kiln.nn;

import dev.kiln.nn.functional.Padding;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.autograd.GradCheck;
import dev.kiln.nn.functional.Convolution;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Convolution against a plain direct reference (written here from the definition), gradient
 * checks for every option, and the conv layers' initialisation. The im2col path goes through
 * {@code Tensor.mm}, so these tests need the GEMM.
 */
class ConvTest {
    private final Generator gen = new Generator(7);

    private Tensor rand64(int... shape) {
        return Tensor.randn(gen, shape).to(DType.FLOAT64);
    }

    private Tensor leaf(int... shape) {
        return rand64(shape).requiresGrad(true);
    }

    /** Direct 2-D cross-correlation: out[n,o,y,x] = b[o] + Σ w[o,c,i,j]·x[n, g·Cg + c, y·s − pt + i·d, x·s − pl + j·d]. */
    static double[] referenceConv2d(Tensor input, Tensor weight, Tensor bias, int[] s, int[] padTop, int[] d, int groups,
            int oh, int ow) {
        double[] x = input.toDoubleArray(), w = weight.toDoubleArray();
        double[] b = bias == null ? null : bias.toDoubleArray();
        int n = input.size(0), c = input.size(1), h = input.size(2), wd = input.size(3);
        int co = weight.size(0), cg = weight.size(1), kh = weight.size(2), kw = weight.size(3);
        int cog = co / groups;
        double[] out = new double[n * co * oh * ow];
        for (int ni = 0; ni < n; ni++) {
            for (int o = 0; o < co; o++) {
                int g = o / cog;
                for (int y = 0; y < oh; y++) {
                    for (int xx = 0; xx < ow; xx++) {
                        double acc = b == null ? 0 : b[o];
                        for (int ci = 0; ci < cg; ci++) {
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int iy = y * s[0] - padTop[0] + i * d[0];
                                    int ix = xx * s[1] - padTop[1] + j * d[1];
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                        acc += w[((o * cg + ci) * kh + i) * kw + j]
                                                * x[((ni * c + g * cg + ci) * h + iy) * wd + ix];
                                    }
                                }
                            }
                        }
                        out[((ni * co + o) * oh + y) * ow + xx] = acc;
                    }
                }
            }
        }
        return out;
    }

    /** Direct transposed convolution: scatters x[n, ci, y, x]·w[ci, o, i, j] to out[n, g·Cog + o, y·s − p + i·d, …]. */
    static double[] referenceConvTranspose2d(Tensor input, Tensor weight, Tensor bias, int[] s, int[] p, int[] d,
            int groups, int oh, int ow) {
        double[] x = input.toDoubleArray(), w = weight.toDoubleArray();
        int n = input.size(0), ci = input.size(1), h = input.size(2), wd = input.size(3);
        int cog = weight.size(1), kh = weight.size(2), kw = weight.size(3);
        int co = cog * groups, cig = ci / groups;
        double[] out = new double[n * co * oh * ow];
        for (int ni = 0; ni < n; ni++) {
            for (int c = 0; c < ci; c++) {
                int g = c / cig;
                for (int y = 0; y < h; y++) {
                    for (int xx = 0; xx < wd; xx++) {
                        double v = x[((ni * ci + c) * h + y) * wd + xx];
                        for (int o = 0; o < cog; o++) {
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int oy = y * s[0] - p[0] + i * d[0];
                                    int ox = xx * s[1] - p[1] + j * d[1];
                                    if (oy >= 0 && oy < oh && ox >= 0 && ox < ow) {
                                        out[((ni * co + g * cog + o) * oh + oy) * ow + ox] += v
                                                * w[((c * cog + o) * kh + i) * kw + j];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if (bias != null) {
            double[] b = bias.toDoubleArray();
            for (int i = 0; i < out.length; i++) {
                out[i] += b[(i / (oh * ow)) % co];
            }
        }
        return out;
    }

    private void checkConv2d(int n, int c, int h, int w, int co, int kh, int kw, int[] s, int[] p, int[] d, int groups,
            boolean bias) {
        Tensor x = rand64(n, c, h, w);
        Tensor wt = rand64(co, c / groups, kh, kw);
        Tensor b = bias ? rand64(co) : null;
        Tensor y = Convolution.conv2d(x, wt, b, s, p, d, groups);
        int oh = (h + 2 * p[0] - d[0] * (kh - 1) - 1) / s[0] + 1;
        int ow = (w + 2 * p[1] - d[1] * (kw - 1) - 1) / s[1] + 1;
        assertArrayEquals(new int[] {n, co, oh, ow}, y.shape());
        assertArrayEquals(referenceConv2d(x, wt, b, s, p, d, groups, oh, ow), y.toDoubleArray(), 1e-12);
        // float32 path agrees with the float64 one
        Tensor y32 = Convolution.conv2d(x.to(DType.FLOAT32), wt.to(DType.FLOAT32), b == null ? null : b.to(DType.FLOAT32),
                s, p, d, groups);
        assertEquals(DType.FLOAT32, y32.dtype());
        assertArrayEquals(y.toDoubleArray(), y32.toDoubleArray(), 1e-4);
    }

    @Test
    void conv2dMatchesDirectReference() {
        checkConv2d(2, 3, 7, 6, 4, 3, 3, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1, true);
        checkConv2d(2, 3, 7, 6, 4, 3, 2, new int[] {2, 1}, new int[] {1, 2}, new int[] {1, 1}, 1, false);
        checkConv2d(1, 4, 9, 8, 6, 3, 3, new int[] {1, 2}, new int[] {2, 1}, new int[] {2, 1}, 2, true);
        checkConv2d(3, 6, 5, 5, 6, 3, 3, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 6, true); // depthwise
        checkConv2d(2, 1, 12, 12, 6, 5, 5, new int[] {1, 1}, new int[] {2, 2}, new int[] {1, 1}, 1, true); // LeNet conv1
        checkConv2d(1, 2, 4, 4, 3, 1, 1, new int[] {3, 3}, new int[] {0, 0}, new int[] {1, 1}, 1, true);
    }

    @Test
    void conv2dSamePaddingPutsTheRemainderBottomRight() {
        Tensor x = rand64(1, 2, 6, 5);
        Tensor w = rand64(3, 2, 4, 2); // totals 3 and 1: top 1 bottom 2, left 0 right 1
        Tensor y = Convolution.conv2d(x, w, null, new int[] {1}, Padding.SAME, new int[] {1}, 1);
        assertArrayEquals(new int[] {1, 3, 6, 5}, y.shape());
        assertArrayEquals(referenceConv2d(x, w, null, new int[] {1, 1}, new int[] {1, 0}, new int[] {1, 1}, 1, 6, 5),
                y.toDoubleArray(), 1e-12);
        Tensor v = Convolution.conv2d(x, w, null, new int[] {1}, Padding.VALID, new int[] {1}, 1);
        assertArrayEquals(new int[] {1, 3, 3, 4}, v.shape());
        assertThrows(IllegalArgumentException.class,
                () -> Convolution.conv2d(x, w, null, new int[] {2}, Padding.SAME, new int[] {1}, 1));
    }

    @Test
    void conv1dIsConv2dWithUnitHeight() {
        Tensor x = rand64(2, 4, 11);
        Tensor w = rand64(6, 2, 3);
        Tensor b = rand64(6);
        Tensor y = Convolution.conv1d(x, w, b, 2, 1, 2, 2);
        Tensor ref = Convolution.conv2d(x.reshape(2, 4, 1, 11), w.reshape(6, 2, 1, 3), b, new int[] {1, 2},
                new int[] {0, 1}, new int[] {1, 2}, 2);
        assertArrayEquals(new int[] {2, 6, 5}, y.shape());
        int[] s = {1, 2};
        assertArrayEquals(referenceConv2d(x.reshape(2, 4, 1, 11), w.reshape(6, 2, 1, 3), b, s, new int[] {0, 1},
                new int[] {1, 2}, 2, 1, 5), y.toDoubleArray(), 1e-12);
        assertArrayEquals(ref.toDoubleArray(), y.toDoubleArray(), 1e-12);
        Tensor same = Convolution.conv1d(x, rand64(3, 4, 4), null, 1, Padding.SAME, 1, 1);
        assertArrayEquals(new int[] {2, 3, 11}, same.shape());
    }

    @Test
    void conv2dGradients() {
        GradCheck.check(in -> Convolution.conv2d(in[0], in[1], in[2], new int[] {1}, new int[] {0}, new int[] {1}, 1),
                leaf(2, 3, 5, 4), leaf(2, 3, 3, 2), leaf(2));
        GradCheck.check(in -> Convolution.conv2d(in[0], in[1], in[2], new int[] {2, 1}, new int[] {1, 2},
                new int[] {1, 2}, 1), leaf(1, 2, 6, 7), leaf(3, 2, 3, 3), leaf(3));
        GradCheck.check(in -> Convolution.conv2d(in[0], in[1], in[2], new int[] {1}, new int[] {1}, new int[] {2}, 2),
                leaf(2, 4, 6, 6), leaf(4, 2, 2, 3), leaf(4));
        GradCheck.check(in -> Convolution.conv2d(in[0], in[1], null, new int[] {1}, Padding.SAME, new int[] {1}, 1),
                leaf(1, 2, 5, 4), leaf(2, 2, 4, 3));
    }

    @Test
    void conv1dGradients() {
        GradCheck.check(in -> Convolution.conv1d(in[0], in[1], in[2], 2, 1, 1, 1), leaf(2, 3, 9), leaf(4, 3, 3), leaf(4));
        GradCheck.check(in -> Convolution.conv1d(in[0], in[1], null, 1, 2, 2, 3), leaf(1, 3, 8), leaf(6, 1, 3));
    }

    @Test
    void convTranspose2dMatchesDirectReference() {
        int[][] cases = { // ci, cog, groups, kh, kw, s, p, op, d, h, w
            {3, 2, 1, 3, 3, 2, 1, 1, 1, 3, 3},
            {2, 3, 1, 2, 2, 1, 0, 0, 1, 3, 4},
            {4, 1, 2, 2, 3, 2, 1, 0, 2, 3, 2},
            {3, 1, 3, 2, 2, 2, 0, 1, 1, 3, 3},
        };
        for (int[] k : cases) {
            int ci = k[0], cog = k[1], groups = k[2];
            Tensor x = rand64(2, ci, k[9], k[10]);
            Tensor w = rand64(ci, cog, k[3], k[4]);
            Tensor b = rand64(cog * groups);
            int[] s = {k[5], k[5]}, p = {k[6], k[6]}, op = {k[7], k[7]}, d = {k[8], k[8]};
            Tensor y = Convolution.convTranspose2d(x, w, b, s, p, op, groups, d);
            int oh = (k[9] - 1) * s[0] - 2 * p[0] + d[0] * (k[3] - 1) + op[0] + 1;
            int ow = (k[10] - 1) * s[1] - 2 * p[1] + d[1] * (k[4] - 1) + op[1] + 1;
            assertArrayEquals(new int[] {2, cog * groups, oh, ow}, y.shape());
            assertArrayEquals(referenceConvTranspose2d(x, w, b, s, p, d, groups, oh, ow), y.toDoubleArray(), 1e-12);
        }
    }

    @Test
    void convTransposeGradients() {
        GradCheck.check(in -> Convolution.convTranspose2d(in[0], in[1], in[2], new int[] {2}, new int[] {1},
                new int[] {1}, 1, new int[] {1}), leaf(2, 3, 3, 3), leaf(3, 2, 3, 3), leaf(2));
        GradCheck.check(in -> Convolution.convTranspose2d(in[0], in[1], in[2], new int[] {2, 3}, new int[] {0, 1},
                new int[] {1, 0}, 2, new int[] {1, 2}), leaf(1, 4, 3, 3), leaf(4, 1, 3, 2), leaf(2));
        GradCheck.check(in -> Convolution.convTranspose1d(in[0], in[1], in[2], 2, 1, 1, 1, 1), leaf(2, 3, 5),
                leaf(3, 2, 3), leaf(2));
    }

    @Test
    void convTransposeIsTheAdjointOfConv() {
        // <conv(x, w), y> = <x, conv_transpose(y, w)> for matching geometry
        Tensor x = rand64(2, 3, 7, 7);
        Tensor w = rand64(4, 3, 3, 3);
        int[] s = {2, 2}, p = {1, 1}, d = {1, 1};
        Tensor cx = Convolution.conv2d(x, w, null, s, p, d, 1);
        Tensor y = rand64(cx.shape());
        Tensor ty = Convolution.convTranspose2d(y, w, null, s, p, new int[] {0}, 1, d);
        assertArrayEquals(x.shape(), ty.shape());
        assertEquals(cx.mul(y).sum().item(), x.mul(ty).sum().item(), 1e-9);
    }

    @Test
    void badShapesGetClearMessages() {
        Tensor x = Tensor.randn(1, 3, 5, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Convolution.conv2d(x, Tensor.randn(4, 2, 3, 3), null));
        assertTrue(e.getMessage().startsWith("conv2d:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(x, Tensor.randn(4, 3, 7, 7), null));
        assertThrows(IllegalArgumentException.class, () -> Convolution.conv2d(x, Tensor.randn(4, 3, 3, 3),
                Tensor.randn(5)));
        assertThrows(IllegalArgumentException.class, () -> Convolution.convTranspose2d(x, Tensor.randn(3, 2, 3, 3), null,
                new int[] {1}, new int[] {0}, new int[] {1}, 1, new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 4, 3).forward(Tensor.randn(1, 2, 5, 5)));
        assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(3, 4, 3, Conv2d.Options.defaults().withGroups(2)));
    }

    @Test
    void layersInitialiseLikePyTorch() {
        Kiln.manualSeed(3);
        Conv2d conv = new Conv2d(6, 16, 5);
        double bound = 1 / Math.sqrt(6 * 25);
        assertArrayEquals(new int[] {16, 6, 5, 5}, conv.weight().shape());
        checkUniform(conv.weight(), bound);
        checkUniform(conv.bias(), bound);
        assertEquals(2, conv.parameters().size());
        assertTrue(conv.namedParameters().containsKey("weight") && conv.namedParameters().containsKey("bias"));

        Conv1d c1 = new Conv1d(4, 8, 3, Conv1d.Options.defaults().withGroups(2).withBias(false));
        assertNull(c1.bias());
        checkUniform(c1.weight(), 1 / Math.sqrt(2 * 3));
        assertEquals(1, c1.parameters().size());

        ConvTranspose2d t = new ConvTranspose2d(4, 6, 3, ConvTranspose2d.Options.defaults().withStride(2).withPadding(1)
                .withOutputPadding(1).withGroups(2));
        assertArrayEquals(new int[] {4, 3, 3, 3}, t.weight().shape());
        checkUniform(t.weight(), 1 / Math.sqrt(3 * 9));
        assertArrayEquals(new int[] {1, 6, 8, 8}, t.forward(Tensor.randn(1, 4, 4, 4)).shape());
        assertEquals("4, 6, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1), groups=2",
                t.extraRepr());
    }

    private static void checkUniform(Tensor t, double bound) {
        double[] v = t.toDoubleArray();
        double sumSq = 0;
        for (double x : v) {
            assertTrue(Math.abs(x) <= bound, "value " + x + " outside ±" + bound);
            sumSq += x * x;
        }
        // U(−b, b) has E[x²] = b²/3; loose check on the spread so a constant fill fails
        double meanSq = sumSq / v.length;
        assertTrue(meanSq > bound * bound / 3 * 0.5 && meanSq < bound * bound / 3 * 1.5, "E[x²] " + meanSq);
    }

    @Test
    void moduleForwardMatchesFunctional() {
        Kiln.manualSeed(5);
        Conv2d conv = new Conv2d(1, 6, 5, 1, 2);
        Tensor x = Tensor.randn(gen, 3, 1, 10, 10);
        Tensor y = conv.forward(x);
        assertArrayEquals(new int[] {3, 6, 10, 10}, y.shape());
        double[] ref = referenceConv2d(x, conv.weight(), conv.bias(), new int[] {1, 1}, new int[] {2, 2},
                new int[] {1, 1}, 1, 10, 10);
        assertArrayEquals(ref, y.toDoubleArray(), 1e-4);
        y.sum().backward();
        assertArrayEquals(new int[] {6, 1, 5, 5}, conv.weight().grad().shape());
        // d(sum y)/d bias[o] = number of output positions per channel over the batch
        for (double g : conv.bias().grad().toDoubleArray()) {
            assertEquals(3 * 100, g, 1e-3);
        }
    }

    @Test
    void retainedGraphBackwardsTwiceWithTheSameResult() {
        Tensor x = Tensor.randn(gen, 2, 3, 6, 6).requiresGrad(true);
        Tensor w = Tensor.randn(gen, 4, 3, 3, 3).requiresGrad(true);
        Tensor y = Convolution.conv2d(x, w, null);
        Tensor g = Tensor.randn(gen, y.shape());
        y.backward(g, true);
        double[] gw1 = w.grad().toDoubleArray(), gx1 = x.grad().toDoubleArray();
        w.setGrad(null);
        x.setGrad(null);
        y.backward(g);
        assertArrayEquals(gw1, w.grad().toDoubleArray(), 0);
        assertArrayEquals(gx1, x.grad().toDoubleArray(), 0);
        assertThrows(IllegalStateException.class, () -> y.backward(g));
    }

    @Test
    void recycledColumnBuffersDoNotLeakIntoLiveGraphs() {
        // reference gradients for x2, computed alone
        Tensor w = Tensor.randn(gen, 5, 2, 3, 3);
        Tensor x1 = Tensor.randn(gen, 4, 2, 9, 9), x2 = Tensor.randn(gen, 4, 2, 9, 9), x3 = Tensor.randn(gen, 4, 2, 9, 9);
        Tensor g = Tensor.randn(gen, 4, 5, 7, 7);
        Tensor wa = w.clone().requiresGrad(true);
        Convolution.conv2d(x2, wa, null).backward(g);
        double[] expected = wa.grad().toDoubleArray();
        // interleaved: y1 and y2 alive; y1's buffer is freed and reused by y3 while y2 still holds its own
        Tensor w1 = w.clone().requiresGrad(true), w2 = w.clone().requiresGrad(true), w3 = w.clone().requiresGrad(true);
        Tensor y1 = Convolution.conv2d(x1, w1, null);
        Tensor y2 = Convolution.conv2d(x2, w2, null);
        y1.backward(g);
        Tensor y3 = Convolution.conv2d(x3, w3, null);
        y2.backward(g);
        y3.backward(g);
        assertArrayEquals(expected, w2.grad().toDoubleArray(), 0);
        // and without grad (buffers recycled at once) the values stay right
        try (var s = dev.kiln.autograd.GradMode.disabled()) {
            Tensor a = Convolution.conv2d(x1, w, null);
            Tensor b = Convolution.conv2d(x1, w, null);
            assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 0);
        }
    }
}
