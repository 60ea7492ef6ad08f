package dev.kiln.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.backend.ConvGeometry;
import dev.kiln.backend.cpu.CpuBackend;
import dev.kiln.backend.cpu.Parallel;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every {@link CpuBackend} primitive against {@link ReferenceBackend} (plain loops, float64
 * accumulation) on random data, at sizes around the vector length (ragged tails: n not a multiple
 * of it), at offsets inside larger arrays, and at sizes large enough to split across threads;
 * within float32 rounding.
 */
class CpuBackendTest {
    private static final Backend CPU = CpuBackend.INSTANCE;
    private static final Backend REF = ReferenceBackend.INSTANCE;
    private static final int L = CPU.lanes();
    /** Sizes with every kind of tail: below one vector, one vector ± 1, several vectors + a ragged rest. */
    private static final int[] SIZES = {1, 2, L - 1, L, L + 1, 2 * L + 3, 37, 103, 1000};
    private final Random random = new Random(7);

    private float[] randoms(int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (random.nextGaussian() * scale);
        }
        return a;
    }

    /** |expected − actual| ≤ tol·(1 + |expected|) element by element. */
    private static void assertClose(float[] expected, float[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            assertTrue(Math.abs(e - actual[i]) <= tol * (1 + Math.abs(e)) || (Double.isNaN(e) && Float.isNaN(actual[i])),
                    what + " element " + i + ": expected " + e + ", got " + actual[i]);
        }
    }

    @Test
    void everyCpuPrimitiveDeclaresMoreThanOneLaneAndTheReferenceOne() {
        assertTrue(L > 1, "the CPU backend runs vector lanes");
        assertEquals(1, REF.lanes());
        assertEquals(CPU, Tensor.zeros(3).device().backend(), "a heap tensor computes on the CPU backend");
        assertEquals(Device.CPU, Tensor.zeros(3).device());
    }

    @Test
    void activationsForwardAndBackwardMatchTheReference() {
        List<Activation> all = List.of(new Activation.Relu(), new Activation.LeakyRelu(0.1f), new Activation.Hardtanh(-0.5f, 1.5f),
                new Activation.ExpLinear(1f, 1f, 1f), new Activation.ExpLinear(1.0507f, 1.6733f, 1f),
                new Activation.ExpLinear(1f, 2f, 0.5f), new Activation.Silu(), new Activation.GeluTanh(), new Activation.GeluErf(),
                new Activation.Sigmoid(), new Activation.Tanh(), new Activation.Mish(), new Activation.Softplus(2, 3),
                new Activation.Softsign(), new Activation.Hardsigmoid(), new Activation.Hardswish(), new Activation.LogSigmoid(),
                new Activation.Tanhshrink(), new Activation.Hardshrink(0.5), new Activation.Softshrink(0.5),
                new Activation.Threshold(0.2, -1), new Activation.Logit(0.1, 0.9));
        for (Activation f : all) {
            for (int n : SIZES) {
                int xo = 3;
                float[] x = randoms(n + xo, 2);
                float[] g = randoms(n + 1, 1);
                float[] yc = new float[n + 2];
                float[] yr = new float[n + 2];
                CPU.activationForward(f, x, xo, yc, 2, n);
                REF.activationForward(f, x, xo, yr, 2, n);
                assertClose(yr, yc, 2e-6, f + " forward n=" + n);
                float[] gc = new float[n];
                float[] gr = new float[n];
                CPU.activationBackward(f, x, xo, g, 1, gc, 0, n);
                REF.activationBackward(f, x, xo, g, 1, gr, 0, n);
                assertClose(gr, gc, 2e-6, f + " backward n=" + n);
            }
        }
    }

    @Test
    void elementaryFunctionsAndArithmeticMatchTheReference() {
        for (int n : SIZES) {
            float[] x = randoms(n + 3, 2);
            float[] pos = new float[2 * n + 3];
            for (int i = 0; i < pos.length; i++) {
                pos[i] = Math.abs(x[i % x.length]) + 0.01f;
            }
            for (MathFunction f : MathFunction.values()) {
                float[] in = f == MathFunction.LOG || f == MathFunction.SQRT ? pos : x;
                float[] yc = new float[n];
                float[] yr = new float[n];
                CPU.map(f, in, 3, yc, 0, n);
                REF.map(f, in, 3, yr, 0, n);
                assertClose(yr, yc, 2e-6, f + " n=" + n);
            }
            float[] yc = new float[n];
            float[] yr = new float[n];
            CPU.affine(x, 3, yc, 0, n, 1.5f, -0.25f);
            REF.affine(x, 3, yr, 0, n, 1.5f, -0.25f);
            assertClose(yr, yc, 1e-6, "affine n=" + n);
            float[] b = randoms(2 * n + 2, 1);
            for (int[] st : new int[][] {{1, 1}, {1, 0}, {0, 1}, {1, 2}}) {
                String what = " n=" + n + " strides " + st[0] + "," + st[1];
                CPU.add(x, 3, st[0], b, 1, st[1], yc, 0, n, 0.5f);
                REF.add(x, 3, st[0], b, 1, st[1], yr, 0, n, 0.5f);
                assertClose(yr, yc, 1e-6, "add" + what);
                CPU.mul(x, 3, st[0], b, 1, st[1], yc, 0, n);
                REF.mul(x, 3, st[0], b, 1, st[1], yr, 0, n);
                assertClose(yr, yc, 1e-6, "mul" + what);
                CPU.div(x, 3, st[0], pos, 1, st[1], yc, 0, n);
                REF.div(x, 3, st[0], pos, 1, st[1], yr, 0, n);
                assertClose(yr, yc, 1e-6, "div" + what);
            }
        }
    }

    @Test
    void reluKeepsNanAndBackwardMayOverwriteTheGradient() {
        float[] x = {Float.NaN, -1f, 2f, 0f};
        float[] y = new float[4];
        CPU.activationForward(new Activation.Relu(), x, 0, y, 0, 4);
        assertTrue(Float.isNaN(y[0]));
        float[] g = {1f, 1f, 1f, 1f};
        CPU.activationBackward(new Activation.Relu(), x, 0, g, 0, g, 0, 4);
        assertEquals(0f, g[1]);
        assertEquals(1f, g[2]);
        assertEquals(0f, g[3]);
    }

    @Test
    void whereMatchesTheReferenceWithDenseAndBroadcastOperands() {
        for (int n : SIZES) {
            boolean[] c = new boolean[n + 1];
            for (int i = 0; i < c.length; i++) {
                c[i] = random.nextBoolean();
            }
            float[] a = randoms(n + 2, 1);
            float[] b = randoms(n + 3, 1);
            for (int as = 0; as <= 1; as++) {
                for (int bs = 0; bs <= 1; bs++) {
                    float[] oc = new float[n];
                    float[] or = new float[n];
                    CPU.where(c, 1, a, 2, as, b, 3, bs, oc, n);
                    REF.where(c, 1, a, 2, as, b, 3, bs, or, n);
                    assertClose(or, oc, 0, "where n=" + n + " strides " + as + "," + bs);
                }
            }
        }
    }

    @Test
    void reductionsMatchTheReference() {
        for (int n : SIZES) {
            float[] x = randoms(n + 4, 3);
            assertEquals(REF.sum(x, 4, n), CPU.sum(x, 4, n), 1e-5 * (1 + n), "sum n=" + n);
            assertEquals(REF.max(x, 4, n), CPU.max(x, 4, n), "max n=" + n);
            assertEquals(REF.min(x, 4, n), CPU.min(x, 4, n), "min n=" + n);
            x[4 + n / 2] = Float.NaN;
            assertTrue(Float.isNaN(CPU.max(x, 4, n)) && Float.isNaN(CPU.min(x, 4, n)), "a NaN makes max/min NaN, n=" + n);
        }
        for (int cols : SIZES) {
            int rows = 5;
            int stride = cols + 3;
            float[] g = randoms(2 + rows * stride, 1);
            float[] oc = new float[cols];
            float[] or = new float[cols];
            CPU.columnSum(g, 2, stride, rows, cols, oc);
            REF.columnSum(g, 2, stride, rows, cols, or);
            assertClose(or, oc, 1e-6, "column sum cols=" + cols);
        }
    }

    @Test
    void batchedGemmMatchesTheReferenceAndFloat64IsExact() {
        // three products, the second A repeated (a broadcast operand), B transposed, C blocks with a gap
        int m = 5, n = L + 3, k = 9, batch = 3;
        float[] a = randoms(2 * m * k + 1, 1);
        float[] b = randoms(batch * k * n + 2, 1);
        int[] aOffs = {1, 1 + m * k, 1};
        int[] bOffs = {2, 2 + k * n, 2 + 2 * k * n};
        int[] cOffs = {0, m * (n + 1), 2 * m * (n + 1)};
        float[] cc = randoms(batch * m * (n + 1), 1); // stale: C is written, not read
        float[] cr = new float[cc.length];
        CPU.gemmBatched(batch, m, n, k, a, aOffs, k, 1, b, bOffs, 1, k, cc, cOffs, n + 1);
        REF.gemmBatched(batch, m, n, k, a, aOffs, k, 1, b, bOffs, 1, k, cr, cOffs, n + 1);
        for (int t = 0; t < batch; t++) {
            for (int i = 0; i < m; i++) {
                int row = cOffs[t] + i * (n + 1);
                float[] e = java.util.Arrays.copyOfRange(cr, row, row + n);
                float[] g = java.util.Arrays.copyOfRange(cc, row, row + n);
                assertClose(e, g, 2e-5 * Math.sqrt(k), "gemmBatched product " + t + " row " + i);
            }
        }
        // float64: small integers, so every product and sum is exact
        double[] da = {1, 2, 3, 4, 5, 6};      // A (2×3)
        double[] db = {1, 0, -1, 2, 3, 1};     // B (3×2)
        double[] dc = new double[4];
        ReferenceBackend.INSTANCE.gemmBatched(1, 2, 2, 3, da, new int[] {0}, 3, 1, db, new int[] {0}, 2, 1, dc, new int[] {0}, 2);
        assertEquals(java.util.List.of(8.0, 7.0, 17.0, 16.0), java.util.Arrays.stream(dc).boxed().toList());
    }

    @Test
    void gemmAndGemvMatchTheReferenceForEveryLayout() {
        int[][] mnk = {{1, 1, 1}, {3, L + 1, 5}, {13, 2 * L + 3, 37}, {25, 7, L - 1}, {40, 70, 130}};
        for (int[] d : mnk) {
            int m = d[0];
            int n = d[1];
            int k = d[2];
            float[] a = randoms(1 + m * k, 1);
            float[] b = randoms(2 + k * n, 1);
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    int ars = ta ? 1 : k;
                    int acs = ta ? m : 1;
                    int brs = tb ? 1 : n;
                    int bcs = tb ? k : 1;
                    float[] cc = randoms(m * (n + 1), 1);
                    float[] cr = cc.clone();
                    CPU.gemm(m, n, k, 0.5f, a, 1, ars, acs, b, 2, brs, bcs, 1f, cc, 0, n + 1);
                    REF.gemm(m, n, k, 0.5f, a, 1, ars, acs, b, 2, brs, bcs, 1f, cr, 0, n + 1);
                    assertClose(cr, cc, 2e-5 * Math.sqrt(k), "gemm " + m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb);
                }
            }
        }
        for (int in : SIZES) {
            for (int rows = 1; rows <= 2; rows++) {
                int out = 9;
                float[] x = randoms(rows * in, 1);
                float[] w = randoms(3 + out * (in + 2), 1);
                float[] yc = new float[rows * out];
                float[] yr = new float[rows * out];
                CPU.gemv(x, rows, in, w, 3, in + 2, yc, out);
                REF.gemv(x, rows, in, w, 3, in + 2, yr, out);
                assertClose(yr, yc, 2e-5 * Math.sqrt(in), "gemv rows=" + rows + " in=" + in);
            }
        }
    }

    @Test
    void softmaxRowsForwardAndBackwardMatchTheReference() {
        int[][] shapes = {{4, 1, 1}, {3, L + 1, 1}, {5, 103, 1}, {2, 37, 3}, {3, 10, 300}, {1, 2 * L + 3, L - 1}};
        for (int[] s : shapes) {
            int outer = s[0];
            int size = s[1];
            int inner = s[2];
            int n = outer * size * inner;
            float[] x = randoms(n + 5, 4);
            float[] g = randoms(n + 2, 1);
            for (boolean log : new boolean[] {false, true}) {
                float[] yc = new float[n];
                float[] yr = new float[n];
                float[] gc = new float[n];
                float[] gr = new float[n];
                String what = (log ? "log_softmax " : "softmax ") + outer + "x" + size + "x" + inner;
                if (log) {
                    CPU.logSoftmax(x, 5, yc, outer, size, inner);
                    REF.logSoftmax(x, 5, yr, outer, size, inner);
                    CPU.logSoftmaxBackward(yr, g, 2, gc, outer, size, inner);
                    REF.logSoftmaxBackward(yr, g, 2, gr, outer, size, inner);
                } else {
                    CPU.softmax(x, 5, yc, outer, size, inner);
                    REF.softmax(x, 5, yr, outer, size, inner);
                    CPU.softmaxBackward(yr, g, 2, gc, outer, size, inner);
                    REF.softmaxBackward(yr, g, 2, gr, outer, size, inner);
                }
                assertClose(yr, yc, 1e-5, what + " forward");
                assertClose(gr, gc, 1e-5 * Math.sqrt(size), what + " backward");
            }
        }
    }

    @Test
    void crossEntropyRowsMatchTheReference() {
        int[][] layouts = {{1, 1}, {2, 1}, {L - 1, 1}, {L + 1, 1}, {37, 1}, {1000, 1}, {5, 3}, {L + 1, 7}}; // (C, inner)
        for (int[] layout : layouts) {
            int c = layout[0];
            int inner = layout[1];
            int rows = 7 * inner;
            float[] z = randoms(3 + rows * c, 3);
            int[] target = new int[rows];
            for (int r = 0; r < rows; r++) {
                target[r] = r == 2 ? -1 : random.nextInt(c); // row 2 ignored
            }
            double[] weight = new double[c];
            for (int j = 0; j < c; j++) {
                weight[j] = 0.5 + random.nextDouble();
            }
            double[] g = new double[rows];
            for (int r = 0; r < rows; r++) {
                g[r] = r == 4 ? 0 : random.nextGaussian();
            }
            for (CrossEntropyTargets t : List.of(new CrossEntropyTargets(c, inner, target, null, 0),
                    new CrossEntropyTargets(c, inner, target, weight, 0), new CrossEntropyTargets(c, inner, target, null, 0.1),
                    new CrossEntropyTargets(c, inner, target, weight, 0.2))) {
                String what = "cross-entropy C=" + c + " inner=" + inner + (t.weight() == null ? "" : " weighted") + " eps="
                        + t.smoothing();
                double[] lseC = new double[rows];
                double[] lseR = new double[rows];
                double[] lossC = new double[rows];
                double[] lossR = new double[rows];
                CPU.crossEntropy(z, 3, t, lseC, lossC);
                REF.crossEntropy(z, 3, t, lseR, lossR);
                for (int r = 0; r < rows; r++) {
                    assertEquals(lossR[r], lossC[r], 1e-5 * (1 + Math.abs(lossR[r])), what + " loss of row " + r);
                    if (target[r] >= 0) {
                        assertEquals(lseR[r], lseC[r], 1e-5 * (1 + Math.abs(lseR[r])), what + " log-sum-exp of row " + r);
                    }
                }
                assertEquals(0, lossC[2], what + ": an ignored row has loss 0");
                float[] gzC = new float[rows * c];
                float[] gzR = new float[rows * c];
                java.util.Arrays.fill(gzC, Float.NaN); // written whole: no stale value survives
                CPU.crossEntropyBackward(z, 3, t, lseR, g, gzC);
                REF.crossEntropyBackward(z, 3, t, lseR, g, gzR);
                assertClose(gzR, gzC, 2e-6, what + " backward");
                for (int j = 0; j < c; j++) {
                    assertEquals(0f, gzC[t.start(2) + j * inner], what + ": an ignored row has gradient 0");
                    assertEquals(0f, gzC[t.start(4) + j * inner], what + ": a row with g = 0 has gradient 0");
                }
            }
        }
    }

    @Test
    void binaryCrossEntropyOnLogitsMatchesTheReference() {
        for (int n : new int[] {1, L + 1, 1000, 2 * (1 << 15) + 17}) { // the last splits across threads
            float[] x = randoms(n + 3, 10); // |x| up to ~40: e^(−|x|) underflows without overflow
            double[] y = new double[n];
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = random.nextDouble();
                g[i] = random.nextGaussian();
            }
            double[] lossC = new double[n];
            double[] lossR = new double[n];
            CPU.binaryCrossEntropyWithLogits(x, 3, y, lossC, n);
            REF.binaryCrossEntropyWithLogits(x, 3, y, lossR, n);
            for (int i = 0; i < n; i++) {
                assertEquals(lossR[i], lossC[i], 1e-12 * (1 + Math.abs(lossR[i])), "bce loss n=" + n + " at " + i);
            }
            float[] gxC = new float[n];
            float[] gxR = new float[n];
            CPU.binaryCrossEntropyWithLogitsBackward(x, 3, y, g, gxC, n);
            REF.binaryCrossEntropyWithLogitsBackward(x, 3, y, g, gxR, n);
            assertClose(gxR, gxC, 1e-7, "bce backward n=" + n);
        }
        // the definition: x = 0, y = 1 is log 2 with gradient σ(0) − 1 = −1/2; a huge logit does not overflow
        assertEquals(Math.log(2), BinaryCrossEntropy.loss(0, 1), 1e-15);
        assertEquals(-0.5, BinaryCrossEntropy.gradient(0, 1), 1e-15);
        assertEquals(1000, BinaryCrossEntropy.loss(1000, 0), 1e-12);
        assertEquals(0, BinaryCrossEntropy.loss(1000, 1), 1e-12);
    }

    @Test
    void referenceCrossEntropyIsTheDefinition() {
        // two classes, logits (0, ln 3): p = (1/4, 3/4); target 1, weights (2, 1), smoothing 0.2
        double[] z = {0, Math.log(3)};
        CrossEntropyTargets t = new CrossEntropyTargets(2, 1, new int[] {1}, new double[] {2, 1}, 0.2);
        double[] lse = new double[1];
        double[] loss = new double[1];
        ReferenceBackend.INSTANCE.crossEntropy(z, 0, t, lse, loss);
        assertEquals(Math.log(4), lse[0], 1e-15);
        // −0.8·1·log(3/4) + 0.1·(2·(−log(1/4)) + 1·(−log(3/4)))
        double expected = -0.8 * Math.log(0.75) + 0.1 * (-2 * Math.log(0.25) - Math.log(0.75));
        assertEquals(expected, loss[0], 1e-15);
        double[] gz = new double[2];
        ReferenceBackend.INSTANCE.crossEntropyBackward(z, 0, t, lse, new double[] {1}, gz);
        // a = 0.8·1 + 0.1·3 = 1.1; gz = a·p − 0.8·[j = 1] − 0.1·w
        assertEquals(1.1 * 0.25 - 0.1 * 2, gz[0], 1e-15);
        assertEquals(1.1 * 0.75 - 0.8 - 0.1 * 1, gz[1], 1e-15);
    }

    @Test
    void sgdUpdatesMatchTheReference() {
        int[] sizes = {1, L + 1, 103, 2 * (1 << 15) + 17};
        for (int n : sizes) {
            for (int variant = 0; variant < 4; variant++) {
                boolean nesterov = variant == 1;
                boolean momentum = variant != 2;
                float[] pc = randoms(n + 5, 1);
                float[] pr = pc.clone();
                float[] bc = momentum ? new float[n + 3] : null;
                float[] br = momentum ? new float[n + 3] : null;
                for (int step = 0; step < 3; step++) {
                    float[] g = randoms(n + 2, 1);
                    SgdStep s = new SgdStep(0.1, momentum ? 0.9 : 0, nesterov ? 0 : 0.2, variant == 3 ? 0 : 0.01, nesterov,
                            variant == 3, step == 0);
                    CPU.sgd(pc, 5, g, 2, bc, 3, n, s);
                    REF.sgd(pr, 5, g, 2, br, 3, n, s);
                }
                assertClose(pr, pc, 1e-5, "SGD n=" + n + " variant " + variant);
                if (momentum) {
                    assertClose(br, bc, 1e-5, "SGD momentum buffer n=" + n);
                }
            }
        }
    }

    @Test
    void adamUpdatesMatchTheReference() {
        int[] sizes = {1, L + 1, 77, 2 * (1 << 15) + 17};
        for (int n : sizes) {
            for (AdamStep.WeightDecay decay : AdamStep.WeightDecay.values()) {
                for (boolean amsgrad : new boolean[] {false, true}) {
                    float[] pc = randoms(n + 1, 1);
                    float[] pr = pc.clone();
                    float[][] c = {new float[n + 2], new float[n + 2], amsgrad ? new float[n + 2] : null};
                    float[][] r = {new float[n + 2], new float[n + 2], amsgrad ? new float[n + 2] : null};
                    for (int t = 1; t <= 5; t++) {
                        float[] g = randoms(n, t % 2 == 0 ? 0.1 : 1);
                        AdamStep s = new AdamStep(0.01, 0.9, 0.999, 1e-8, 0.1, decay, decay == AdamStep.WeightDecay.DECOUPLED, t);
                        CPU.adam(pc, 1, g, 0, c[0], c[1], c[2], 2, n, s);
                        REF.adam(pr, 1, g, 0, r[0], r[1], r[2], 2, n, s);
                    }
                    String what = "Adam n=" + n + " " + decay + " amsgrad=" + amsgrad;
                    assertClose(pr, pc, 1e-5, what);
                    assertClose(r[0], c[0], 1e-5, what + " m");
                    assertClose(r[1], c[1], 1e-5, what + " v");
                }
            }
        }
    }

    @Test
    void poolingForwardAndBackwardMatchTheReference() {
        // {h, w, kernel, stride, pad, dilation}: the 2×2 pairs kernel (even and odd sizes), overlapping, padded and dilated windows
        int[][] cases = {{8, 8, 2, 2, 0, 1}, {7, 9, 2, 2, 0, 1}, {9, 11, 3, 2, 1, 1}, {10, 10, 3, 1, 1, 2}, {1, 17, 3, 3, 0, 1}};
        int planes = 3;
        for (int[] c : cases) {
            int h = c[0];
            int w = c[1];
            int oh = h == 1 ? 1 : (h + 2 * c[4] - c[5] * (c[2] - 1) - 1) / c[3] + 1;
            int ow = (w + 2 * c[4] - c[5] * (c[2] - 1) - 1) / c[3] + 1;
            PoolWindows wy = h == 1 ? PoolWindows.sliding(1, 1, 1, 1, 0, 1) : PoolWindows.sliding(h, oh, c[2], c[3], c[4], c[5]);
            PoolWindows wx = PoolWindows.sliding(w, ow, c[2], c[3], c[4], c[5]);
            int in = planes * h * w;
            int out = planes * oh * ow;
            float[] x = randoms(in + 2, 1);
            for (int i = 2; i < in + 2; i += 5) {
                x[i] = 0f; // ties
            }
            float[] g = randoms(out + 1, 1);
            String what = "pool " + java.util.Arrays.toString(c);
            float[] oc = new float[out];
            float[] or = new float[out];
            int[] ic = new int[out];
            int[] ir = new int[out];
            CPU.maxPool(x, 2, planes, h, w, wy, wx, oc, ic);
            REF.maxPool(x, 2, planes, h, w, wy, wx, or, ir);
            assertClose(or, oc, 0, what + " max");
            assertEquals(java.util.Arrays.toString(ir), java.util.Arrays.toString(ic), what + " arg-max");
            float[] gc = randoms(in, 1); // stale contents: the backward writes every element
            float[] gr = new float[in];
            CPU.maxPoolBackward(g, 1, ic, planes, h, w, wy, wx, gc);
            REF.maxPoolBackward(g, 1, ir, planes, h, w, wy, wx, gr);
            assertClose(gr, gc, 1e-6, what + " max backward");
            double[] div = new double[oh * ow];
            for (int o = 0; o < div.length; o++) {
                div[o] = wy.count(o / ow) * wx.count(o % ow);
            }
            CPU.avgPool(x, 2, planes, h, w, wy, wx, div, oc);
            REF.avgPool(x, 2, planes, h, w, wy, wx, div, or);
            assertClose(or, oc, 1e-6, what + " avg");
            gc = randoms(in, 1);
            CPU.avgPoolBackward(g, 1, planes, h, w, wy, wx, div, gc);
            REF.avgPoolBackward(g, 1, planes, h, w, wy, wx, div, gr);
            assertClose(gr, gc, 1e-6, what + " avg backward");
        }
    }

    @Test
    void convolutionForwardAndBothGradientsMatchTheReference() {
        // (C, C_out, H, W, kh, kw, stride, pad, dilation, groups, batch): plain; strided and padded; dilated;
        // 1-D; grouped and depthwise; pointwise 1×1 on one sample and on several; planes above the chunk
        // size (one sample a chunk) and below it (several samples a chunk, chunks spread over threads);
        // batch 1 (one chunk, the GEMM threaded); ragged channel counts around the GEMM tile sizes
        int[][] cases = {
            {2, 3, 5, 6, 3, 3, 1, 0, 1, 1, 3}, {3, 5, 9, 7, 3, 3, 2, 1, 1, 1, 3}, {1, 2, 8, 8, 2, 3, 1, 2, 2, 1, 2},
            {4, 3, 1, 19, 1, 5, 2, 2, 1, 1, 3}, {6, 4, 7, 5, 3, 3, 1, 1, 1, 2, 3}, {4, 4, 6, 6, 3, 3, 1, 1, 1, 4, 2},
            {5, 7, 6, 5, 1, 1, 1, 0, 1, 1, 1}, {5, 7, 6, 5, 1, 1, 1, 0, 1, 1, 4}, {5, 6, 9, 9, 1, 1, 2, 0, 1, 1, 3},
            {3, 13, 24, 24, 3, 3, 1, 1, 1, 1, 3}, {17, 33, 4, 4, 3, 3, 1, 1, 1, 1, 17}, {9, 20, 8, 8, 3, 3, 2, 1, 1, 1, 9},
            {16, 25, 10, 10, 3, 3, 1, 1, 1, 1, 1},
            // 3×3 stride 1 with 16+ channels (Winograd F(2×2, 3×3)): odd output sizes (a tile half outside),
            // padding 0, 1 and 2, one chunk (transforms and products threaded; batch 1) and several
            {16, 20, 7, 9, 3, 3, 1, 1, 1, 1, 4}, {20, 16, 9, 8, 3, 3, 1, 0, 1, 1, 6}, {16, 17, 6, 5, 3, 3, 1, 2, 1, 1, 4},
            {24, 32, 4, 4, 3, 3, 1, 1, 1, 1, 17}, {32, 16, 16, 16, 3, 3, 1, 1, 1, 1, 1}, {32, 16, 16, 16, 3, 3, 1, 1, 1, 1, 2},
            {16, 20, 13, 15, 3, 3, 1, 1, 1, 1, 1}, {20, 16, 16, 17, 3, 3, 1, 0, 1, 1, 1}, {16, 16, 32, 32, 3, 3, 1, 1, 1, 1, 2},
            // and the 16+ channel convolutions it must leave alone: 1×1 and 3×3 stride 2, dilated, grouped
            {16, 20, 9, 9, 1, 1, 2, 0, 1, 1, 8}, {16, 24, 9, 9, 3, 3, 2, 1, 1, 1, 8}, {16, 16, 9, 9, 3, 3, 1, 2, 2, 1, 6},
            {16, 32, 8, 8, 3, 3, 1, 1, 1, 2, 6},
            // stride 2 with rows of 16+ windows (the vector even-element gather and its scalar tail) and a plane of more
            // than half a chunk (the forward pass one sample a chunk, written in place)
            {16, 20, 34, 35, 3, 3, 2, 1, 1, 1, 3}, {24, 20, 33, 40, 1, 1, 2, 0, 1, 1, 2},
            // the weight gradient packed straight from the images: a ragged last sliver of taps (360 = 11.25·32)
            // and a plane of more than one packed depth (676 positions); batch 1 with the unfold and the fold
            // split over the threads by channel (3×3 stride 2, 1×1 stride 2)
            {40, 36, 26, 26, 3, 3, 1, 1, 1, 1, 2}, {48, 20, 20, 20, 3, 3, 2, 1, 1, 1, 1}, {160, 24, 30, 30, 1, 1, 2, 0, 1, 1, 1},
            // the few-channel forms (one group, C_out ≤ 32): lanes on padded planes over more than one group of
            // samples (LeNet's second layer unpadded, VGG's first padded), 5×5 LeNet-style wide planes with the
            // weight gradient by row dots (C_out 6) and by batched outer rows (C_out 10), and strided im2col both ways
            {6, 16, 14, 14, 5, 5, 1, 0, 1, 1, 11}, {3, 32, 9, 10, 3, 3, 1, 1, 1, 1, 19}, {1, 6, 12, 12, 5, 5, 1, 2, 1, 1, 5},
            {2, 10, 11, 9, 5, 5, 1, 2, 1, 1, 6}, {3, 12, 11, 12, 3, 3, 2, 1, 1, 1, 5}, {2, 3, 13, 11, 3, 3, 2, 1, 2, 1, 4}};
        for (int[] c : cases) {
            int ch = c[0], co = c[1], h = c[2], w = c[3], kh = c[4], kw = c[5], s = c[6], pad = c[7], d = c[8], groups = c[9];
            int batch = c[10];
            int ph = kh == 1 ? 0 : pad;
            int oh = (h + 2 * ph - d * (kh - 1) - 1) / s + 1;
            int ow = (w + 2 * pad - d * (kw - 1) - 1) / s + 1;
            ConvGeometry g = new ConvGeometry(ch, h, w, kh, kw, s, s, ph, pad, d, d, oh, ow);
            int in = batch * ch * h * w, out = batch * co * oh * ow, weights = co * ch / groups * kh * kw;
            float[] x = randoms(in + 3, 1);
            float[] wt = randoms(weights + 2, 1);
            float[] bias = randoms(co + 1, 1);
            float[] dy = randoms(out + 1, 1);
            // float32 rounding grows with the number of terms summed into one result (Higham: γ_K ≈ K·eps)
            double forwardTol = termTolerance(ch / groups * kh * kw);
            double inputTol = termTolerance(co / groups * kh * kw);
            double weightTol = termTolerance(batch * oh * ow);
            float[] yr = new float[out];
            float[] yr0 = new float[out];
            float[] dxr = new float[in];
            float[] dwr = new float[weights];
            REF.conv2dForward(g, batch, co, groups, x, 3, wt, 2, bias, 1, yr);
            REF.conv2dForward(g, batch, co, groups, x, 3, wt, 2, null, 0, yr0);
            REF.conv2dBackwardInput(g, batch, co, groups, dy, 1, wt, 2, dxr);
            REF.conv2dBackwardWeight(g, batch, co, groups, x, 3, dy, 1, dwr);
            for (int threads : new int[] {1, Parallel.threads()}) {
                String what = "conv " + java.util.Arrays.toString(c) + " on " + threads + " thread(s)";
                float[] yc = randoms(out, 1); // stale contents: every output element is written
                Parallel.withThreads(threads, () -> CPU.conv2dForward(g, batch, co, groups, x, 3, wt, 2, bias, 1, yc));
                assertClose(yr, yc, forwardTol, what + " forward");
                Parallel.withThreads(threads, () -> CPU.conv2dForward(g, batch, co, groups, x, 3, wt, 2, null, 0, yc));
                assertClose(yr0, yc, forwardTol, what + " forward without bias");
                float[] dxc = randoms(in, 1);
                Parallel.withThreads(threads, () -> CPU.conv2dBackwardInput(g, batch, co, groups, dy, 1, wt, 2, dxc));
                assertClose(dxr, dxc, inputTol, what + " backward-input");
                float[] dwc = randoms(weights, 1);
                Parallel.withThreads(threads, () -> CPU.conv2dBackwardWeight(g, batch, co, groups, x, 3, dy, 1, dwc));
                assertClose(dwr, dwc, weightTol, what + " backward-weight");
            }
        }
    }

    /** A relative tolerance for a float32 sum of {@code terms} unit-sized products: 2·10⁻⁷ (≈ 1.7 eps) per term. */
    private static double termTolerance(int terms) {
        return Math.max(1e-6, 2e-7 * terms);
    }

    @Test
    void referenceConvolutionIsTheDefinition() {
        // one hand-checkable case: 1 sample, 1 → 1 channel, 3×3 image, 2×2 kernel, stride 1, no padding
        ConvGeometry g = new ConvGeometry(1, 3, 3, 2, 2, 1, 1, 0, 0, 1, 1, 2, 2);
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] w = {1, 0, 0, -1};
        float[] y = new float[4];
        REF.conv2dForward(g, 1, 1, 1, x, 0, w, 0, new float[] {10}, 0, y);
        // y[oy, ox] = 10 + x[oy, ox] − x[oy + 1, ox + 1] = 10 − 4
        assertClose(new float[] {6, 6, 6, 6}, y, 0, "2×2 difference kernel");
        float[] dx = new float[9];
        REF.conv2dBackwardInput(g, 1, 1, 1, new float[] {1, 1, 1, 1}, 0, w, 0, dx);
        assertClose(new float[] {1, 1, 0, 1, 0, -1, 0, -1, -1}, dx, 0, "input gradient of an all-ones dY");
        float[] dw = new float[4];
        REF.conv2dBackwardWeight(g, 1, 1, 1, x, 0, new float[] {1, 1, 1, 1}, 0, dw);
        // dw[i, j] = Σ over the 2×2 window at (i, j)
        assertClose(new float[] {12, 16, 24, 28}, dw, 0, "weight gradient of an all-ones dY");
    }
}
