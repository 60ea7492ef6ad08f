package dev.kiln.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.backend.cpu.Parallel;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The element-wise fast paths (same-shape contiguous, inline small work, split large work) against
 * scalar loops over row-major copies, on every layout they must handle: offsets, transposes,
 * broadcasting, rank 0, sizes above the parallel grain.
 */
class ElementwiseFastPathTest {
    private static final int BIG = 2 * Parallel.ELEMENTWISE_GRAIN + 37;

    private static float[] addRef(float[] a, float[] b, float alpha) {
        float[] r = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] + alpha * b[i];
        }
        return r;
    }

    @Test
    void sameShapeAddMulDivSmallAndLarge() {
        Generator g = new Generator(1);
        for (int n : new int[] {1, 7, 64, 100, BIG}) {
            Tensor a = Tensor.randn(g, n);
            Tensor b = Tensor.rand(g, n).add(0.5);
            float[] x = a.toFloatArray();
            float[] y = b.toFloatArray();
            assertArrayEquals(addRef(x, y, 1), a.add(b).toFloatArray(), 0f, "add n=" + n);
            float[] sub = a.sub(b, 2).toFloatArray();
            float[] mul = a.mul(b).toFloatArray();
            float[] div = a.div(b).toFloatArray();
            for (int i = 0; i < n; i++) {
                assertEquals(x[i] - 2 * y[i], sub[i], 1e-5f * (1 + Math.abs(x[i] - 2 * y[i])));
                assertEquals(x[i] * y[i], mul[i], 0f);
                assertEquals(x[i] / y[i], div[i], Math.ulp(x[i] / y[i]));
            }
        }
    }

    @Test
    void viewsWithOffsetsAndTransposes() {
        Generator g = new Generator(2);
        Tensor base = Tensor.randn(g, 6, 5);
        Tensor a = base.narrow(0, 1, 4);              // contiguous rows, offset 5
        Tensor b = Tensor.randn(g, 5, 4).t();         // transposed: not contiguous
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        assertArrayEquals(addRef(x, y, 1), a.add(b).toFloatArray(), 0f);
        assertArrayEquals(addRef(y, x, 1), b.add(a).toFloatArray(), 0f);
        Tensor r = a.relu();
        assertArrayEquals(new int[] {4, 5}, r.shape());
        for (int i = 0; i < x.length; i++) {
            assertEquals(Math.max(x[i], 0f), r.toFloatArray()[i], 0f);
        }
        float[] affine = b.mul(3).add(1).toFloatArray();
        for (int i = 0; i < y.length; i++) {
            assertEquals(y[i] * 3 + 1, affine[i], 1e-6f * (1 + Math.abs(y[i] * 3 + 1)));
        }
    }

    @Test
    void broadcastingRowAndColumnAndScalar() {
        Generator g = new Generator(3);
        Tensor m = Tensor.randn(g, 3, 4);
        Tensor row = Tensor.randn(g, 4);
        Tensor col = Tensor.randn(g, 3, 1);
        float[] mv = m.toFloatArray();
        float[] rv = row.toFloatArray();
        float[] cv = col.toFloatArray();
        float[] s1 = m.add(row).toFloatArray();
        float[] s2 = col.mul(m).toFloatArray();
        float[] s3 = m.add(Tensor.scalar(2)).toFloatArray();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(mv[i * 4 + j] + rv[j], s1[i * 4 + j], 0f);
                assertEquals(cv[i] * mv[i * 4 + j], s2[i * 4 + j], 0f);
                assertEquals(mv[i * 4 + j] + 2, s3[i * 4 + j], 0f);
            }
        }
        assertArrayEquals(new int[] {3, 4}, col.add(row).shape());
    }

    @Test
    void biasRowBroadcastSmallAndLarge() {
        Generator g = new Generator(5);
        for (int rows : new int[] {3, 300}) {
            Tensor m = Tensor.randn(g, rows, 257);
            Tensor bias = Tensor.randn(g, 257);
            Tensor bias2 = Tensor.randn(g, 1, 257);
            float[] mv = m.toFloatArray();
            float[] bv = bias.toFloatArray();
            float[] b2 = bias2.toFloatArray();
            float[] sum = m.add(bias).toFloatArray();
            float[] prod = m.mul(bias2).toFloatArray();
            float[] diff = m.sub(bias, 0.5).toFloatArray();
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < 257; j++) {
                    int k = i * 257 + j;
                    assertEquals(mv[k] + bv[j], sum[k], 0f);
                    assertEquals(mv[k] * b2[j], prod[k], 0f);
                    assertEquals(mv[k] - 0.5f * bv[j], diff[k], 1e-6f * (1 + Math.abs(diff[k])));
                }
            }
        }
        // b covering trailing dims of a 3-D tensor, and a view of a bigger tensor as a
        Tensor t = Tensor.randn(g, 2, 3, 4);
        Tensor tail = Tensor.randn(g, 3, 4);
        float[] tv = t.toFloatArray();
        float[] lv = tail.toFloatArray();
        float[] r = t.add(tail).toFloatArray();
        for (int k = 0; k < 24; k++) {
            assertEquals(tv[k] + lv[k % 12], r[k], 0f);
        }
        Tensor view = Tensor.randn(g, 5, 4).narrow(0, 2, 3);
        float[] vv = view.toFloatArray();
        float[] rr = view.add(Tensor.of(1f, 2f, 3f, 4f)).toFloatArray();
        for (int k = 0; k < 12; k++) {
            assertEquals(vv[k] + (k % 4 + 1), rr[k], 0f);
        }
    }

    @Test
    void rankZeroAndEmpty() {
        Tensor s = Tensor.scalar(3).add(Tensor.scalar(4));
        assertEquals(0, s.dim());
        assertEquals(7.0, s.item(), 0);
        assertEquals(-1.0, Tensor.scalar(-0.5).mul(2).item(), 0);
        assertEquals(0.0, Tensor.scalar(-0.5).relu().item(), 0);
        Tensor e = Tensor.zeros(0, 3);
        assertArrayEquals(new int[] {0, 3}, e.add(e).shape());
        assertArrayEquals(new int[] {0, 3}, e.relu().shape());
    }

    @Test
    void largeUnaryAndAffineAcrossThreads() {
        Tensor x = Tensor.randn(new Generator(4), BIG);
        float[] v = x.toFloatArray();
        float[] r = x.relu().toFloatArray();
        float[] a = x.mul(2).add(1).toFloatArray();
        for (int i = 0; i < BIG; i++) {
            assertEquals(v[i] > 0 ? v[i] : 0f, r[i], 0f);
            assertEquals(v[i] * 2 + 1, a[i], 1e-6f * (1 + Math.abs(v[i] * 2 + 1)));
        }
    }

    @Test
    void otherTypesKeepTheirPaths() {
        Tensor d = Tensor.of(1.5, -2.0).add(Tensor.of(0.25, 4.0));
        assertEquals(DType.FLOAT64, d.dtype());
        assertArrayEquals(new double[] {1.75, 2.0}, d.toDoubleArray());
        Tensor l = Tensor.of(3L, 4L).mul(Tensor.of(5L, -1L));
        assertEquals(DType.INT64, l.dtype());
        assertArrayEquals(new long[] {15, -4}, l.toLongArray());
        Tensor q = Tensor.of(3L, 4L).div(Tensor.of(2L, 8L));
        assertEquals(DType.FLOAT32, q.dtype());
        assertArrayEquals(new float[] {1.5f, 0.5f}, q.toFloatArray());
        Tensor mixed = Tensor.of(1f, 2f).add(Tensor.of(1L, 1L));
        assertEquals(DType.FLOAT32, mixed.dtype());
        assertArrayEquals(new float[] {2f, 3f}, mixed.toFloatArray());
        assertArrayEquals(new long[] {4, 6}, Tensor.of(2L, 3L).mul(2).toLongArray());
        assertEquals(DType.FLOAT32, Tensor.of(2L, 3L).mul(0.5).dtype());
    }

    @Test
    void float64AndInt64BroadcastThroughTheTypedLoops() {
        Tensor d = Tensor.of(1.5, -2.0, 4.0).reshape(3, 1); // (3, 1) against (2): a (3, 2) result
        Tensor e = Tensor.of(2.0, 0.5);
        assertArrayEquals(new double[] {2.25, Math.sqrt(1.5), 4, Math.sqrt(-2.0), 16, 2}, d.pow(e).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {2, 1.5, 2, 0.5, 4, 4}, d.maximum(e).toDoubleArray(), 0);
        assertArrayEquals(new double[] {-2.5, 0.5, -6, -3, 0, 3}, d.sub(e.mul(2)).toDoubleArray(), 0);
        assertArrayEquals(new double[] {0.75, -1, 2}, d.mul(0.5).add(-0.25).add(0.25).reshape(3).toDoubleArray(), 0);
        Tensor l = Tensor.of(-7L, 0L, 9L).reshape(3, 1);
        Tensor m = Tensor.of(2L, -3L);
        assertArrayEquals(new long[] {-9, -4, -2, 3, 7, 12}, l.sub(m).toLongArray());
        assertArrayEquals(new long[] {49, -343, 0, 0, 81, 729}, l.pow(m.abs()).toLongArray());
        assertArrayEquals(new long[] {-7, -7, 0, -3, 2, -3}, l.minimum(m).toLongArray());
        assertArrayEquals(new long[] {7, 0, -9}, l.neg().reshape(3).toLongArray());
        assertArrayEquals(new long[] {-11, 3, 21}, l.mul(2).add(3).reshape(3).toLongArray());
        assertEquals(DType.INT64, l.abs().dtype());
        assertEquals(DType.FLOAT32, l.exp().dtype(), "no int64 form: computed in float32");
    }

    @Test
    void gradientsStillRecordedOnTheFastPath() {
        Tensor a = Tensor.of(1f, -2f, 3f).requiresGrad(true);
        Tensor b = Tensor.of(4f, 5f, 6f).requiresGrad(true);
        a.mul(b).add(a).relu().sum().backward();
        // d/da relu(ab + a) = (b + 1)·[ab + a > 0], d/db = a·[ab + a > 0]; ab + a = 5, -12, 21
        assertArrayEquals(new float[] {5, 0, 7}, a.grad().toFloatArray(), 0f);
        assertArrayEquals(new float[] {1, 0, 3}, b.grad().toFloatArray(), 0f);
    }

    @Test
    void clampIsMinOfMaxForEveryTypeAndSize() {
        Generator g = new Generator(3);
        for (int n : new int[] {1, 7, 100, BIG}) {
            float[] x = Tensor.randn(g, n).mul(2).toFloatArray();
            x[n / 2] = Float.NaN;
            for (double[] bounds : new double[][] {{-0.5, 0.75}, {1, -1}}) {
                double lo = bounds[0];
                double hi = bounds[1];
                float[] expected = new float[n];
                for (int i = 0; i < n; i++) {
                    // PyTorch: min(max(x, lo), hi), so lo > hi gives hi; NaN stays NaN
                    expected[i] = Float.isNaN(x[i]) ? Float.NaN : (float) Math.min(Math.max(x[i], lo), hi);
                }
                Tensor t = Tensor.fromArray(x, n);
                assertArrayEquals(expected, t.clamp(lo, hi).toFloatArray(), 0f, n + " " + lo + " " + hi);
                double[] wide = new double[n];
                for (int i = 0; i < n; i++) {
                    wide[i] = expected[i];
                }
                assertArrayEquals(wide, t.to(DType.FLOAT64).clamp(lo, hi).toDoubleArray(), 1e-6, "float64");
            }
        }
        assertArrayEquals(new long[] {-2, -2, 0, 3, 3}, Tensor.of(-9L, -2L, 0L, 3L, 8L).clamp(-2.0, 3.0).toLongArray());
        Tensor x = Tensor.of(-1f, 0f, 0.5f, 1f, 2f).requiresGrad(true);
        x.clamp(0.0, 1.0).sum().backward();
        assertArrayEquals(new float[] {0, 1, 1, 1, 0}, x.grad().toFloatArray(), 0f, "the gradient passes at the bounds");
    }
}
