package dev.kiln.tensor.ops;

import dev.kiln.backend.Backend;
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
 * element types move with the backend's strided copy of any array type, and every conversion is value → float64 →
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

    private static void copy(Backend backend, int[] shape, Storage src, int[] srcStrides, int srcOffset, Storage dst,
            int[] dstStrides, int dstOffset) {
        if (src.dtype() == DType.FLOAT32) {
            backend.copy(shape, src.floats(), srcStrides, srcOffset, dst.floats(), dstStrides, dstOffset);
        } else {
            backend.copy(shape, src.array(), srcStrides, srcOffset, dst.array(), dstStrides, dstOffset);
        }
    }
}
