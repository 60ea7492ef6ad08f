package dev.kiln.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kiln.backend.cpu.CpuBackend;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The primitives of {@link ElementwisePrimitives} beyond Backend's float32 arithmetic: the float32
 * {@code binary} and {@code clamp} of {@link CpuBackend} against {@link ReferenceBackend} (ragged tails,
 * strides 0, 1 and 3, NaN and ±∞), the float64 and int64 overloads against the tables' definitions,
 * padding against hand-worked vectors and its backward as the adjoint of its forward, and the negative
 * log-likelihood likewise.
 */
class ElementwisePrimitivesTest {
    private static final Backend CPU = CpuBackend.INSTANCE;
    private static final Backend REF = ReferenceBackend.INSTANCE;
    private final Random random = new Random(11);

    /** Lengths around the vector width: empty, shorter than one vector, whole vectors, a ragged tail. */
    private static int[] lengths() {
        int l = CPU.lanes();
        return new int[] {0, 1, l - 1, l, 3 * l + 5};
    }

    /** Gaussian values with NaN, ±∞, ±0 and exact ties sprinkled in. */
    private float[] floats(int n) {
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1f};
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i % 7 == 3 ? special[random.nextInt(special.length)] : (float) random.nextGaussian() * 3;
        }
        return x;
    }

    private static void assertClose(float expected, float actual, String what) {
        if (Float.isNaN(expected) || Float.isNaN(actual)) {
            assertEquals(Float.isNaN(expected), Float.isNaN(actual), what + ": NaN on one side only");
        } else if (Float.isInfinite(expected)) {
            assertEquals(expected, actual, what);
        } else {
            assertEquals(expected, actual, 2e-7f * Math.max(1f, Math.abs(expected)), what);
        }
    }

    @Test
    void float32BinaryMatchesTheReferenceForEveryFunctionStrideAndTail() {
        for (BinaryFunction f : BinaryFunction.values()) {
            for (int n : lengths()) {
                for (int bs : new int[] {0, 1, 3}) {
                    float[] a = floats(n + 2);
                    float[] b = floats(bs * n + 2);
                    float[] fast = new float[n + 1];
                    float[] slow = new float[n + 1];
                    CPU.binary(f, a, 2, 1, b, 1, bs, fast, 1, n);
                    REF.binary(f, a, 2, 1, b, 1, bs, slow, 1, n);
                    for (int i = 0; i <= n; i++) {
                        assertClose(slow[i], fast[i], f + " n=" + n + " bs=" + bs + " at " + i);
                    }
                    for (int i = 0; i < n; i++) {
                        float want = (float) f.apply((double) a[2 + i], (double) b[1 + i * bs]);
                        assertClose(want, slow[1 + i], f + " definition at " + i);
                    }
                }
            }
        }
    }

    @Test
    void float32ClampMatchesTheReferenceWithNaNAndCrossedBounds() {
        float[][] bounds = {{-1f, 2f}, {Float.NEGATIVE_INFINITY, 0.5f}, {0f, Float.POSITIVE_INFINITY}, {3f, -2f}};
        for (float[] lohi : bounds) {
            for (int n : lengths()) {
                float[] x = floats(n + 3);
                float[] fast = new float[n];
                float[] slow = new float[n];
                CPU.clamp(x, 3, fast, 0, n, lohi[0], lohi[1]);
                REF.clamp(x, 3, slow, 0, n, lohi[0], lohi[1]);
                for (int i = 0; i < n; i++) {
                    float v = x[3 + i];
                    float want = Float.isNaN(v) ? v : lohi[0] > lohi[1] ? lohi[1] : Math.min(Math.max(v, lohi[0]), lohi[1]);
                    assertClose(want, slow[i], "reference clamp of " + v);
                    assertClose(slow[i], fast[i], "clamp of " + v + " to " + lohi[0] + ", " + lohi[1]);
                }
            }
        }
    }

    @Test
    void float64OverloadsFollowTheTables() {
        int n = 3 * CPU.lanes() + 5;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextGaussian() * 4;
            b[i] = i % 5 == 0 ? Double.NaN : random.nextGaussian() + 2;
        }
        double[] c = new double[n];
        for (BinaryFunction f : BinaryFunction.values()) {
            CPU.binary(f, a, 0, 1, b, 0, 1, c, 0, n);
            for (int i = 0; i < n; i++) {
                assertEquals(f.apply(a[i], b[i]), c[i], 0, f + " at " + i);
            }
        }
        CPU.add(a, 0, 1, b, 0, 0, c, 0, n, -0.5); // b[0] broadcast
        CPU.affine(a, 1, a, 1, 0, 9, 9); // n = 0 writes nothing
        for (int i = 0; i < n; i++) {
            assertEquals(a[i] - 0.5 * b[0], c[i], 0, "add with alpha and a broadcast operand at " + i);
        }
        CPU.affine(a, 0, c, 0, n, 3, -1);
        for (int i = 0; i < n; i++) {
            assertEquals(a[i] * 3 - 1, c[i], 0, "affine at " + i);
        }
        CPU.clamp(b, 0, c, 0, n, -0.25, 2.5);
        for (int i = 0; i < n; i++) {
            assertEquals(Double.isNaN(b[i]) ? Double.NaN : Math.min(Math.max(b[i], -0.25), 2.5), c[i], 0, "clamp at " + i);
        }
        for (MathFunction f : MathFunction.values()) {
            CPU.map(f, a, 0, c, 0, n);
            for (int i = 0; i < n; i++) {
                assertEquals(f.apply(a[i]), c[i], 0, f + " at " + i);
            }
        }
        Activation tanh = new Activation.Tanh();
        CPU.activationForward(tanh, a, 0, c, 0, n);
        CPU.activationBackward(tanh, a, 0, b, 0, b, 0, n); // in place: gx = g
        for (int i = 0; i < n; i++) {
            assertEquals(Math.tanh(a[i]), c[i], 1e-15, "tanh at " + i);
        }
    }

    @Test
    void int64OverloadsWrapAndTruncateAsIntegersDo() {
        long[] a = {Long.MIN_VALUE, -7, -1, 0, 3, 9, Long.MAX_VALUE};
        long[] b = {1, 2, -3, 5, 2, -4, 1};
        long[] c = new long[a.length];
        CPU.map(MathFunction.NEG, a, 0, c, 0, a.length);
        assertArrayEquals(new long[] {Long.MIN_VALUE, 7, 1, 0, -3, -9, -Long.MAX_VALUE}, c);
        CPU.map(MathFunction.ABS, a, 0, c, 0, a.length);
        assertArrayEquals(new long[] {Long.MIN_VALUE, 7, 1, 0, 3, 9, Long.MAX_VALUE}, c);
        CPU.map(MathFunction.SIGN, a, 0, c, 0, a.length);
        assertArrayEquals(new long[] {-1, -1, -1, 0, 1, 1, 1}, c);
        assertThrows(IllegalArgumentException.class, () -> CPU.map(MathFunction.EXP, a, 0, c, 0, a.length));
        CPU.binary(BinaryFunction.POW, a, 1, 1, b, 1, 1, c, 0, 5);
        assertArrayEquals(new long[] {49, -1, 0, 9, 0}, Arrays.copyOf(c, 5)); // the float64 power, truncated
        CPU.binary(BinaryFunction.MAXIMUM, a, 0, 1, b, 0, 0, c, 0, a.length); // b[0] = 1 broadcast
        assertArrayEquals(new long[] {1, 1, 1, 1, 3, 9, Long.MAX_VALUE}, c);
        CPU.add(a, 1, 1, b, 1, 1, c, 0, 5, -2);
        assertArrayEquals(new long[] {-11, 5, -10, -1, 17}, Arrays.copyOf(c, 5));
        CPU.affine(a, 1, c, 0, 5, -3, 4);
        assertArrayEquals(new long[] {25, 7, 4, -5, -23}, Arrays.copyOf(c, 5));
        CPU.clamp(a, 0, c, 0, a.length, -2, 4);
        assertArrayEquals(new long[] {-2, -2, -1, 0, 3, 4, 4}, c);
        CPU.clamp(a, 0, c, 0, a.length, 5, 1); // crossed bounds: every element becomes hi
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1}, c);
    }

    // ------------------------------------------------------------------ padding

    private static double[] pad1d(Border border, double[] x, int left, int right, double value) {
        double[] y = new double[x.length + left + right];
        CPU.pad(border, new int[] {x.length}, new int[] {left}, new int[] {y.length}, x, 0, y, value);
        return y;
    }

    @Test
    void padFollowsTheFourBordersAndCrops() {
        double[] x = {1, 2, 3, 4};
        assertArrayEquals(new double[] {9, 1, 2, 3, 4, 9, 9}, pad1d(Border.CONSTANT, x, 1, 2, 9), 0);
        assertArrayEquals(new double[] {3, 2, 1, 2, 3, 4, 3, 2}, pad1d(Border.REFLECT, x, 2, 2, 0), 0);
        assertArrayEquals(new double[] {1, 1, 1, 2, 3, 4, 4}, pad1d(Border.REPLICATE, x, 2, 1, 0), 0);
        assertArrayEquals(new double[] {4, 1, 2, 3, 4, 1, 2}, pad1d(Border.CIRCULAR, x, 1, 2, 0), 0);
        assertArrayEquals(new double[] {2, 3, 4, 0}, pad1d(Border.CONSTANT, x, -1, 1, 0), 0);
        // 2-D, from an offset: [[1 2] [3 4]] replicated one row up and one column right
        float[] grid = {7, 1, 2, 3, 4};
        float[] y = new float[9];
        CPU.pad(Border.REPLICATE, new int[] {2, 2}, new int[] {1, 0}, new int[] {3, 3}, grid, 1, y, 0f);
        assertArrayEquals(new float[] {1, 2, 2, 1, 2, 2, 3, 4, 4}, y, 0f);
    }

    @Test
    void padBackwardIsTheAdjointOfPadForEveryBorderInBothTypes() {
        int[] in = {2, 3, 4};
        int[][] amounts = {{0, 1, 2}, {1, -1, 3}, {0, 2, -1}};
        int[][] after = {{1, 2, 1}, {0, 2, 3}, {1, 0, 3}};
        for (Border border : Border.values()) {
            for (int k = 0; k < amounts.length; k++) {
                int[] before = amounts[k];
                int[] out = new int[3];
                for (int d = 0; d < 3; d++) {
                    out[d] = in[d] + before[d] + after[k][d];
                }
                int inSize = 24;
                int outSize = out[0] * out[1] * out[2];
                float[] x = floats(inSize + 2);
                float[] g = floats(outSize + 1);
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) random.nextGaussian(); // finite: the adjoint identity is about sums
                }
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) random.nextGaussian();
                }
                float[] y = new float[outSize];
                float[] gx = new float[inSize];
                CPU.pad(border, in, before, out, x, 2, y, 0f);
                CPU.padBackward(border, in, before, out, g, 1, gx);
                double lhs = 0;
                for (int i = 0; i < outSize; i++) {
                    lhs += (double) y[i] * g[1 + i];
                }
                double rhs = 0;
                for (int i = 0; i < inSize; i++) {
                    rhs += (double) x[2 + i] * gx[i];
                }
                assertEquals(lhs, rhs, 1e-4, border + " " + Arrays.toString(before) + ": <pad x, g> = <x, pad' g>");
                double[] xd = new double[inSize];
                double[] gd = new double[outSize];
                for (int i = 0; i < inSize; i++) {
                    xd[i] = x[2 + i];
                }
                for (int i = 0; i < outSize; i++) {
                    gd[i] = g[1 + i];
                }
                double[] yd = new double[outSize];
                double[] gxd = new double[inSize];
                CPU.pad(border, in, before, out, xd, 0, yd, 0);
                CPU.padBackward(border, in, before, out, gd, 0, gxd);
                for (int i = 0; i < outSize; i++) {
                    assertEquals(y[i], yd[i], 0, "float64 pad reads the same elements");
                }
                for (int i = 0; i < inSize; i++) {
                    assertEquals(gxd[i], gx[i], 1e-6 * Math.max(1, Math.abs(gxd[i])), "float64 backward at " + i);
                }
            }
        }
    }

    // ------------------------------------------------------------------ negative log-likelihood

    @Test
    void nllLossReadsTheTargetsAndItsBackwardScattersThem() {
        // (N = 2, C = 3, d = 2): row r = (n, i) reads x[(n·3 + y)·2 + i]; row 2 is ignored
        double[] weight = {0.5, 2, 1};
        CrossEntropyTargets t = new CrossEntropyTargets(3, 2, new int[] {2, 0, -1, 1}, weight, 0);
        float[] x = new float[13];
        for (int i = 0; i < x.length; i++) {
            x[i] = i - 6.5f;
        }
        double[] loss = new double[4];
        CPU.nllLoss(x, 1, t, loss);
        // row 0: n 0, i 0, y 2 → x[1 + 4] = −1.5; row 1: n 0, i 1, y 0 → x[1 + 1] = −4.5; row 3: n 1, i 1, y 1 → x[1 + 9]
        assertArrayEquals(new double[] {-1 * -1.5, -0.5 * -4.5, 0, -2 * 3.5}, loss, 0);
        double[] xd = new double[12];
        for (int i = 0; i < 12; i++) {
            xd[i] = x[1 + i];
        }
        double[] lossD = new double[4];
        CPU.nllLoss(xd, 0, t, lossD);
        assertArrayEquals(loss, lossD, 0);
        double[] g = {0.25, -1, 7, 3};
        float[] gx = new float[12];
        Arrays.fill(gx, 42f); // written whole: the non-target positions become 0
        CPU.nllLossBackward(t, g, gx);
        double[] gxd = new double[12];
        CPU.nllLossBackward(t, g, gxd);
        float[] want = new float[12];
        want[4] = -0.25f;
        want[1] = 0.5f;
        want[9] = -6f;
        assertArrayEquals(want, gx, 0f);
        for (int i = 0; i < 12; i++) {
            assertEquals(want[i], gxd[i], 0, "float64 gradient at " + i);
        }
    }
}
