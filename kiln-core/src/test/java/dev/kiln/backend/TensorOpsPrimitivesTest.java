package dev.kiln.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.backend.cpu.CpuBackend;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Shape;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The primitives the tensor ops use besides arithmetic — thread settings, {@link Backend#parallelFor},
 * {@link Backend#forEachRow} and the strided {@link Backend#copy(int[], Object, int[], int, Object, int[], int)
 * copy of any element type} — {@link CpuBackend} against {@link ReferenceBackend}.
 */
class TensorOpsPrimitivesTest {
    private static final Backend CPU = CpuBackend.INSTANCE;
    private static final Backend REF = ReferenceBackend.INSTANCE;
    private final Random random = new Random(5);

    /** A layout: a shape, strides for two inputs (one permuted, one broadcast) and offsets. */
    private record Layout(int[] shape, int[] sa, int aOffset, int[] sb, int bOffset, int aLength, int bLength) {
    }

    /**
     * Input a: the dimensions laid out in reverse order (a transpose of every pair), from offset 2; input b:
     * contiguous in a shape with every other dimension 1, broadcast to {@code shape} (stride 0), from offset 1.
     */
    private static Layout layout(int[] shape) {
        int rank = shape.length;
        int[] reversed = new int[rank];
        for (int d = 0; d < rank; d++) {
            reversed[d] = shape[rank - 1 - d];
        }
        int[] reversedStrides = Shape.contiguousStrides(reversed);
        int[] sa = new int[rank];
        for (int d = 0; d < rank; d++) {
            sa[d] = reversedStrides[rank - 1 - d];
        }
        int[] bShape = shape.clone();
        for (int d = 1; d < rank; d += 2) {
            bShape[d] = 1;
        }
        int[] sb = Shape.broadcastStrides(bShape, Shape.contiguousStrides(bShape), shape);
        return new Layout(shape, sa, 2, sb, 1, Shape.numel(shape) + 2, Shape.numel(bShape) + 1);
    }

    private static final int[][] SHAPES = {{}, {0}, {1}, {7}, {3, 0, 2}, {3, 5}, {2, 1, 4}, {4, 3, 2, 5}, {1, 1, 9}};

    private float[] floats(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    /** out = a + 10·b over a layout, through a backend's row walk: every output element once, at its row-major index. */
    private static float[] walk(Backend backend, Layout l, float[] a, float[] b) {
        int n = Shape.numel(l.shape());
        float[] out = new float[n];
        int[] visits = new int[n];
        backend.forEachRow(l.shape(), l.sa(), l.aOffset(), l.sb(), l.bOffset(), (ao, as, bo, bs, oo, len) -> {
            for (int i = 0; i < len; i++) {
                out[oo + i] = a[ao + i * as] + 10 * b[bo + i * bs];
                visits[oo + i]++;
            }
        });
        for (int v : visits) {
            assertEquals(1, v, "each output element is visited once");
        }
        return out;
    }

    @Test
    void rowWalksMatchTheReference() {
        for (int[] shape : SHAPES) {
            Layout l = layout(shape);
            float[] a = floats(l.aLength());
            float[] b = floats(l.bLength());
            float[] ref = walk(REF, l, a, b);
            assertArrayEquals(ref, walk(CPU, l, a, b), "shape " + Arrays.toString(shape));
        }
        // rank 0: one row of one element at the offsets
        float[] one = walk(CPU, layout(new int[0]), new float[] {0, 0, 3}, new float[] {0, 4});
        assertArrayEquals(new float[] {43}, one);
    }

    @Test
    void aContiguousOperandIsOneRowOnTheCpu() {
        int[] rows = {0};
        CPU.forEachRow(new int[] {3, 4, 5}, new int[] {20, 5, 1}, 0, new int[] {20, 5, 1}, 0, (ao, as, bo, bs, oo, n) -> {
            rows[0]++;
            assertEquals(60, n);
        });
        assertEquals(1, rows[0]);
    }

    @Test
    void stridedCopiesOfEveryElementTypeMatchTheReference() {
        for (int[] shape : SHAPES) {
            Layout l = layout(shape);
            int n = l.aLength();
            double[] d = new double[n];
            long[] j = new long[n];
            boolean[] z = new boolean[n];
            for (int i = 0; i < n; i++) {
                d[i] = random.nextGaussian();
                j[i] = random.nextLong();
                z[i] = random.nextBoolean();
            }
            // read through a's permuted strides into a contiguous destination from offset 1
            int[] dense = Shape.contiguousStrides(shape);
            int step = Shape.numel(shape);
            for (Object src : new Object[] {d, j, z}) {
                Object cpu = java.lang.reflect.Array.newInstance(src.getClass().componentType(), step + 1);
                Object ref = java.lang.reflect.Array.newInstance(src.getClass().componentType(), step + 1);
                CPU.copy(shape, src, l.sa(), l.aOffset(), cpu, dense, 1);
                REF.copy(shape, src, l.sa(), l.aOffset(), ref, dense, 1);
                assertTrue(java.util.Objects.deepEquals(ref, cpu), src.getClass().getSimpleName() + " " + Arrays.toString(shape));
            }
        }
        // a transpose of a (2, 3) int64 matrix
        long[] t = new long[6];
        CPU.copy(new int[] {3, 2}, new long[] {0, 1, 2, 3, 4, 5}, new int[] {1, 3}, 0, t, new int[] {2, 1}, 0);
        assertArrayEquals(new long[] {0, 3, 1, 4, 2, 5}, t);
        for (Backend backend : new Backend[] {CPU, REF}) {
            assertThrows(IllegalArgumentException.class,
                    () -> backend.copy(new int[] {2}, new int[] {1, 2}, new int[] {0}, 0, new int[2], new int[] {1}, 0));
        }
    }

    @Test
    void parallelForCoversTheRangeOnceWithTheSameResultAsTheReference() {
        for (int count : new int[] {0, 1, 1000, 1 << 17}) {
            for (int itemCost : new int[] {1, 64}) {
                double[] ref = new double[count];
                double[] cpu = new double[count];
                AtomicIntegerArray visits = new AtomicIntegerArray(count);
                REF.parallelFor(count, itemCost, (lo, hi) -> {
                    for (int i = lo; i < hi; i++) {
                        ref[i] = Math.sin(i);
                    }
                });
                Kiln.withNumThreads(2, () -> CPU.parallelFor(count, itemCost, (lo, hi) -> {
                    for (int i = lo; i < hi; i++) {
                        cpu[i] = Math.sin(i);
                        visits.incrementAndGet(i);
                    }
                }));
                assertArrayEquals(ref, cpu);
                for (int i = 0; i < count; i++) {
                    assertEquals(1, visits.get(i), "item " + i + " of " + count);
                }
            }
        }
    }

    @Test
    void threadSettingsGoThroughTheBackend() {
        int global = CPU.threads();
        assertEquals(global, Kiln.numThreads());
        CPU.withThreads(1, () -> {
            assertEquals(1, CPU.threads());
            assertEquals(1, Kiln.numThreads());
            assertThrows(IllegalStateException.class, () -> CPU.setThreads(3), "the global setting is refused inside a budget");
        });
        assertEquals(global, CPU.threads());
        assertEquals(1, REF.threads());
        int[] ran = {0};
        REF.withThreads(4, () -> ran[0]++);
        assertEquals(1, ran[0]);
        for (Backend backend : new Backend[] {CPU, REF}) {
            assertThrows(IllegalArgumentException.class, () -> backend.setThreads(0));
            assertThrows(IllegalArgumentException.class, () -> backend.withThreads(0, () -> { }));
        }
    }
}
