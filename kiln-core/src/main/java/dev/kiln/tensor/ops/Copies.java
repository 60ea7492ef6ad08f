package dev.kiln.tensor.ops;

import dev.kiln.backend.Backend;
import dev.kiln.backend.cpu.Strided;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.Arrays;

/**
 * The copy, cast and fill loops behind {@code contiguous()}, {@code to(dtype)}, {@code copy_},
 * {@code fill_} and the factories, written once for every dtype: float32 goes through the tensor's
 * {@link Backend} ({@link Backend#copy}, {@link Backend#cast}, {@link Backend#fill}); the other
 * element types move with one generic strided copy, and every conversion is value → float64 →
 * value (exact for every pair, int64 → float32 rounded once, directly).
 */
final class Copies {
    private Copies() {
    }

    /** {@return a fresh contiguous storage holding the elements of {@code x} (any layout) in row-major order} */
    static Storage gathered(Tensor x) {
        int[] shape = x.shape();
        Storage out = Storage.allocate(x.dtype(), x.numel());
        copy(x.device().backend(), shape, TensorInternals.storage(x), x.strides(), x.offset(), out, Shape.contiguousStrides(shape),
                0);
        return out;
    }

    /**
     * {@return a fresh contiguous storage of {@code type} holding the elements of {@code x}, converted
     * as PyTorch casts: floats truncate toward zero into int64, non-zero is true, true is 1}
     *
     * @param x any tensor
     * @param type the element type of the result
     */
    static Storage converted(Tensor x, DType type) {
        Storage dense = gathered(x);
        if (x.dtype() == type) {
            return dense;
        }
        Backend backend = x.device().backend();
        int n = dense.length();
        if (x.dtype() == DType.INT64 && type == DType.FLOAT32) {
            long[] l = dense.longs();
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = l[i]; // one rounding, not two through float64
            }
            return Storage.wrap(f);
        }
        double[] wide = widened(backend, dense);
        return switch (type) {
            case FLOAT64 -> Storage.wrap(wide);
            case FLOAT32 -> {
                float[] f = new float[n];
                backend.cast(wide, 0, f, 0, n);
                yield Storage.wrap(f);
            }
            case INT64 -> {
                long[] l = new long[n];
                Arrays.setAll(l, i -> (long) wide[i]);
                yield Storage.wrap(l);
            }
            case BOOL -> {
                boolean[] b = new boolean[n];
                for (int i = 0; i < n; i++) {
                    b[i] = wide[i] != 0;
                }
                yield Storage.wrap(b);
            }
        };
    }

    /**
     * {@return a new tensor of {@code shape} and {@code type} holding {@code values} (computed in
     * float64), converted as {@link #converted} does; the array itself when the type is float64}
     */
    static Tensor fromFloat64(double[] values, int[] shape, DType type) {
        Tensor wide = TensorInternals.wrap(Storage.wrap(values), shape);
        return type == DType.FLOAT64 ? wide : TensorInternals.wrap(converted(wide, type), shape);
    }

    /** The elements of a contiguous storage as float64 (the storage's own array when it is float64). */
    private static double[] widened(Backend backend, Storage s) {
        int n = s.length();
        double[] d = s.dtype() == DType.FLOAT64 ? s.doubles() : new double[n];
        switch (s.dtype()) {
            case FLOAT64 -> {
            }
            case FLOAT32 -> backend.cast(s.floats(), 0, d, 0, n);
            case INT64 -> {
                long[] l = s.longs();
                Arrays.setAll(d, i -> l[i]);
            }
            case BOOL -> {
                boolean[] b = s.booleans();
                Arrays.setAll(d, i -> b[i] ? 1 : 0);
            }
        }
        return d;
    }

    /**
     * Writes {@code value} (broadcast to {@code self}'s shape, of {@code self}'s dtype) through
     * {@code self}'s strides.
     */
    static void write(Tensor self, Tensor value) {
        int[] shape = self.shape();
        copy(self.device().backend(), shape, TensorInternals.storage(value),
                Shape.broadcastStrides(value.shape(), value.strides(), shape), value.offset(), TensorInternals.storage(self),
                self.strides(), self.offset());
    }

    /** Sets {@code n} elements of {@code s} from {@code offset} to {@code value}, converted to its dtype. */
    static void fill(Backend backend, Storage s, int offset, int n, double value) {
        int to = offset + n;
        switch (s.dtype()) {
            case FLOAT32 -> backend.fill(s.floats(), offset, n, (float) value);
            case FLOAT64 -> Arrays.fill(s.doubles(), offset, to, value);
            case INT64 -> Arrays.fill(s.longs(), offset, to, (long) value);
            case BOOL -> Arrays.fill(s.booleans(), offset, to, value != 0);
        }
    }

    /**
     * Indexed move: dst[dstMap[i]] = src[srcOffset + srcMap[i]] for i in order (a later i wins a
     * repeated destination), between storages of one dtype: a typed loop for float32, element moves
     * for the other types.
     */
    static void move(Storage src, int srcOffset, int[] srcMap, Storage dst, int[] dstMap) {
        if (src.dtype() == DType.FLOAT32) {
            float[] s = src.floats();
            float[] d = dst.floats();
            for (int i = 0; i < dstMap.length; i++) {
                d[dstMap[i]] = s[srcOffset + srcMap[i]];
            }
        } else {
            for (int i = 0; i < dstMap.length; i++) {
                System.arraycopy(src.array(), srcOffset + srcMap[i], dst.array(), dstMap[i], 1);
            }
        }
    }

    /**
     * Element-wise choice: out[i] = c[co + i·cs] ? a[ao + i·as] : b[bo + i·bs] for i in [0, n), each
     * step 0 (one element read for all) or 1, between storages of one dtype.
     */
    static void select(boolean[] c, int co, int cs, Storage a, int ao, int as, Storage b, int bo, int bs, Storage out, int n) {
        if (out.dtype() == DType.FLOAT32) {
            float[] x = a.floats();
            float[] y = b.floats();
            float[] r = out.floats();
            for (int i = 0; i < n; i++) {
                r[i] = c[co + i * cs] ? x[ao + i * as] : y[bo + i * bs];
            }
        } else {
            for (int i = 0; i < n; i++) {
                boolean first = c[co + i * cs];
                System.arraycopy(first ? a.array() : b.array(), first ? ao + i * as : bo + i * bs, out.array(), i, 1);
            }
        }
    }

    private static void copy(Backend backend, int[] shape, Storage src, int[] srcStrides, int srcOffset, Storage dst,
            int[] dstStrides, int dstOffset) {
        if (src.dtype() == DType.FLOAT32) {
            backend.copy(shape, src.floats(), srcStrides, srcOffset, dst.floats(), dstStrides, dstOffset);
        } else {
            Strided.copy(shape, src.array(), srcStrides, srcOffset, dst.array(), dstStrides, dstOffset);
        }
    }
}
