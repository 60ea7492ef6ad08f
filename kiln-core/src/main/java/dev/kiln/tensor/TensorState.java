package dev.kiln.tensor;

import dev.kiln.autograd.internal.AutogradMeta;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import dev.kiln.tensor.ops.Cast;

/**
 * The root of {@link Tensor}: what a tensor <em>is</em> — a {@link Storage} (a Java array and a
 * version counter), a shape, strides and a storage offset, and the tensor it is a view of — with
 * the methods that read that layout and single elements.
 *
 * <p>{@code Tensor}'s public methods are spread over a chain of package-private layers, one concept
 * each, every method a one-line call into {@code tensor.ops} (where the computation and its backward
 * live):
 * {@code TensorState} ← {@link TensorAutograd} ← {@link TensorCreation} ← {@link TensorViews} ←
 * {@link TensorArithmetic} ← {@link TensorComparisons} ← {@link TensorReductions} ←
 * {@link TensorIndexing} ← {@link TensorInPlace} ← {@code public final class Tensor}.
 * The layers are sealed, so {@code Tensor} is the only concrete class and the only type users see;
 * their public methods are {@code Tensor}'s public methods (javadoc documents them on {@code Tensor}).
 * Inside a layer, {@link #self()} is this tensor typed as {@code Tensor}, to hand it to the ops.
 *
 * <p>This layer also hands the library its {@link TensorInternals} access (storage, raw
 * construction, autograd state) once, when the class is initialised.
 */
abstract sealed class TensorState permits TensorAutograd {
    static {
        // the CPU backend checks, when it is initialised, that the JVM has the Vector API its kernels use:
        // initialising it here, before any kernel runs, makes a missing module one clear sentence
        dev.kiln.backend.Device.CPU.backend();
        TensorInternals.grant(new Internals());
    }

    // the layout, read directly by the layers above (never written after construction)
    final Storage storage;
    final int[] shape;
    final int[] strides;
    final int offset;
    /** The tensor this one is a view of (null for a tensor that owns its storage layout). */
    final Tensor base;

