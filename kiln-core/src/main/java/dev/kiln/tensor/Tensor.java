package dev.kiln.tensor;

import dev.kiln.autograd.Autograd;
import dev.kiln.autograd.GradOptions;
import dev.kiln.autograd.Node;
import dev.kiln.autograd.internal.AutogradMeta;
import dev.kiln.autograd.Trace;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import dev.kiln.tensor.ops.BinaryOps;
import dev.kiln.tensor.ops.Cast;
import dev.kiln.tensor.ops.Comparison;
import dev.kiln.tensor.ops.Cumulative;
import dev.kiln.tensor.ops.Factory;
import dev.kiln.tensor.ops.InPlace;
import dev.kiln.tensor.ops.Indexing;
import dev.kiln.tensor.ops.Join;
import dev.kiln.tensor.ops.MatMul;
import dev.kiln.tensor.ops.MaxMin;
import dev.kiln.tensor.ops.Rearrange;
import dev.kiln.tensor.ops.Reductions;
import dev.kiln.tensor.ops.Sorting;
import dev.kiln.tensor.ops.Statistics;
import dev.kiln.tensor.ops.UnaryFunction;
import dev.kiln.tensor.ops.UnaryOps;
import dev.kiln.tensor.ops.Views;
import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional array with PyTorch semantics: a {@link Storage}, a shape, strides and a storage
 * offset. Views ({@link #view}, {@link #transpose}, {@link #narrow}, {@link #expand} …) share
 * storage; {@link #contiguous()} copies only when needed. Operations broadcast with NumPy rules.
 *
 * <p>When grad mode is on and an input {@link #requiresGrad() requires grad}, each operation
 * records a node, and {@link #backward()} fills the {@link #grad()} of the leaves.
 *
 * <pre>{@code
 * Tensor x = Tensor.ones(2, 2).requiresGrad(true);
 * Tensor y = x.add(2);
 * Tensor out = y.mul(y).mul(3).mean();
 * out.backward();
 * x.grad();   // tensor([[4.5, 4.5], [4.5, 4.5]])
 * }</pre>
 */
public final class Tensor {
    static {
        // before any kernel touches the Vector API: one clear sentence if the JVM lacks it
        dev.kiln.backend.cpu.VectorModule.require();
        TensorInternals.grant(new Internals());
    }

    private final Storage storage;
    private final int[] shape;
    private final int[] strides;
    private final int offset;
    /** The tensor this one is a view of (null for a tensor that owns its storage layout). */
    private final Tensor base;
    /** The autograd state (requires_grad, grad, grad_fn, …); null until this tensor meets autograd. */
    private AutogradMeta autograd;

    private Tensor(Storage storage, int[] shape, int[] strides, int offset, Tensor base) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.base = base;
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
            if (t.autograd == null && create) {
                t.autograd = new AutogradMeta(t);
            }
            return t.autograd;
        }
    }

    /** A contiguous tensor over a fresh {@code storage} holding exactly {@code shape}'s elements. */
    private static Tensor over(Storage storage, int... shape) {
        return new Tensor(storage, shape.clone(), Shape.contiguousStrides(shape), 0, null);
    }

    /**
     * {@return a new zero-filled contiguous tensor}
     *
     * @param dtype the element type of the result
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor empty(DType dtype, int... shape) {
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("empty: negative dimension in shape " + Shape.str(shape));
            }
        }
        return new Tensor(Storage.allocate(dtype, Shape.numel(shape)), shape.clone(), Shape.contiguousStrides(shape), 0, null);
    }

    // ------------------------------------------------------------------ creation

    /**
     * {@return a 1-D float32 tensor holding {@code values}}
     *
     * @param values the elements, in order; copied
     */
    public static Tensor of(float... values) {
        return over(Storage.wrap(values.clone()), values.length);
    }

    /**
     * {@return a 1-D float64 tensor holding {@code values}}
     *
     * @param values the elements, in order; copied
     */
    public static Tensor of(double... values) {
        return over(Storage.wrap(values.clone()), values.length);
    }

    /**
     * {@return a 1-D int64 tensor holding {@code values}}
     *
     * @param values the elements, in order; copied
     */
    public static Tensor of(long... values) {
        return over(Storage.wrap(values.clone()), values.length);
    }

    /**
     * {@return a 1-D bool tensor holding {@code values}}
     *
     * @param values the elements, in order; copied
     */
    public static Tensor of(boolean... values) {
        return over(Storage.wrap(values.clone()), values.length);
    }

    /**
     * {@return a 2-D float32 tensor from rows of equal length}
     *
     * @param rows the rows, all of the same length; copied
     */
    public static Tensor of(float[][] rows) {
        return Factory.fromNested(rows, DType.FLOAT32);
    }

    /**
     * {@return a 2-D float64 tensor from rows of equal length}
     *
     * @param rows the rows, all of the same length; copied
     */
    public static Tensor of(double[][] rows) {
        return Factory.fromNested(rows, DType.FLOAT64);
    }

    /**
     * {@return a 3-D float32 tensor from nested arrays of equal lengths}
     *
     * @param values the elements, in order; copied
     */
    public static Tensor of(float[][][] values) {
        return Factory.fromNested(values, DType.FLOAT32);
    }

    /**
     * {@return a float32 tensor of {@code shape} holding a copy of {@code data} (row-major)}
     *
     * @param data the elements in row-major order, exactly as many as {@code shape} holds; copied
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor fromArray(float[] data, int... shape) {
        checkLength("fromArray", data.length, shape);
        return over(Storage.wrap(data.clone()), shape);
    }

    /**
     * {@return a float64 tensor of {@code shape} holding a copy of {@code data} (row-major)}
     *
     * @param data the elements in row-major order, exactly as many as {@code shape} holds; copied
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor fromArray(double[] data, int... shape) {
        checkLength("fromArray", data.length, shape);
        return over(Storage.wrap(data.clone()), shape);
    }

    /**
     * {@return an int64 tensor of {@code shape} holding a copy of {@code data} (row-major)}
     *
     * @param data the elements in row-major order, exactly as many as {@code shape} holds; copied
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor fromArray(long[] data, int... shape) {
        checkLength("fromArray", data.length, shape);
        return over(Storage.wrap(data.clone()), shape);
    }

    /**
     * {@return a bool tensor of {@code shape} holding a copy of {@code data} (row-major)}
     *
     * @param data the elements in row-major order, exactly as many as {@code shape} holds; copied
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor fromArray(boolean[] data, int... shape) {
        checkLength("fromArray", data.length, shape);
        return over(Storage.wrap(data.clone()), shape);
    }

    private static void checkLength(String op, int length, int[] shape) {
        if (Shape.numel(shape) != length) {
            throw new IllegalArgumentException(op + ": " + length + " values cannot fill shape " + Shape.str(shape)
                    + " (" + Shape.numel(shape) + " elements)");
        }
    }

    /**
     * {@return a 0-dimensional float32 tensor}
     *
     * @param value the single element
     */
    public static Tensor scalar(double value) {
        return Factory.full(DType.FLOAT32, value);
    }

    /**
     * {@return a 0-dimensional tensor of the given type}
     *
     * @param dtype the element type of the result
     * @param value the single element
     */
    public static Tensor scalar(DType dtype, double value) {
        return Factory.full(dtype, value);
    }

    /**
     * {@return float32 zeros}
     *
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor zeros(int... shape) {
        return empty(DType.FLOAT32, shape);
    }

    /**
     * {@return zeros of a given type}
     *
     * @param dtype the element type of the result
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor zeros(DType dtype, int... shape) {
        return empty(dtype, shape);
    }

    /**
     * {@return float32 ones}
     *
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor ones(int... shape) {
        return Factory.full(DType.FLOAT32, 1, shape);
    }

    /**
     * {@return ones of a given type}
     *
     * @param dtype the element type of the result
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor ones(DType dtype, int... shape) {
        return Factory.full(dtype, 1, shape);
    }

    /**
     * {@return a float32 tensor filled with {@code value}}
     *
     * @param value the value of every element
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor full(double value, int... shape) {
        return Factory.full(DType.FLOAT32, value, shape);
    }

    /**
     * {@return a tensor of a given type filled with {@code value}}
     *
     * @param dtype the element type of the result
     * @param value the value of every element
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor full(DType dtype, double value, int... shape) {
        return Factory.full(dtype, value, shape);
    }

    /**
     * {@return zeros with this tensor's type and shape}
     */
    public Tensor zerosLike() {
        return empty(dtype(), shape);
    }

    /**
     * {@return ones with this tensor's type and shape}
     */
    public Tensor onesLike() {
        return Factory.full(dtype(), 1, shape);
    }

    /**
     * {@return {@code value} everywhere, with this tensor's type and shape}
     *
     * @param value the value of every element
     */
    public Tensor fullLike(double value) {
        return Factory.full(dtype(), value, shape);
    }

    /**
     * {@return [0, 1, …, end-1] as int64, like {@code torch.arange(end)}}
     *
     * @param end the end of the range (exclusive for arange)
     */
    public static Tensor arange(long end) {
        return Factory.arange(0, end, 1, DType.INT64);
    }

    /**
     * {@return [start, start+step, …) below {@code end}; int64 when all three are integers, else float32}
     *
     * @param start the first value of the range (inclusive)
     * @param end the end of the range (exclusive for arange)
     * @param step the distance between consecutive values (non-zero)
     */
    public static Tensor arange(double start, double end, double step) {
        boolean integral = start == Math.rint(start) && end == Math.rint(end) && step == Math.rint(step);
        return Factory.arange(start, end, step, integral ? DType.INT64 : DType.FLOAT32);
    }

    /**
     * {@return [start, start+step, …) below {@code end} with an explicit type}
     *
     * @param start the first value of the range (inclusive)
     * @param end the end of the range (exclusive for arange)
     * @param step the distance between consecutive values (non-zero)
     * @param dtype the element type of the result
     */
    public static Tensor arange(double start, double end, double step, DType dtype) {
        return Factory.arange(start, end, step, dtype);
    }

    /**
     * {@return {@code steps} evenly spaced float32 values from {@code start} to {@code end} inclusive}
     *
     * @param start the first value of the range (inclusive)
     * @param end the last value (inclusive)
     * @param steps the number of values (≥ 1)
     */
    public static Tensor linspace(double start, double end, int steps) {
        return Factory.linspace(start, end, steps, DType.FLOAT32);
    }

    /**
     * {@return the n×n float32 identity matrix}
     *
     * @param n the number of rows and columns
     */
    public static Tensor eye(int n) {
        return Factory.eye(n, n, DType.FLOAT32);
    }

    /**
     * {@return the rows×cols float32 matrix with ones on the main diagonal}
     *
     * @param rows the number of rows
     * @param cols the number of columns
     */
    public static Tensor eye(int rows, int cols) {
        return Factory.eye(rows, cols, DType.FLOAT32);
    }

    /**
     * {@return U[0, 1) float32 samples from the default generator}
     *
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor rand(int... shape) {
        return Factory.uniform(Kiln.defaultGenerator(), 0, 1, DType.FLOAT32, shape);
    }

    /**
     * {@return U[0, 1) float32 samples from {@code g}}
     *
     * @param g the random generator that draws the values (its state advances)
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor rand(Generator g, int... shape) {
        return Factory.uniform(g, 0, 1, DType.FLOAT32, shape);
    }

    /**
     * {@return N(0, 1) float32 samples from the default generator}
     *
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor randn(int... shape) {
        return Factory.normal(Kiln.defaultGenerator(), 0, 1, DType.FLOAT32, shape);
    }

    /**
     * {@return N(0, 1) float32 samples from {@code g}}
     *
     * @param g the random generator that draws the values (its state advances)
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor randn(Generator g, int... shape) {
        return Factory.normal(g, 0, 1, DType.FLOAT32, shape);
    }

    /**
     * {@return uniform int64 samples in [low, high)}
     *
     * @param g the random generator that draws the values (its state advances)
     * @param low the lower bound of the range (inclusive)
     * @param high the upper bound of the range (exclusive)
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor randint(Generator g, long low, long high, int... shape) {
        return Factory.randint(g, low, high, shape);
    }

    /**
     * {@return uniform int64 samples in [low, high) from the default generator}
     *
     * @param low the lower bound of the range (inclusive)
     * @param high the upper bound of the range (exclusive)
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor randint(long low, long high, int... shape) {
        return Factory.randint(Kiln.defaultGenerator(), low, high, shape);
    }

    /**
     * {@return N(mean, std) float32 samples}
     *
     * @param g the random generator that draws the values (its state advances)
     * @param mean the mean of the normal distribution
     * @param std the standard deviation of the normal distribution (≥ 0)
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor normal(Generator g, double mean, double std, int... shape) {
        return Factory.normal(g, mean, std, DType.FLOAT32, shape);
    }

    /**
     * {@return U[low, high) float32 samples}
     *
     * @param g the random generator that draws the values (its state advances)
     * @param low the lower bound of the range (inclusive)
     * @param high the upper bound of the range (exclusive)
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor uniform(Generator g, double low, double high, int... shape) {
        return Factory.uniform(g, low, high, DType.FLOAT32, shape);
    }

    /**
     * {@return 0/1 samples with the probabilities held in this tensor, same type and shape}
     *
     * @param g the random generator that draws the values (its state advances)
     */
    public Tensor bernoulli(Generator g) {
        return Factory.bernoulli(this, g);
    }

    /**
     * {@return 0/1 samples with the probabilities held in this tensor, from the default generator}
     */
    public Tensor bernoulli() {
        return Factory.bernoulli(this, Kiln.defaultGenerator());
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
        return this;
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
        return Cast.toFloatArray(this);
    }

    /**
     * {@return the elements in row-major order as doubles (a copy)}
     */
    public double[] toDoubleArray() {
        return Cast.toDoubleArray(this);
    }

    /**
     * {@return the elements in row-major order as longs (a copy)}
     */
    public long[] toLongArray() {
        return Cast.toLongArray(this);
    }

    /**
     * {@return the elements in row-major order as booleans (a copy; non-zero is true)}
     */
    public boolean[] toBooleanArray() {
        return Cast.toBooleanArray(this);
    }

    // ------------------------------------------------------------------ autograd

    /**
     * {@return true when gradients flow to this tensor: a leaf marked so, or the result of a recorded op}
     */
    public boolean requiresGrad() {
        return autograd != null && autograd.requiresGrad();
    }

    /**
     * Marks this leaf as requiring grad (or not), in place, like {@code requires_grad_()}.
     *
     *
     * @param value true to record operations on this leaf for autograd, false to stop
     * @return this tensor
     */
    public Tensor requiresGrad(boolean value) {
        if (autograd == null && !value) {
            return this;
        }
        meta().setRequiresGrad(value);
        return this;
    }

    /**
     * {@return the accumulated gradient, or null when none has reached this tensor}
     */
    public Tensor grad() {
        return autograd == null ? null : autograd.grad();
    }

    /**
     * Replaces the gradient (null clears it); it must have this tensor's shape.
     *
     * @param g the new gradient, of this tensor's shape, or null to clear it
     */
    public void setGrad(Tensor g) {
        meta().setGrad(g);
    }

    /**
     * {@return the node that produced this tensor, or null for a leaf}
     */
    public Node gradFn() {
        return autograd == null ? null : autograd.gradFn();
    }

    /**
     * {@return true for tensors not produced by a recorded op}
     */
    public boolean isLeaf() {
        return gradFn() == null;
    }

    private AutogradMeta meta() {
        if (autograd == null) {
            autograd = new AutogradMeta(this);
        }
        return autograd;
    }

    /**
     * Registers a gradient hook, as PyTorch's {@code register_hook}: each time a gradient with
     * respect to this tensor is computed (by {@code backward} or {@code Autograd.grad}), {@code hook}
     * is called with it and may return a replacement of the same shape, or null to leave it as is.
     * On a leaf the hook runs before the gradient is accumulated into {@link #grad()}.
     *
     * <pre>{@code
     * x.registerHook(g -> g.mul(2));   // doubles every gradient that flows into x
     * }</pre>
     *
     *
     * @param hook the function called with the gradient of this tensor; it returns the gradient to use instead, or null to keep it
     * @return a handle that removes the hook
     * @throws IllegalStateException when this tensor does not require grad
     */
    public dev.kiln.autograd.HookHandle registerHook(java.util.function.UnaryOperator<Tensor> hook) {
        java.util.Objects.requireNonNull(hook, "registerHook: hook");
        Node edge = autograd == null ? null : autograd.gradEdge();
        if (edge == null) {
            throw new IllegalStateException("registerHook: cannot register a hook on a tensor that does not require grad");
        }
        return edge.addHook(hook);
    }

    /**
     * Makes this non-leaf tensor keep its gradient in {@link #grad()} after backward (as PyTorch's
     * {@code retain_grad()}); gradients accumulate across backward calls as a leaf's do. A leaf
     * already keeps its gradient, so this does nothing for one.
     *
     * @return this tensor
     * @throws IllegalStateException when this tensor does not require grad
     */
    public Tensor retainGrad() {
        if (autograd == null) {
            throw new IllegalStateException("retainGrad: cannot retain the gradient of a tensor that does not require grad");
        }
        autograd.retainGrad();
        return this;
    }

    /**
     * {@return true for a non-leaf on which {@link #retainGrad()} was called (PyTorch's {@code retains_grad}; false for leaves)}
     */
    public boolean retainsGrad() {
        return autograd != null && autograd.retainsGrad();
    }

    /**
     * {@return a tensor sharing this one's storage that does not require grad}
     */
    public Tensor detach() {
        Tensor d = new Tensor(storage, shape, strides, offset, base);
        Trace.record("identity", d, this);
        return d;
    }

    /** Back-propagates from this scalar with gradient 1. */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalStateException("backward: grad can be implicitly created only for scalar outputs; this tensor has shape "
                    + Shape.str(shape) + " (pass a gradient)");
        }
        Autograd.backward(this, onesLike(), GradOptions.DEFAULT);
    }

    /**
     * Back-propagates {@code gradient} (of this tensor's shape).
     *
     * @param gradient the gradient of the final result with respect to this tensor, of this tensor's shape
     */
    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient, GradOptions.DEFAULT);
    }

    /**
     * Back-propagates {@code gradient}; with {@code retainGraph} the graph can be used again.
     *
     * @param gradient the gradient of the final result with respect to this tensor, of this tensor's shape
     * @param retainGraph true to keep the graph so that backward can run through it again
     */
    public void backward(Tensor gradient, boolean retainGraph) {
        Autograd.backward(this, gradient == null ? onesLike() : gradient, GradOptions.DEFAULT.retainGraph(retainGraph));
    }

    /**
     * Sums this gradient down to {@code target} (the reverse of broadcasting).
     *
     * @param target the shape to sum down to; this tensor's shape must broadcast to it
     * @return a tensor of shape {@code target}
     */
    public Tensor sumToShape(int[] target) {
        return Reductions.sumToShape(this, target);
    }

    // ------------------------------------------------------------------ views

    /**
     * {@return a view with another shape (one -1 is inferred); the tensor must be contiguous enough}
     *
     * @param newShape the new shape; one entry may be -1 to infer it from the element count
     */
    public Tensor view(int... newShape) {
        return Views.view(this, newShape);
    }

    /**
     * Like {@link #view} but copies when the layout does not allow a view.
     *
     * @param newShape the new shape; one entry may be -1 to infer it from the element count
     * @return a tensor of the new shape: a view when possible, else a copy
     */
    public Tensor reshape(int... newShape) {
        return Views.reshape(this, newShape);
    }

    /**
     * Swaps two dimensions.
     *
     * @param dim0 the first dimension to swap
     * @param dim1 the second dimension to swap
     * @return a view with {@code dim0} and {@code dim1} swapped
     */
    public Tensor transpose(int dim0, int dim1) {
        return Views.transpose(this, dim0, dim1);
    }

    /**
     * {@return the transpose of a matrix (0-D and 1-D tensors are returned as they are)}
     */
    public Tensor t() {
        if (dim() > 2) {
            throw new IllegalArgumentException("t: expects a tensor with at most 2 dimensions, got shape " + Shape.str(shape));
        }
        return dim() < 2 ? this : transpose(0, 1);
    }

    /**
     * Reorders the dimensions.
     *
     * @param dims the new order of the dimensions, a permutation of 0 … {@code dim() - 1}
     * @return a view with the dimensions reordered
     */
    public Tensor permute(int... dims) {
        return Views.permute(this, dims);
    }

    /**
     * Repeats size-1 dimensions (and adds leading ones) without copying; -1 keeps a size.
     *
     * @param sizes the sizes of the new or expanded dimensions (-1 keeps a size in expand)
     * @return a view of the expanded shape, with stride 0 along the repeated dimensions
     */
    public Tensor expand(int... sizes) {
        return Views.expand(this, sizes);
    }

    /**
     * Expands to another tensor's shape.
     *
     * @param other the other operand; broadcast against this tensor
     * @return a view of {@code other}'s shape
     */
    public Tensor expandAs(Tensor other) {
        return Views.expand(this, other.shape);
    }

    /**
     * {@return elements [start, start+length) along {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param start the first position kept along {@code dim}
     * @param length the number of elements kept from {@code start}
     */
    public Tensor narrow(int dim, int start, int length) {
        return Views.narrow(this, dim, start, length);
    }

    /**
     * Python slicing {@code [start:end:step]} along {@code dim}; negative start/end count from the end.
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param start the first position kept along {@code dim} (negative counts from the end; null for 0)
     * @param end the position after the last one kept (negative counts from the end; null for the size)
     * @param step the distance between consecutive values (non-zero)
     * @return a view of the selected positions
     */
    public Tensor slice(int dim, Integer start, Integer end, int step) {
        return Views.slice(this, dim, start, end, step);
    }

    /**
     * Python slicing {@code [start:end]} along {@code dim}.
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param start the first position kept along {@code dim} (negative counts from the end; null for 0)
     * @param end the position after the last one kept (negative counts from the end; null for the size)
     * @return a view of the selected positions
     */
    public Tensor slice(int dim, int start, int end) {
        return Views.slice(this, dim, start, end, 1);
    }

    /**
     * {@return the sub-tensor at {@code index} along {@code dim}, which is removed}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param index the position along {@code dim}, negative counting from the end
     */
    public Tensor select(int dim, int index) {
        return Views.select(this, dim, index);
    }

    /**
     * Indexes leading dimensions: {@code x.get(1, 2)} is {@code x[1][2]}.
     *
     * @param indices the positions, one per leading dimension, negative counting from the end
     * @return a view of the indexed sub-tensor, with the indexed dimensions removed
     */
    public Tensor get(int... indices) {
        Tensor r = this;
        for (int i : indices) {
            r = r.select(0, i);
        }
        return r;
    }

    /**
     * Removes every size-1 dimension.
     *
     * @return a view without the removed dimensions
     */
    public Tensor squeeze() {
        return Views.squeeze(this, null);
    }

    /**
     * Removes dimension {@code dim} if its size is 1.
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @return a view without the removed dimensions
     */
    public Tensor squeeze(int dim) {
        return Views.squeeze(this, dim);
    }

    /**
     * Inserts a size-1 dimension at {@code dim} (negative counts from the end of the result).
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @return a view with one more dimension
     */
    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    /**
     * Flattens to 1-D.
     *
     * @return a tensor of the same elements with the merged dimensions as one (a view when the layout allows)
     */
    public Tensor flatten() {
        return Views.flatten(this, 0, -1);
    }

    /**
     * Merges dimensions startDim … endDim (inclusive).
     *
     * @param startDim the first dimension flattened
     * @param endDim the last dimension flattened (inclusive)
     * @return a tensor of the same elements with the merged dimensions as one (a view when the layout allows)
     */
    public Tensor flatten(int startDim, int endDim) {
        return Views.flatten(this, startDim, endDim);
    }

    /**
     * Splits dimension {@code dim} into {@code sizes}.
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param sizes the sizes of the new or expanded dimensions (-1 keeps a size in expand)
     * @return a view with {@code dim} replaced by dimensions of {@code sizes}
     */
    public Tensor unflatten(int dim, int... sizes) {
        return Views.unflatten(this, dim, sizes);
    }

    /**
     * {@return this tensor if contiguous, else a contiguous copy}
     */
    public Tensor contiguous() {
        return isContiguous() ? this : Views.contiguousCopy(this);
    }

    /** A contiguous copy that records a graph node when needed. */
    @Override
    @SuppressWarnings("MethodDoesntCallSuperMethod")
    public Tensor clone() {
        return Views.contiguousCopy(this);
    }

    /**
     * {@return a copy converted to {@code type} (this tensor itself when the type already matches)}
     *
     * @param type the element type to convert to
     */
    public Tensor to(DType type) {
        return type == dtype() ? this : Cast.to(this, type);
    }

    // ------------------------------------------------------------------ element-wise arithmetic

    /**
     * {@return {@code this + other} with broadcasting}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor add(Tensor other) {
        return BinaryOps.add(this, other, 1);
    }

    /**
     * {@return {@code this + alpha·other} with broadcasting}
     *
     * @param other the other operand; broadcast against this tensor
     * @param alpha the factor {@code other} is multiplied by before it is added
     */
    public Tensor add(Tensor other, double alpha) {
        return BinaryOps.add(this, other, alpha);
    }

    /**
     * {@return {@code this + value}}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor add(double value) {
        return BinaryOps.addScalar(this, value);
    }

    /**
     * {@return {@code this - other} with broadcasting}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor sub(Tensor other) {
        return BinaryOps.add(this, other, -1);
    }

    /**
     * {@return {@code this - alpha·other} with broadcasting}
     *
     * @param other the other operand; broadcast against this tensor
     * @param alpha the factor {@code other} is multiplied by before it is subtracted
     */
    public Tensor sub(Tensor other, double alpha) {
        return BinaryOps.add(this, other, -alpha);
    }

    /**
     * {@return {@code this - value}}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor sub(double value) {
        return BinaryOps.addScalar(this, -value);
    }

    /**
     * {@return {@code value - this}}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor rsub(double value) {
        return BinaryOps.addScalar(BinaryOps.mulScalar(this, -1), value);
    }

    /**
     * {@return {@code this · other} element-wise with broadcasting}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor mul(Tensor other) {
        return BinaryOps.mul(this, other);
    }

    /**
     * {@return {@code this · value}}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor mul(double value) {
        return BinaryOps.mulScalar(this, value);
    }

    /**
     * {@return {@code this / other} (true division) with broadcasting}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor div(Tensor other) {
        return BinaryOps.div(this, other);
    }

    /**
     * {@return {@code this / value}}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor div(double value) {
        return BinaryOps.mulScalar(this, 1.0 / value);
    }

    /**
     * {@return {@code this ^ exponent}}
     *
     * @param exponent the power each element is raised to; broadcast against this tensor
     */
    public Tensor pow(double exponent) {
        return BinaryOps.powScalar(this, exponent);
    }

    /**
     * {@return {@code this ^ exponent} element-wise with broadcasting}
     *
     * @param exponent the power each element is raised to; broadcast against this tensor
     */
    public Tensor pow(Tensor exponent) {
        return BinaryOps.pow(this, exponent);
    }

    /**
     * {@return the element-wise larger of two tensors (gradient split evenly on ties)}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor maximum(Tensor other) {
        return BinaryOps.maximum(this, other);
    }

    /**
     * {@return the element-wise smaller of two tensors (gradient split evenly on ties)}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor minimum(Tensor other) {
        return BinaryOps.minimum(this, other);
    }

    /**
     * {@return {@code -this}}
     */
    public Tensor neg() {
        return UnaryOps.apply(UnaryFunction.NEG, this);
    }

    /**
     * {@return {@code |this|}}
     */
    public Tensor abs() {
        return UnaryOps.apply(UnaryFunction.ABS, this);
    }

    /**
     * {@return -1, 0 or 1 by sign}
     */
    public Tensor sign() {
        return UnaryOps.apply(UnaryFunction.SIGN, this);
    }

    /**
     * {@return {@code e^x}}
     */
    public Tensor exp() {
        return UnaryOps.apply(UnaryFunction.EXP, this);
    }

    /**
     * {@return natural logarithm}
     */
    public Tensor log() {
        return UnaryOps.apply(UnaryFunction.LOG, this);
    }

    /**
     * {@return {@code log(1 + x)}, accurate for small x}
     */
    public Tensor log1p() {
        return UnaryOps.apply(UnaryFunction.LOG1P, this);
    }

    /**
     * {@return {@code e^x - 1}, accurate for small x}
     */
    public Tensor expm1() {
        return UnaryOps.apply(UnaryFunction.EXPM1, this);
    }

    /**
     * {@return square root}
     */
    public Tensor sqrt() {
        return UnaryOps.apply(UnaryFunction.SQRT, this);
    }

    /**
     * {@return {@code 1/√x}}
     */
    public Tensor rsqrt() {
        return UnaryOps.apply(UnaryFunction.RSQRT, this);
    }

    /**
     * {@return {@code x²}}
     */
    public Tensor square() {
        return UnaryOps.apply(UnaryFunction.SQUARE, this);
    }

    /**
     * {@return {@code 1/x}}
     */
    public Tensor reciprocal() {
        return UnaryOps.apply(UnaryFunction.RECIPROCAL, this);
    }

    /**
     * {@return sine}
     */
    public Tensor sin() {
        return UnaryOps.apply(UnaryFunction.SIN, this);
    }

    /**
     * {@return cosine}
     */
    public Tensor cos() {
        return UnaryOps.apply(UnaryFunction.COS, this);
    }

    /**
     * {@return hyperbolic tangent}
     */
    public Tensor tanh() {
        return UnaryOps.apply(UnaryFunction.TANH, this);
    }

    /**
     * {@return the logistic function {@code 1/(1+e^-x)}}
     */
    public Tensor sigmoid() {
        return UnaryOps.apply(UnaryFunction.SIGMOID, this);
    }

    /**
     * {@return {@code max(x, 0)}}
     */
    public Tensor relu() {
        return UnaryOps.apply(UnaryFunction.RELU, this);
    }

    /**
     * {@return the error function}
     */
    public Tensor erf() {
        return UnaryOps.apply(UnaryFunction.ERF, this);
    }

    /**
     * Rounds down (gradient 0).
     *
     * @return a new tensor of the largest integers not above each element
     */
    public Tensor floor() {
        return UnaryOps.apply(UnaryFunction.FLOOR, this);
    }

    /**
     * Rounds up (gradient 0).
     *
     * @return a new tensor of the smallest integers not below each element
     */
    public Tensor ceil() {
        return UnaryOps.apply(UnaryFunction.CEIL, this);
    }

    /**
     * Rounds half to even, like {@code torch.round} (gradient 0).
     *
     * @return a new tensor of the rounded values
     */
    public Tensor round() {
        return UnaryOps.apply(UnaryFunction.ROUND, this);
    }

    /**
     * Limits to [min, max]; a null bound is absent. The derivative at a bound is 1.
     *
     * @param min the lower bound (null for none)
     * @param max the upper bound (null for none)
     * @return a new tensor with each element clamped into [min, max]
     */
    public Tensor clamp(Double min, Double max) {
        return UnaryOps.clamp(this, min, max);
    }

    /**
     * Limits to [min, max].
     *
     * @param min the lower bound (≤ {@code max})
     * @param max the upper bound
     * @return a new tensor with each element clamped into [min, max]
     */
    public Tensor clamp(double min, double max) {
        return UnaryOps.clamp(this, min, max);
    }

    /**
     * {@return {@code max(x, min)}}
     *
     * @param min the lower bound
     */
    public Tensor clampMin(double min) {
        return UnaryOps.clamp(this, min, null);
    }

    /**
     * {@return {@code min(x, max)}}
     *
     * @param max the upper bound
     */
    public Tensor clampMax(double max) {
        return UnaryOps.clamp(this, null, max);
    }

    /**
     * {@return the elements in reverse order along each of {@code dims}, like {@code torch.flip}}
     *
     * @param dims the dimensions whose order is reversed
     */
    public Tensor flip(int... dims) {
        return Rearrange.flip(this, dims);
    }

    /**
     * {@return the elements shifted by {@code shift} along {@code dim}, wrapping around, like {@code torch.roll}}
     *
     * @param shift the number of places elements move along {@code dim} (negative moves them back)
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     */
    public Tensor roll(int shift, int dim) {
        return Rearrange.roll(this, shift, dim);
    }

    /**
     * {@return the tensor tiled {@code reps[i]} times along dim i, like {@code Tensor.repeat}}
     *
     * @param reps the number of copies along each dimension (at least {@code dim()} entries)
     */
    public Tensor repeat(int... reps) {
        return Rearrange.repeat(this, reps);
    }

    /**
     * {@return the lower triangle of the last two dims (zeros above the main diagonal), like {@code torch.tril}}
     */
    public Tensor tril() {
        return Rearrange.tril(this, 0);
    }

    /**
     * {@return the lower triangle of the last two dims, keeping {@code j − i ≤ diagonal}}
     *
     * @param diagonal which diagonal bounds the kept triangle: 0 the main one, positive above it, negative below
     */
    public Tensor tril(int diagonal) {
        return Rearrange.tril(this, diagonal);
    }

    /**
     * {@return the upper triangle of the last two dims (zeros below the main diagonal), like {@code torch.triu}}
     */
    public Tensor triu() {
        return Rearrange.triu(this, 0);
    }

    /**
     * {@return the upper triangle of the last two dims, keeping {@code j − i ≥ diagonal}}
     *
     * @param diagonal which diagonal bounds the kept triangle: 0 the main one, positive above it, negative below
     */
    public Tensor triu(int diagonal) {
        return Rearrange.triu(this, diagonal);
    }

    /**
     * Takes this tensor where {@code condition} is true and {@code other} elsewhere (all broadcast).
     *
     * @param condition a bool tensor choosing, element by element, the first operand (true) or the second (false)
     * @param other the values taken where {@code condition} is false
     * @return a new tensor of the broadcast shape
     */
    public Tensor where(Tensor condition, Tensor other) {
        return Indexing.where(condition, this, other);
    }

    /**
     * {@code condition ? input : other} element-wise, like {@code torch.where}.
     *
     * @param condition a bool tensor choosing, element by element, the first operand (true) or the second (false)
     * @param input the values taken where {@code condition} is true
     * @param other the values taken where {@code condition} is false
     * @return a new tensor of the broadcast shape
     */
    public static Tensor where(Tensor condition, Tensor input, Tensor other) {
        return Indexing.where(condition, input, other);
    }

    // ------------------------------------------------------------------ comparisons and logic (bool results)

    /**
     * {@return {@code this == other} element-wise}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor eq(Tensor other) {
        return Comparison.compare(Comparison.Op.EQ, this, other);
    }

    /**
     * {@return {@code this == value} element-wise}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor eq(double value) {
        return Comparison.compare(Comparison.Op.EQ, this, value);
    }

    /**
     * {@return {@code this != other} element-wise}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor ne(Tensor other) {
        return Comparison.compare(Comparison.Op.NE, this, other);
    }

    /**
     * {@return {@code this != value} element-wise}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor ne(double value) {
        return Comparison.compare(Comparison.Op.NE, this, value);
    }

    /**
     * {@return {@code this < other} element-wise}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor lt(Tensor other) {
        return Comparison.compare(Comparison.Op.LT, this, other);
    }

    /**
     * {@return {@code this < value} element-wise}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor lt(double value) {
        return Comparison.compare(Comparison.Op.LT, this, value);
    }

    /**
     * {@return {@code this <= other} element-wise}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor le(Tensor other) {
        return Comparison.compare(Comparison.Op.LE, this, other);
    }

    /**
     * {@return {@code this <= value} element-wise}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor le(double value) {
        return Comparison.compare(Comparison.Op.LE, this, value);
    }

    /**
     * {@return {@code this > other} element-wise}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor gt(Tensor other) {
        return Comparison.compare(Comparison.Op.GT, this, other);
    }

    /**
     * {@return {@code this > value} element-wise}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor gt(double value) {
        return Comparison.compare(Comparison.Op.GT, this, value);
    }

    /**
     * {@return {@code this >= other} element-wise}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor ge(Tensor other) {
        return Comparison.compare(Comparison.Op.GE, this, other);
    }

    /**
     * {@return {@code this >= value} element-wise}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor ge(double value) {
        return Comparison.compare(Comparison.Op.GE, this, value);
    }

    /**
     * {@return logical and of two tensors read as booleans (non-zero is true)}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor logicalAnd(Tensor other) {
        return Comparison.logical(Comparison.Logic.AND, this, other);
    }

    /**
     * {@return logical or}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor logicalOr(Tensor other) {
        return Comparison.logical(Comparison.Logic.OR, this, other);
    }

    /**
     * {@return logical exclusive or}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor logicalXor(Tensor other) {
        return Comparison.logical(Comparison.Logic.XOR, this, other);
    }

    /**
     * {@return logical not}
     */
    public Tensor logicalNot() {
        return Comparison.logicalNot(this);
    }

    /**
     * {@return true where an element is NaN}
     */
    public Tensor isnan() {
        return Comparison.isnan(this);
    }

    /**
     * {@return true where an element is ±infinity}
     */
    public Tensor isinf() {
        return Comparison.isinf(this);
    }

    /**
     * {@return true where an element is finite}
     */
    public Tensor isfinite() {
        return Comparison.isfinite(this);
    }

    /**
     * {@return true when both tensors have the same shape and every pair of elements is within {@code atol + rtol·|other|}}
     *
     * @param other the other operand; broadcast against this tensor
     * @param rtol the relative tolerance
     * @param atol the absolute tolerance
     */
    public boolean allclose(Tensor other, double rtol, double atol) {
        return Comparison.allclose(this, other, rtol, atol);
    }

    /**
     * {@return {@link #allclose(Tensor, double, double)} with PyTorch's defaults rtol 1e-5, atol 1e-8}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public boolean allclose(Tensor other) {
        return Comparison.allclose(this, other, 1e-5, 1e-8);
    }

    /**
     * {@return true when both tensors have the same shape and the same elements}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public boolean equal(Tensor other) {
        return Comparison.equal(this, other);
    }

    // ------------------------------------------------------------------ reductions

    /**
     * {@return the sum of all elements (a scalar)}
     */
    public Tensor sum() {
        return Reductions.sum(this, null, false);
    }

    /**
     * {@return the sum over {@code dim}, which is removed ({@code x.sum(dim)} in PyTorch)}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     */
    public Tensor sum(int dim) {
        return sum(dim, false);
    }

    /**
     * {@return the sum over {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor sum(int dim, boolean keepdim) {
        return Reductions.sum(this, new int[] {dim}, keepdim);
    }

    /**
     * {@return the sum over several dims}
     *
     * @param dims the dimensions, each from 0 to {@code dim() - 1} or negative to count from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor sum(int[] dims, boolean keepdim) {
        return Reductions.sum(this, dims, keepdim);
    }

    /**
     * {@return the mean of all elements}
     */
    public Tensor mean() {
        return Reductions.mean(this, null, false);
    }

    /**
     * {@return the mean over {@code dim}, which is removed ({@code x.mean(dim)} in PyTorch)}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     */
    public Tensor mean(int dim) {
        return mean(dim, false);
    }

    /**
     * {@return the mean over {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor mean(int dim, boolean keepdim) {
        return Reductions.mean(this, new int[] {dim}, keepdim);
    }

    /**
     * {@return the mean over several dims}
     *
     * @param dims the dimensions, each from 0 to {@code dim() - 1} or negative to count from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor mean(int[] dims, boolean keepdim) {
        return Reductions.mean(this, dims, keepdim);
    }

    /**
     * {@return the product of all elements}
     */
    public Tensor prod() {
        return Reductions.prod(this, null, false);
    }

    /**
     * {@return the product over {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor prod(int dim, boolean keepdim) {
        return Reductions.prod(this, dim, keepdim);
    }

    /**
     * {@return the largest element (a scalar)}
     */
    public Tensor max() {
        return MaxMin.max(this);
    }

    /**
     * {@return the largest elements along {@code dim} (removed) and their positions, as {@code x.max(dim)} in PyTorch}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     */
    public ValuesIndices max(int dim) {
        return max(dim, false);
    }

    /**
     * {@return the largest elements along {@code dim} and their positions}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public ValuesIndices max(int dim, boolean keepdim) {
        return MaxMin.max(this, dim, keepdim);
    }

    /**
     * {@return the smallest element (a scalar)}
     */
    public Tensor min() {
        return MaxMin.min(this);
    }

    /**
     * {@return the smallest elements along {@code dim} (removed) and their positions, as {@code x.min(dim)} in PyTorch}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     */
    public ValuesIndices min(int dim) {
        return min(dim, false);
    }

    /**
     * {@return the smallest elements along {@code dim} and their positions}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public ValuesIndices min(int dim, boolean keepdim) {
        return MaxMin.min(this, dim, keepdim);
    }

    /**
     * {@return the maximum over several dims (values only; the gradient is split evenly on ties)}
     *
     * @param dims the dimensions, each from 0 to {@code dim() - 1} or negative to count from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor amax(int[] dims, boolean keepdim) {
        return MaxMin.amax(this, dims, keepdim);
    }

    /**
     * {@return the minimum over several dims (values only)}
     *
     * @param dims the dimensions, each from 0 to {@code dim() - 1} or negative to count from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor amin(int[] dims, boolean keepdim) {
        return MaxMin.amin(this, dims, keepdim);
    }

    /**
     * {@return the index of the largest element of the flattened tensor (int64 scalar)}
     */
    public Tensor argmax() {
        return MaxMin.argmax(this, null, false);
    }

    /**
     * {@return the indices of the largest elements along {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor argmax(int dim, boolean keepdim) {
        return MaxMin.argmax(this, dim, keepdim);
    }

    /**
     * {@return the index of the smallest element of the flattened tensor}
     */
    public Tensor argmin() {
        return MaxMin.argmin(this, null, false);
    }

    /**
     * {@return the indices of the smallest elements along {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor argmin(int dim, boolean keepdim) {
        return MaxMin.argmin(this, dim, keepdim);
    }

    /**
     * {@return the variance of all elements with Bessel's correction (divides by N-1)}
     */
    public Tensor var() {
        return Statistics.var(this, null, 1, false);
    }

    /**
     * {@return the variance over {@code dims}, dividing by N - correction}
     *
     * @param dims the dimensions, each from 0 to {@code dim() - 1} or negative to count from the end
     * @param correction the difference between the sample size and the divisor (1 for Bessel's correction, 0 for the population)
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor var(int[] dims, int correction, boolean keepdim) {
        return Statistics.var(this, dims, correction, keepdim);
    }

    /**
     * {@return the standard deviation of all elements with Bessel's correction}
     */
    public Tensor std() {
        return Statistics.std(this, null, 1, false);
    }

    /**
     * {@return the standard deviation over {@code dims}, dividing by N - correction}
     *
     * @param dims the dimensions, each from 0 to {@code dim() - 1} or negative to count from the end
     * @param correction the difference between the sample size and the divisor (1 for Bessel's correction, 0 for the population)
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor std(int[] dims, int correction, boolean keepdim) {
        return Statistics.std(this, dims, correction, keepdim);
    }

    /**
     * {@return the p-norm of all elements as one vector ({@code Double.POSITIVE_INFINITY} for the max norm)}
     *
     * @param p the order of the norm (2 for the Euclidean norm)
     */
    public Tensor norm(double p) {
        return Statistics.norm(this, p, null, false);
    }

    /**
     * {@return the 2-norm of all elements}
     */
    public Tensor norm() {
        return Statistics.norm(this, 2, null, false);
    }

    /**
     * {@return the p-norm over {@code dims}}
     *
     * @param p the order of the norm (2 for the Euclidean norm)
     * @param dims the dimensions, each from 0 to {@code dim() - 1} or negative to count from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor norm(double p, int[] dims, boolean keepdim) {
        return Statistics.norm(this, p, dims, keepdim);
    }

    /**
     * {@return {@code log Σ exp(x)} over {@code dims}, computed stably}
     *
     * @param dims the dimensions, each from 0 to {@code dim() - 1} or negative to count from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor logsumexp(int[] dims, boolean keepdim) {
        return Statistics.logsumexp(this, dims, keepdim);
    }

    /**
     * {@return {@code log Σ exp(x)} over {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor logsumexp(int dim, boolean keepdim) {
        return Statistics.logsumexp(this, new int[] {dim}, keepdim);
    }

    /**
     * {@return the cumulative sum along {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     */
    public Tensor cumsum(int dim) {
        return Cumulative.cumsum(this, dim);
    }

    /**
     * {@return true (a bool scalar) when every element is non-zero}
     */
    public Tensor all() {
        return Reductions.all(this, null, false);
    }

    /**
     * {@return whether every element along {@code dim} is non-zero}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor all(int dim, boolean keepdim) {
        return Reductions.all(this, dim, keepdim);
    }

    /**
     * {@return true (a bool scalar) when any element is non-zero}
     */
    public Tensor any() {
        return Reductions.any(this, null, false);
    }

    /**
     * {@return whether any element along {@code dim} is non-zero}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param keepdim true to keep each reduced dimension with size 1, false to remove it
     */
    public Tensor any(int dim, boolean keepdim) {
        return Reductions.any(this, dim, keepdim);
    }

    // ------------------------------------------------------------------ linear algebra

    /**
     * {@return the matrix product with PyTorch's 1-D, 2-D and batched broadcasting rules}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor matmul(Tensor other) {
        return MatMul.matmul(this, other);
    }

    /**
     * {@return the product of two matrices}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor mm(Tensor other) {
        return MatMul.mm(this, other);
    }

    /**
     * {@return the batched product of (B, n, k) and (B, k, m)}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor bmm(Tensor other) {
        return MatMul.bmm(this, other);
    }

    /**
     * {@return the dot product of two 1-D tensors}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor dot(Tensor other) {
        return MatMul.dot(this, other);
    }

    /**
     * {@return the outer product of two 1-D tensors}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor outer(Tensor other) {
        return MatMul.outer(this, other);
    }

    // ------------------------------------------------------------------ joining, indexing, sorting

    /**
     * Joins tensors along an existing dimension.
     *
     * @param tensors the tensors joined, all of the same dtype and of equal shapes except along {@code dim}
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @return the joined tensor; its size along {@code dim} is the sum of the inputs' sizes
     */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return Join.cat(tensors, dim);
    }

    /**
     * Joins tensors along an existing dimension.
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param tensors the tensors joined, all of the same dtype and of equal shapes except along {@code dim}
     * @return the joined tensor; its size along {@code dim} is the sum of the inputs' sizes
     */
    public static Tensor cat(int dim, Tensor... tensors) {
        return Join.cat(Arrays.asList(tensors), dim);
    }

    /**
     * Joins tensors of equal shape along a new dimension.
     *
     * @param tensors the tensors joined, all of the same dtype and of equal shapes except along {@code dim}
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @return a tensor with one more dimension than the inputs, of size {@code tensors.size()} at {@code dim}
     */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return Join.stack(tensors, dim);
    }

    /**
     * Joins tensors of equal shape along a new dimension.
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param tensors the tensors joined, all of the same dtype and of equal shapes except along {@code dim}
     * @return a tensor with one more dimension than the inputs, of size {@code tensors.size()} at {@code dim}
     */
    public static Tensor stack(int dim, Tensor... tensors) {
        return Join.stack(Arrays.asList(tensors), dim);
    }

    /**
     * Views of consecutive pieces of {@code splitSize} along {@code dim} (the last may be shorter).
     *
     * @param splitSize the size of each piece along {@code dim} (the last may be smaller)
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @return the pieces in order; views of this tensor
     */
    public List<Tensor> split(int splitSize, int dim) {
        return Join.split(this, splitSize, dim);
    }

    /**
     * Views of pieces with the given sizes along {@code dim}.
     *
     * @param sizes the size of each piece along {@code dim}; they sum to {@code size(dim)}
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @return the pieces in order; views of this tensor
     */
    public List<Tensor> split(int[] sizes, int dim) {
        return Join.split(this, sizes, dim);
    }

    /**
     * {@return {@code chunks} views of (nearly) equal size along {@code dim}}
     *
     * @param chunks the number of pieces (the last may be smaller)
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     */
    public List<Tensor> chunk(int chunks, int dim) {
        return Join.chunk(this, chunks, dim);
    }

    /**
     * {@return {@code out[i][j] = this[index[i][j]][j]} for dim 0, and likewise for other dims}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param index an int64 tensor of positions along {@code dim}, with as many dimensions as this tensor
     */
    public Tensor gather(int dim, Tensor index) {
        return Indexing.gather(this, dim, index);
    }

    /**
     * {@return a copy with {@code src} written at {@code index} along {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param index an int64 tensor of positions along {@code dim}, with as many dimensions as this tensor
     * @param src the source tensor whose elements are copied
     */
    public Tensor scatter(int dim, Tensor index, Tensor src) {
        return Indexing.scatter(this, dim, index, src);
    }

    /**
     * {@return a copy with {@code value} written at {@code index} along {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param index an int64 tensor of positions along {@code dim}, with as many dimensions as this tensor
     * @param value the value written at each indexed position
     */
    public Tensor scatter(int dim, Tensor index, double value) {
        return Indexing.scatter(this, dim, index, value);
    }

    /**
     * {@return a copy with {@code src} added at {@code index} along {@code dim} (repeated indices add up)}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param index an int64 tensor of positions along {@code dim}, with as many dimensions as this tensor
     * @param src the source tensor whose elements are copied
     */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return Indexing.scatterAdd(this, dim, index, src);
    }

    /**
     * {@return the entries at the int64 {@code index} along {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param index a 1-D int64 tensor of positions along {@code dim}
     */
    public Tensor indexSelect(int dim, Tensor index) {
        return Indexing.indexSelect(this, dim, index);
    }

    /**
     * {@return a copy with {@code value} where {@code mask} (bool, broadcast) is true}
     *
     * @param mask a bool tensor broadcastable to this tensor's shape
     * @param value the value written where {@code mask} is true
     */
    public Tensor maskedFill(Tensor mask, double value) {
        return Indexing.maskedFill(this, mask, value);
    }

    /**
     * {@return one-hot encoding of an int64 tensor; {@code numClasses = -1} uses max+1}
     *
     * @param indices an int64 tensor of class indices, each in [0, numClasses)
     * @param numClasses the number of classes, the size of the new last dimension
     */
    public static Tensor oneHot(Tensor indices, int numClasses) {
        return Indexing.oneHot(indices, numClasses);
    }

    /**
     * {@return the k largest (or smallest) elements along {@code dim} and their indices}
     *
     * @param k the number of elements to keep
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param largest true for the k largest elements, false for the k smallest
     * @param sorted true to return them in sorted order
     */
    public ValuesIndices topk(int k, int dim, boolean largest, boolean sorted) {
        return Sorting.topk(this, k, dim, largest, sorted);
    }

    /**
     * {@return the k largest elements along the last dimension}
     *
     * @param k the number of elements to keep
     */
    public ValuesIndices topk(int k) {
        return Sorting.topk(this, k, -1, true, true);
    }

    /**
     * Sorts along {@code dim} (stable).
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param descending true to sort from largest to smallest
     * @return the sorted values and, for each, its index along {@code dim} in this tensor
     */
    public ValuesIndices sort(int dim, boolean descending) {
        return Sorting.sort(this, dim, descending);
    }

    /**
     * {@return the indices that sort along {@code dim}}
     *
     * @param dim the dimension, from 0 to {@code dim() - 1}; negative counts from the end
     * @param descending true to sort from largest to smallest
     */
    public Tensor argsort(int dim, boolean descending) {
        return Sorting.sort(this, dim, descending).indices();
    }

    // ------------------------------------------------------------------ in-place (bump the version)

    /**
     * {@return {@code this += other} in place}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor add_(Tensor other) {
        return InPlace.add(this, other, 1);
    }

    /**
     * {@return {@code this += alpha·other} in place}
     *
     * @param other the other operand; broadcast against this tensor
     * @param alpha the factor {@code other} is multiplied by before it is added
     */
    public Tensor add_(Tensor other, double alpha) {
        return InPlace.add(this, other, alpha);
    }

    /**
     * {@return {@code this += value} in place}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor add_(double value) {
        return InPlace.addScalar(this, value);
    }

    /**
     * {@return {@code this -= other} in place}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor sub_(Tensor other) {
        return InPlace.add(this, other, -1);
    }

    /**
     * {@return {@code this *= other} in place}
     *
     * @param other the other operand; broadcast against this tensor
     */
    public Tensor mul_(Tensor other) {
        return InPlace.mul(this, other);
    }

    /**
     * {@return {@code this *= value} in place}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor mul_(double value) {
        return InPlace.mulScalar(this, value);
    }

    /**
     * {@return {@code this /= value} in place}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     */
    public Tensor div_(double value) {
        return InPlace.mulScalar(this, 1.0 / value);
    }

    /**
     * Sets every element to 0.
     *
     * @return this tensor, zeroed
     */
    public Tensor zero_() {
        return InPlace.fill(this, 0);
    }

    /**
     * Sets every element to {@code value}.
     *
     * @param value the value written to every element
     * @return this tensor, filled
     */
    public Tensor fill_(double value) {
        return InPlace.fill(this, value);
    }

    /**
     * Copies {@code src} (broadcast to this shape, converted to this type) into this tensor.
     *
     * @param src the tensor copied into this one; broadcast to this tensor's shape
     * @return this tensor, holding the copy
     */
    public Tensor copy_(Tensor src) {
        return InPlace.copy(this, src);
    }

    /**
     * Clamps in place.
     *
     * @param min the lower bound (null for none)
     * @param max the upper bound (null for none)
     * @return this tensor, clamped
     */
    public Tensor clamp_(Double min, Double max) {
        return InPlace.clamp(this, min, max);
    }

    /**
     * Writes {@code value} where {@code mask} is true, in place.
     *
     * @param mask a bool tensor broadcastable to this tensor's shape
     * @param value the value written where {@code mask} is true
     * @return this tensor, modified
     */
    public Tensor maskedFill_(Tensor mask, double value) {
        return InPlace.maskedFill(this, mask, value);
    }

    /**
     * {@return {@code max(x, 0)} in place}
     */
    public Tensor relu_() {
        return InPlace.relu(this);
    }

    /**
     * Fills with U[low, high) samples in place.
     *
     * @param g the random generator that draws the values (its state advances)
     * @param low the lower bound of the range (inclusive)
     * @param high the upper bound of the range (exclusive)
     * @return this tensor, filled
     */
    public Tensor uniform_(Generator g, double low, double high) {
        return InPlace.uniform(this, g, low, high);
    }

    /**
     * Fills with N(mean, std) samples in place.
     *
     * @param g the random generator that draws the values (its state advances)
     * @param mean the mean of the normal distribution
     * @param std the standard deviation of the normal distribution (≥ 0)
     * @return this tensor, filled
     */
    public Tensor normal_(Generator g, double mean, double std) {
        return InPlace.normal(this, g, mean, std);
    }

    // ---- out= variants: write the result into a preallocated tensor (PyTorch's out= argument).
    // out must have the result's shape and type (it is not resized); no graph is recorded, so under
    // grad mode no input may require grad. out may be this tensor itself. Each returns out.

    /**
     * {@return {@code out = max(this, 0)}}
     *
     * @param out the tensor the result is written to, of the result's shape and dtype
     */
    public Tensor reluInto(Tensor out) {
        return UnaryOps.applyInto(UnaryFunction.RELU, this, out);
    }

    /**
     * {@return {@code out = this + other} with broadcasting}
     *
     * @param other the other operand; broadcast against this tensor
     * @param out the tensor the result is written to, of the result's shape and dtype
     */
    public Tensor addInto(Tensor other, Tensor out) {
        return BinaryOps.addInto(this, other, 1, out);
    }

    /**
     * {@return {@code out = this + value}}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     * @param out the tensor the result is written to, of the result's shape and dtype
     */
    public Tensor addInto(double value, Tensor out) {
        return BinaryOps.addScalarInto(this, value, out);
    }

    /**
     * {@return {@code out = this · other} with broadcasting}
     *
     * @param other the other operand; broadcast against this tensor
     * @param out the tensor the result is written to, of the result's shape and dtype
     */
    public Tensor mulInto(Tensor other, Tensor out) {
        return BinaryOps.mulInto(this, other, out);
    }

    /**
     * {@return {@code out = this · value}}
     *
     * @param value the scalar operand, converted to this tensor's dtype
     * @param out the tensor the result is written to, of the result's shape and dtype
     */
    public Tensor mulInto(double value, Tensor out) {
        return BinaryOps.mulScalarInto(this, value, out);
    }

    // ------------------------------------------------------------------ printing

    /** Prints like PyTorch: {@code tensor([[1., 2.], [3., 4.]], requires_grad=true)}, abbreviated when large. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
