package dev.kiln.tensor.ops;

import dev.kiln.backend.Backend;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;

/**
 * The copy, cast and fill behind {@code contiguous()}, {@code to(dtype)}, {@code copy_}, {@code fill_}
 * and the factories, for every dtype through the tensor's {@link Backend} ({@link Backend#copy},
 * {@link Backend#cast}, {@link Backend#fill}, which take the storage's array whatever its element type).
 */
final class Copies {
    private Copies() {
    }

    /** {@return a fresh contiguous storage holding the elements of {@code x} (any layout) in row-major order} */
    static Storage gathered(Tensor x) {
        int[] shape = x.shape();
        Storage out = Storage.allocate(x.dtype(), x.numel());
        x.device().backend().copy(shape, TensorInternals.storage(x).array(), x.strides(), x.offset(), out.array(),
                Shape.contiguousStrides(shape), 0);
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
        Storage out = Storage.allocate(type, dense.length());
        x.device().backend().cast(dense.array(), 0, out.array(), 0, dense.length());
        return out;
    }

    /**
     * Writes {@code value} (broadcast to {@code self}'s shape, of {@code self}'s dtype) through
     * {@code self}'s strides.
     */
    static void write(Tensor self, Tensor value) {
        int[] shape = self.shape();
        self.device().backend().copy(shape, TensorInternals.storage(value).array(),
                Shape.broadcastStrides(value.shape(), value.strides(), shape), value.offset(), TensorInternals.storage(self).array(),
                self.strides(), self.offset());
    }
}
