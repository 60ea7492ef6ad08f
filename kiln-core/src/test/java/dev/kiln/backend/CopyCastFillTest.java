package dev.kiln.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.backend.cpu.CpuBackend;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The copy, cast and fill primitives: {@link CpuBackend} against {@link ReferenceBackend} bit for bit
 * (they move values, they do not compute), and the tensor ops built on them ({@code contiguous()},
 * {@code to(dtype)}, {@code copy_}, {@code fill_}) on strided, broadcast and non-float layouts.
 */
class CopyCastFillTest {
    private static final Backend CPU = CpuBackend.INSTANCE;
    private static final Backend REF = ReferenceBackend.INSTANCE;
    private final Generator generator = new Generator(11);
    private final Random random = new Random(11);

    private float[] randoms(int n) {
        return Tensor.randn(generator, n).toFloatArray();
    }

    @Test
    void stridedCopyMatchesTheReference() {
        int l = CPU.lanes();
        int[][] shapes = {{}, {1}, {l + 1}, {3, 2 * l + 1}, {4, 1, 5, l - 1}, {2, 3, 4, 5}};
        for (int[] shape : shapes) {
            int rank = shape.length;
            // source: the shape's dimensions laid out in reverse order (a full permutation), one broadcast
            // dimension when the rank allows; destination: contiguous from an offset
            int[] srcStrides = new int[rank];
            int step = 1;
            for (int d = 0; d < rank; d++) {
                srcStrides[d] = step;
                step *= shape[d];
            }
            if (rank >= 2) {
                srcStrides[1] = 0;
            }
            int[] dstStrides = new int[rank];
            step = 1;
            for (int d = rank - 1; d >= 0; d--) {
                dstStrides[d] = step;
                step *= shape[d];
            }
            float[] src = randoms(step + 3);
            float[] cpu = new float[step + 2];
            float[] ref = new float[step + 2];
            CPU.copy(shape, src, srcStrides, 3, cpu, dstStrides, 2);
            REF.copy(shape, src, srcStrides, 3, ref, dstStrides, 2);
            assertArrayEquals(ref, cpu, "copy of shape " + java.util.Arrays.toString(shape));
            // and back the other way: a contiguous source scattered through a transposed destination
            float[] back = new float[step + 3];
            float[] backRef = new float[step + 3];
            int[] scatter = srcStrides.clone();
            if (rank >= 2) {
                scatter[1] = shape[0]; // distinct destination elements: (d0, d1, …) at d0 + d1·shape0 + …
                for (int d = 2; d < rank; d++) {
                    scatter[d] = scatter[d - 1] * shape[d - 1];
                }
            }
            CPU.copy(shape, ref, dstStrides, 2, back, scatter, 3);
            REF.copy(shape, ref, dstStrides, 2, backRef, scatter, 3);
            assertArrayEquals(backRef, back, "scatter of shape " + java.util.Arrays.toString(shape));
        }
    }