    TensorState(Storage storage, int[] shape, int[] strides, int offset, Tensor base) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.base = base;
    }

    /** {@return this tensor as the {@code Tensor} it is (every layer is a {@code Tensor})} */
    final Tensor self() {
        return (Tensor) this;
    }

    // ------------------------------------------------------------------ library-internal access

    /** What the library's kernels and engine may do with a tensor (see {@link TensorInternals}). */
    private static final class Internals implements TensorInternals.Access {
        @Override
        public Tensor wrap(Storage storage, int[] shape, int[] strides, int offset) {
            return new Tensor(storage, shape, strides, offset, null);
        }

        @Override
        public Tensor viewOf(Tensor t, int[] shape, int[] strides, int offset) {
            return new Tensor(t.storage, shape, strides, offset, t.base == null ? t : t.base);
        }

        @Override
        public Storage storage(Tensor t) {
            return t.storage;
        }

        @Override
        public AutogradMeta autograd(Tensor t, boolean create) {
            return t.autogradMeta(create);
        }
    }

    // ------------------------------------------------------------------ layout and metadata

    /**
     * {@return the element type}
     */
    public DType dtype() {
        return storage.dtype();
    }

    /**
     * {@return a copy of the shape}
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * {@return the size of dimension {@code dim} (negative counts from the end)}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     */
    public int size(int dim) {
        return shape[Shape.wrapDim("size", dim, shape.length)];
    }

    /**
     * {@return the number of dimensions}
     */
    public int dim() {
        return shape.length;
    }

    /**
     * {@return the number of elements}
     */
    public int numel() {
        return Shape.numel(shape);
    }

    /**
     * {@return a copy of the strides, in elements}
     */
    public int[] strides() {
        return strides.clone();
    }

    /**
     * {@return the storage offset of element [0, …, 0]}
     */
    public int offset() {
        return offset;
    }

    /**
     * {@return true when this tensor and {@code other} share one storage (one is a view of the other, or
     * both view the same tensor), as {@code a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()}
     * tells in PyTorch: a write through one is then seen through the other}
     *
     * @param other the tensor to compare with
     */
    public boolean sharesStorage(Tensor other) {
        return storage == other.storage;
    }

    /**
     * {@return the device this tensor's storage lives on; ops compute on it through
     * {@code device().backend()}}
     */
    public dev.kiln.backend.Device device() {
        return storage.device();
    }

    /**
     * {@return the tensor this is a view of, or null}
     */
    public Tensor base() {
        return base;
    }

    /**
     * {@return true when the elements are laid out densely in row-major order (size-1 dimensions ignored)}
     */
    public boolean isContiguous() {
        if (numel() == 0) {
            return true;
        }
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] == 1) {
                continue;
            }
            if (strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /**
     * {@return the in-place version counter of the storage}
     */
    public int version() {
        return storage.version();
    }

    // ------------------------------------------------------------------ element access

    /**
     * {@return the value of a one-element tensor as a double}
     */
    public double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: only a one-element tensor can be converted to a number, this one has shape "
                    + Shape.str(shape));
        }
        return getDouble(new int[shape.length]);
    }

    /**
     * {@return the element at {@code index} (one index per dimension, negative counts from the end)}
     *
     * @param index the index along each dimension, one per dimension, negative counting from the end
     */
    public double getDouble(int... index) {
        int p = position("getDouble", index);
        return switch (dtype()) {
            case FLOAT32 -> storage.floats()[p];
            case FLOAT64 -> storage.doubles()[p];
            case INT64 -> storage.longs()[p];
            case BOOL -> storage.booleans()[p] ? 1 : 0;
        };
    }

    /**
     * {@return the element at {@code index} as a float}
     *
     * @param index the index along each dimension, one per dimension, negative counting from the end
     */
    public float getFloat(int... index) {
        return (float) getDouble(index);
    }

    /**
     * {@return the element at {@code index} as a long}
     *
     * @param index the index along each dimension, one per dimension, negative counting from the end
     */
    public long getLong(int... index) {
        int p = position("getLong", index);
        return dtype() == DType.INT64 ? storage.longs()[p] : (long) getDouble(index);
    }

    /**
     * Writes one element in place (bumps the version).
     *
     * @param value the value stored, converted to this tensor's dtype
     * @param index the index along each dimension, one per dimension, negative counting from the end
     * @return this tensor, modified
     */
    public Tensor set(double value, int... index) {
        int p = position("set", index);
        switch (dtype()) {
            case FLOAT32 -> storage.floats()[p] = (float) value;
            case FLOAT64 -> storage.doubles()[p] = value;
            case INT64 -> storage.longs()[p] = (long) value;
            case BOOL -> storage.booleans()[p] = value != 0;
        }
        storage.bumpVersion();
        return self();
    }

    private int position(String op, int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException(op + ": " + index.length + " indices given for a tensor of shape "
                    + Shape.str(shape));
        }
        int p = offset;
        for (int d = 0; d < index.length; d++) {
            int i = index[d];
            if (i < -shape[d] || i >= shape[d]) {
                throw new IndexOutOfBoundsException(op + ": index " + i + " is out of bounds for dimension " + d
                        + " with size " + shape[d]);
            }
            p += (i < 0 ? i + shape[d] : i) * strides[d];
        }
        return p;
    }

    /**
     * {@return the elements in row-major order as floats (a copy)}
     */
    public float[] toFloatArray() {
        return Cast.toFloatArray(self());
    }

    /**
     * {@return the elements in row-major order as doubles (a copy)}
     */
    public double[] toDoubleArray() {
        return Cast.toDoubleArray(self());
    }

    /**
     * {@return the elements in row-major order as longs (a copy)}
     */
    public long[] toLongArray() {
        return Cast.toLongArray(self());
    }

    /**
     * {@return the elements in row-major order as booleans (a copy; non-zero is true)}
     */
    public boolean[] toBooleanArray() {
        return Cast.toBooleanArray(self());
    }
}