    @Test
    void aTransposeCopiesColumnsInRowMajorOrder() {
        float[] src = {0, 1, 2, 3, 4, 5}; // (2, 3) row-major; its transpose (3, 2) reads strides (1, 3)
        float[] dst = new float[6];
        CPU.copy(new int[] {3, 2}, src, new int[] {1, 3}, 0, dst, new int[] {2, 1}, 0);
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, dst);
    }

    @Test
    void castsAndFillMatchTheReference() {
        for (int n : new int[] {1, CPU.lanes() - 1, CPU.lanes() + 1, 1000, 2500}) {
            float[] f = randoms(n + 1);
            double[] wideCpu = new double[n + 2];
            double[] wideRef = new double[n + 2];
            CPU.cast(f, 1, wideCpu, 2, n);
            REF.cast(f, 1, wideRef, 2, n);
            assertArrayEquals(wideRef, wideCpu);
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = random.nextGaussian() * 1e3;
            }
            float[] narrowCpu = new float[n];
            float[] narrowRef = new float[n];
            CPU.cast(d, 0, narrowCpu, 0, n);
            REF.cast(d, 0, narrowRef, 0, n);
            assertArrayEquals(narrowRef, narrowCpu);
            assertEquals((float) d[n - 1], narrowCpu[n - 1]);
            float[] fillCpu = new float[n + 2];
            float[] fillRef = new float[n + 2];
            CPU.fill(fillCpu, 1, n, 2.5f);
            REF.fill(fillRef, 1, n, 2.5f);
            assertArrayEquals(fillRef, fillCpu);
            assertEquals(0f, fillCpu[0]);
            assertEquals(0f, fillCpu[n + 1]);
            assertEquals(2.5f, fillCpu[n]);
        }
    }

    /** One array of each storage type, n elements from offset 1, with the values that test each conversion. */
    private Object[] everyType(int n) {
        float[] f = new float[n + 1];
        double[] d = new double[n + 1];
        long[] l = new long[n + 1];
        boolean[] b = new boolean[n + 1];
        double[] special = {0, -0.0, 0.5, -1.5, 2.7, Double.NaN, 1e30, -3, (1L << 60) + (1L << 36) + 1};
        for (int i = 1; i <= n; i++) {
            double v = i < special.length ? special[i] : random.nextGaussian() * 1e3;
            f[i] = (float) v;
            d[i] = v;
            l[i] = i < special.length ? (long) v : random.nextLong() >> random.nextInt(64);
            b[i] = random.nextBoolean();
        }
        return new Object[] {f, d, l, b};
    }

    @Test
    void castsBetweenEveryPairOfTypesMatchTheReference() {
        for (int n : new int[] {1, 9, CPU.lanes() + 1, 2500}) { // 2500: several float64 blocks of the CPU's cast
            Object[] sources = everyType(n);
            for (Object src : sources) {
                for (Object like : sources) {
                    Object cpu = java.lang.reflect.Array.newInstance(like.getClass().componentType(), n + 2);
                    Object ref = java.lang.reflect.Array.newInstance(like.getClass().componentType(), n + 2);
                    CPU.cast(src, 1, cpu, 2, n);
                    REF.cast(src, 1, ref, 2, n);
                    String what = src.getClass().getSimpleName() + " → " + like.getClass().getSimpleName() + " n=" + n;
                    assertTrue(java.util.Objects.deepEquals(new Object[] {ref}, new Object[] {cpu}), what);
                }
            }
        }
        // the conversions themselves, as PyTorch's: truncation toward zero, non-zero (NaN too) is true, one rounding from int64
        long big = (1L << 60) + (1L << 36) + 1;
        long[] l = new long[3];
        CPU.cast(new float[] {-1.5f, 2.7f, -0.5f}, 0, l, 0, 3);
        assertArrayEquals(new long[] {-1, 2, 0}, l);
        boolean[] b = new boolean[3];
        CPU.cast(new double[] {0, Double.NaN, -0.0}, 0, b, 0, 3);
        assertArrayEquals(new boolean[] {false, true, false}, b);
        float[] f = new float[2];
        CPU.cast(new long[] {big, -big}, 0, f, 0, 2);
        assertArrayEquals(new float[] {(float) big, (float) -big}, f);
        double[] d = new double[2];
        CPU.cast(new boolean[] {true, false}, 0, d, 0, 2);
        assertArrayEquals(new double[] {1, 0}, d);
    }

    @Test
    void fillWritesEveryTypeConverted() {
        for (Backend backend : new Backend[] {CPU, REF}) {
            long[] l = new long[4];
            backend.fill(l, 1, 2, -2.7);
            assertArrayEquals(new long[] {0, -2, -2, 0}, l);
            boolean[] b = new boolean[3];
            backend.fill(b, 0, 2, 0.5);
            assertArrayEquals(new boolean[] {true, true, false}, b);
            double[] d = new double[2];
            backend.fill(d, 0, 2, 0.1);
            assertArrayEquals(new double[] {0.1, 0.1}, d);
            assertThrows(IllegalArgumentException.class, () -> backend.fill(new int[2], 0, 2, 1));
            assertThrows(IllegalArgumentException.class, () -> backend.cast(new int[2], 0, new float[2], 0, 2));
        }
    }

    @Test
    void tensorCopiesAndCastsOfEveryTypeFollowPyTorch() {
        Tensor x = Tensor.arange(6).reshape(2, 3); // int64
        assertArrayEquals(new long[] {0, 3, 1, 4, 2, 5}, x.t().contiguous().toLongArray());
        assertArrayEquals(new double[] {0, 3, 1, 4, 2, 5}, x.t().to(DType.FLOAT64).toDoubleArray());
        assertArrayEquals(new boolean[] {false, true, true, true, true, true}, x.to(DType.BOOL).toBooleanArray());
        Tensor f = Tensor.fromArray(new float[] {-1.5f, 2.7f, 0f, 0.25f}, 2, 2);
        assertArrayEquals(new long[] {-1, 0, 2, 0}, f.t().to(DType.INT64).toLongArray(), "truncation toward zero");
        assertArrayEquals(new float[] {-1.5f, 0f, 2.7f, 0.25f}, f.t().to(DType.FLOAT64).to(DType.FLOAT32).toFloatArray());
        // int64 → float32 rounds once: 2^60 + 2^36 + 1 is above the midpoint between two floats
        long big = (1L << 60) + (1L << 36) + 1;
        assertEquals((float) big, Tensor.fromArray(new long[] {big}, 1).to(DType.FLOAT32).toFloatArray()[0]);

        Tensor target = Tensor.zeros(DType.INT64, 3, 2);
        target.t().copy_(Tensor.fromArray(new long[] {7, 8, 9}, 3)); // broadcast over rows, through a transpose
        assertArrayEquals(new long[] {7, 7, 8, 8, 9, 9}, target.toLongArray());
        Tensor flags = Tensor.zeros(DType.BOOL, 2, 2);
        flags.select(1, 0).fill_(1);
        assertArrayEquals(new boolean[] {true, false, true, false}, flags.toBooleanArray());
        Tensor g = Tensor.zeros(2, 3);
        g.narrow(1, 1, 2).copy_(Tensor.fromArray(new double[] {1, 2}, 2));
        assertArrayEquals(new float[] {0, 1, 2, 0, 1, 2}, g.toFloatArray());
        assertArrayEquals(new float[] {4, 4}, Tensor.full(4, 2).toFloatArray());
    }

    @Test
    void indexedMovesAndSelectionWorkForEveryType() {
        Tensor cond = Tensor.fromArray(new boolean[] {true, false, true}, 3);
        Tensor ints = Tensor.fromArray(new long[] {1, 2, 3}, 3);
        assertArrayEquals(new long[] {1, -1, 3}, Tensor.where(cond, ints, Tensor.scalar(DType.INT64, -1)).toLongArray());
        Tensor all = Tensor.fromArray(new boolean[] {false}, 1);
        assertArrayEquals(new boolean[] {true, true, true},
                Tensor.where(all, Tensor.zeros(DType.BOOL, 3), Tensor.ones(DType.BOOL, 3)).toBooleanArray());
        assertArrayEquals(new double[] {7, 2.5, 7},
                Tensor.where(cond, Tensor.scalar(DType.FLOAT64, 7), Tensor.fromArray(new double[] {2.5, 2.5, 2.5}, 3))
                        .toDoubleArray());
        // gather / scatter along dim 1 of a (2, 3) int64 tensor
        Tensor x = Tensor.arange(6).reshape(2, 3);
        Tensor index = Tensor.fromArray(new long[] {2, 0, 1, 1}, 2, 2);
        assertArrayEquals(new long[] {2, 0, 4, 4}, x.gather(1, index).toLongArray());
        assertArrayEquals(new long[] {9, 1, 9, 9, 4, 5}, x.scatter(1, Tensor.fromArray(new long[] {0, 2, 0, 0}, 2, 2), 9)
                .toLongArray());
        assertArrayEquals(new long[] {0, 1 + 10 + 20, 2, 3, 4 + 30 + 40, 5},
                x.scatterAdd(1, index.mul(0).add(1), Tensor.fromArray(new long[] {10, 20, 30, 40}, 2, 2)).toLongArray());
        assertArrayEquals(new long[] {0, 1, 3, 3, 7, 12}, x.cumsum(1).toLongArray());
        assertArrayEquals(new float[] {3, 5, 7, 3, 4, 5}, x.to(DType.FLOAT32).flip(0).cumsum(0).flip(0).toFloatArray());
    }
}
