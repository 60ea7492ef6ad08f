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

    /** A new zero-filled contiguous tensor. */
    public static Tensor empty(DType dtype, int... shape) {
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("empty: negative dimension in shape " + Shape.str(shape));
            }
        }
        return new Tensor(Storage.allocate(dtype, Shape.numel(shape)), shape.clone(), Shape.contiguousStrides(shape), 0, null);
    }

    // ------------------------------------------------------------------ creation

    /** A 1-D float32 tensor holding {@code values}. */
    public static Tensor of(float... values) {
        return over(Storage.wrap(values.clone()), values.length);
    }

    /** A 1-D float64 tensor holding {@code values}. */
    public static Tensor of(double... values) {
        return over(Storage.wrap(values.clone()), values.length);
    }

    /** A 1-D int64 tensor holding {@code values}. */
    public static Tensor of(long... values) {
        return over(Storage.wrap(values.clone()), values.length);
    }

    /** A 1-D bool tensor holding {@code values}. */
    public static Tensor of(boolean... values) {
        return over(Storage.wrap(values.clone()), values.length);
    }

    /** A 2-D float32 tensor from rows of equal length. */
    public static Tensor of(float[][] rows) {
        return Factory.fromNested(rows, DType.FLOAT32);
    }

    /** A 2-D float64 tensor from rows of equal length. */
    public static Tensor of(double[][] rows) {
        return Factory.fromNested(rows, DType.FLOAT64);
    }

    /** A 3-D float32 tensor from nested arrays of equal lengths. */
    public static Tensor of(float[][][] values) {
        return Factory.fromNested(values, DType.FLOAT32);
    }

    /** A float32 tensor of {@code shape} holding a copy of {@code data} (row-major). */
    public static Tensor fromArray(float[] data, int... shape) {
        checkLength("fromArray", data.length, shape);
        return over(Storage.wrap(data.clone()), shape);
    }

    /** A float64 tensor of {@code shape} holding a copy of {@code data} (row-major). */
    public static Tensor fromArray(double[] data, int... shape) {
        checkLength("fromArray", data.length, shape);
        return over(Storage.wrap(data.clone()), shape);
    }

    /** An int64 tensor of {@code shape} holding a copy of {@code data} (row-major). */
    public static Tensor fromArray(long[] data, int... shape) {
        checkLength("fromArray", data.length, shape);
        return over(Storage.wrap(data.clone()), shape);
    }

    /** A bool tensor of {@code shape} holding a copy of {@code data} (row-major). */
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

    /** A 0-dimensional float32 tensor. */
    public static Tensor scalar(double value) {
        return Factory.full(DType.FLOAT32, value);
    }

    /** A 0-dimensional tensor of the given type. */
    public static Tensor scalar(DType dtype, double value) {
        return Factory.full(dtype, value);
    }

    /** float32 zeros. */
    public static Tensor zeros(int... shape) {
        return empty(DType.FLOAT32, shape);
    }

    /** Zeros of a given type. */
    public static Tensor zeros(DType dtype, int... shape) {
        return empty(dtype, shape);
    }

    /** float32 ones. */
    public static Tensor ones(int... shape) {
        return Factory.full(DType.FLOAT32, 1, shape);
    }

    /** Ones of a given type. */
    public static Tensor ones(DType dtype, int... shape) {
        return Factory.full(dtype, 1, shape);
    }

    /** A float32 tensor filled with {@code value}. */
    public static Tensor full(double value, int... shape) {
        return Factory.full(DType.FLOAT32, value, shape);
    }

    /** A tensor of a given type filled with {@code value}. */
    public static Tensor full(DType dtype, double value, int... shape) {
        return Factory.full(dtype, value, shape);
    }

    /** Zeros with this tensor's type and shape. */
    public Tensor zerosLike() {
        return empty(dtype(), shape);
    }

    /** Ones with this tensor's type and shape. */
    public Tensor onesLike() {
        return Factory.full(dtype(), 1, shape);
    }

    /** {@code value} everywhere, with this tensor's type and shape. */
    public Tensor fullLike(double value) {
        return Factory.full(dtype(), value, shape);
    }

    /** [0, 1, …, end-1] as int64, like {@code torch.arange(end)}. */
    public static Tensor arange(long end) {
        return Factory.arange(0, end, 1, DType.INT64);
    }

    /** [start, start+step, …) below {@code end}; int64 when all three are integers, else float32. */
    public static Tensor arange(double start, double end, double step) {
        boolean integral = start == Math.rint(start) && end == Math.rint(end) && step == Math.rint(step);
        return Factory.arange(start, end, step, integral ? DType.INT64 : DType.FLOAT32);
    }

    /** [start, start+step, …) below {@code end} with an explicit type. */
    public static Tensor arange(double start, double end, double step, DType dtype) {
        return Factory.arange(start, end, step, dtype);
    }

    /** {@code steps} evenly spaced float32 values from {@code start} to {@code end} inclusive. */
    public static Tensor linspace(double start, double end, int steps) {
        return Factory.linspace(start, end, steps, DType.FLOAT32);
    }

    /** The n×n float32 identity matrix. */
    public static Tensor eye(int n) {
        return Factory.eye(n, n, DType.FLOAT32);
    }

    /** The rows×cols float32 matrix with ones on the main diagonal. */
    public static Tensor eye(int rows, int cols) {
        return Factory.eye(rows, cols, DType.FLOAT32);
    }

    /** U[0, 1) float32 samples from the default generator. */
    public static Tensor rand(int... shape) {
        return Factory.uniform(Kiln.defaultGenerator(), 0, 1, DType.FLOAT32, shape);
    }

    /** U[0, 1) float32 samples from {@code g}. */
    public static Tensor rand(Generator g, int... shape) {
        return Factory.uniform(g, 0, 1, DType.FLOAT32, shape);
    }

    /** N(0, 1) float32 samples from the default generator. */
    public static Tensor randn(int... shape) {
        return Factory.normal(Kiln.defaultGenerator(), 0, 1, DType.FLOAT32, shape);
    }

    /** N(0, 1) float32 samples from {@code g}. */
    public static Tensor randn(Generator g, int... shape) {
        return Factory.normal(g, 0, 1, DType.FLOAT32, shape);
    }

    /** Uniform int64 samples in [low, high). */
    public static Tensor randint(Generator g, long low, long high, int... shape) {
        return Factory.randint(g, low, high, shape);
    }

    /** Uniform int64 samples in [low, high) from the default generator. */
    public static Tensor randint(long low, long high, int... shape) {
        return Factory.randint(Kiln.defaultGenerator(), low, high, shape);
    }

    /** N(mean, std) float32 samples. */
    public static Tensor normal(Generator g, double mean, double std, int... shape) {
        return Factory.normal(g, mean, std, DType.FLOAT32, shape);
    }

    /** U[low, high) float32 samples. */
    public static Tensor uniform(Generator g, double low, double high, int... shape) {
        return Factory.uniform(g, low, high, DType.FLOAT32, shape);
    }

    /** 0/1 samples with the probabilities held in this tensor, same type and shape. */
    public Tensor bernoulli(Generator g) {
        return Factory.bernoulli(this, g);
    }

    /** 0/1 samples with the probabilities held in this tensor, from the default generator. */
    public Tensor bernoulli() {
        return Factory.bernoulli(this, Kiln.defaultGenerator());
    }

    // ------------------------------------------------------------------ layout and metadata

    /** The element type. */
    public DType dtype() {
        return storage.dtype();
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** The size of dimension {@code dim} (negative counts from the end). */
    public int size(int dim) {
        return shape[Shape.wrapDim("size", dim, shape.length)];
    }

    /** The number of dimensions. */
    public int dim() {
        return shape.length;
    }

    /** The number of elements. */
    public int numel() {
        return Shape.numel(shape);
    }

    /** A copy of the strides, in elements. */
    public int[] strides() {
        return strides.clone();
    }

    /** The storage offset of element [0, …, 0]. */
    public int offset() {
        return offset;
    }

    /**
     * True when this tensor and {@code other} share one storage (one is a view of the other, or
     * both view the same tensor), as {@code a.untyped_storage().data_ptr() == b.untyped_storage().data_ptr()}
     * tells in PyTorch: a write through one is then seen through the other.
     */
    public boolean sharesStorage(Tensor other) {
        return storage == other.storage;
    }

    /**
     * The device this tensor's storage lives on; ops compute on it through
     * {@code device().backend()}.
     */
    public dev.kiln.backend.Device device() {
        return storage.device();
    }

    /** The tensor this is a view of, or null. */
    public Tensor base() {
        return base;
    }

    /** True when the elements are laid out densely in row-major order (size-1 dimensions ignored). */
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

    /** The in-place version counter of the storage. */
    public int version() {
        return storage.version();
    }

    // ------------------------------------------------------------------ element access

    /** The value of a one-element tensor as a double. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: only a one-element tensor can be converted to a number, this one has shape "
                    + Shape.str(shape));
        }
        return getDouble(new int[shape.length]);
    }

    /** The element at {@code index} (one index per dimension, negative counts from the end). */
    public double getDouble(int... index) {
        int p = position("getDouble", index);
        return switch (dtype()) {
            case FLOAT32 -> storage.floats()[p];
            case FLOAT64 -> storage.doubles()[p];
            case INT64 -> storage.longs()[p];
            case BOOL -> storage.booleans()[p] ? 1 : 0;
        };
    }

    /** The element at {@code index} as a float. */
    public float getFloat(int... index) {
        return (float) getDouble(index);
    }

    /** The element at {@code index} as a long. */
    public long getLong(int... index) {
        int p = position("getLong", index);
        return dtype() == DType.INT64 ? storage.longs()[p] : (long) getDouble(index);
    }

    /** Writes one element in place (bumps the version). */
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

    /** The elements in row-major order as floats (a copy). */
    public float[] toFloatArray() {
        return Cast.toFloatArray(this);
    }

    /** The elements in row-major order as doubles (a copy). */
    public double[] toDoubleArray() {
        return Cast.toDoubleArray(this);
    }

    /** The elements in row-major order as longs (a copy). */
    public long[] toLongArray() {
        return Cast.toLongArray(this);
    }

    /** The elements in row-major order as booleans (a copy; non-zero is true). */
    public boolean[] toBooleanArray() {
        return Cast.toBooleanArray(this);
    }

    // ------------------------------------------------------------------ autograd

    /** True when gradients flow to this tensor: a leaf marked so, or the result of a recorded op. */
    public boolean requiresGrad() {
        return autograd != null && autograd.requiresGrad();
    }

    /**
     * Marks this leaf as requiring grad (or not), in place, like {@code requires_grad_()}.
     *
     * @return this tensor
     */
    public Tensor requiresGrad(boolean value) {
        if (autograd == null && !value) {
            return this;
        }
        meta().setRequiresGrad(value);
        return this;
    }

    /** The accumulated gradient, or null when none has reached this tensor. */
    public Tensor grad() {
        return autograd == null ? null : autograd.grad();
    }

    /** Replaces the gradient (null clears it); it must have this tensor's shape. */
    public void setGrad(Tensor g) {
        meta().setGrad(g);
    }

    /** The node that produced this tensor, or null for a leaf. */
    public Node gradFn() {
        return autograd == null ? null : autograd.gradFn();
    }

    /** True for tensors not produced by a recorded op. */
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

    /** True for a non-leaf on which {@link #retainGrad()} was called (PyTorch's {@code retains_grad}; false for leaves). */
    public boolean retainsGrad() {
        return autograd != null && autograd.retainsGrad();
    }

    /** A tensor sharing this one's storage that does not require grad. */
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

    /** Back-propagates {@code gradient} (of this tensor's shape). */
    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient, GradOptions.DEFAULT);
    }

    /** Back-propagates {@code gradient}; with {@code retainGraph} the graph can be used again. */
    public void backward(Tensor gradient, boolean retainGraph) {
        Autograd.backward(this, gradient == null ? onesLike() : gradient, GradOptions.DEFAULT.retainGraph(retainGraph));
    }

    /** Sums this gradient down to {@code target} (the reverse of broadcasting). */
    public Tensor sumToShape(int[] target) {
        return Reductions.sumToShape(this, target);
    }

    // ------------------------------------------------------------------ views

    /** A view with another shape (one -1 is inferred); the tensor must be contiguous enough. */
    public Tensor view(int... newShape) {
        return Views.view(this, newShape);
    }

    /** Like {@link #view} but copies when the layout does not allow a view. */
    public Tensor reshape(int... newShape) {
        return Views.reshape(this, newShape);
    }

    /** Swaps two dimensions. */
    public Tensor transpose(int dim0, int dim1) {
        return Views.transpose(this, dim0, dim1);
    }

    /** The transpose of a matrix (0-D and 1-D tensors are returned as they are). */
    public Tensor t() {
        if (dim() > 2) {
            throw new IllegalArgumentException("t: expects a tensor with at most 2 dimensions, got shape " + Shape.str(shape));
        }
        return dim() < 2 ? this : transpose(0, 1);
    }

    /** Reorders the dimensions. */
    public Tensor permute(int... dims) {
        return Views.permute(this, dims);
    }

    /** Repeats size-1 dimensions (and adds leading ones) without copying; -1 keeps a size. */
    public Tensor expand(int... sizes) {
        return Views.expand(this, sizes);
    }

    /** Expands to another tensor's shape. */
    public Tensor expandAs(Tensor other) {
        return Views.expand(this, other.shape);
    }

    /** Elements [start, start+length) along {@code dim}. */
    public Tensor narrow(int dim, int start, int length) {
        return Views.narrow(this, dim, start, length);
    }

    /** Python slicing {@code [start:end:step]} along {@code dim}; negative start/end count from the end. */
    public Tensor slice(int dim, Integer start, Integer end, int step) {
        return Views.slice(this, dim, start, end, step);
    }

    /** Python slicing {@code [start:end]} along {@code dim}. */
    public Tensor slice(int dim, int start, int end) {
        return Views.slice(this, dim, start, end, 1);
    }

    /** The sub-tensor at {@code index} along {@code dim}, which is removed. */
    public Tensor select(int dim, int index) {
        return Views.select(this, dim, index);
    }

    /** Indexes leading dimensions: {@code x.get(1, 2)} is {@code x[1][2]}. */
    public Tensor get(int... indices) {
        Tensor r = this;
        for (int i : indices) {
            r = r.select(0, i);
        }
        return r;
    }

    /** Removes every size-1 dimension. */
    public Tensor squeeze() {
        return Views.squeeze(this, null);
    }

    /** Removes dimension {@code dim} if its size is 1. */
    public Tensor squeeze(int dim) {
        return Views.squeeze(this, dim);
    }

    /** Inserts a size-1 dimension at {@code dim} (negative counts from the end of the result). */
    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    /** Flattens to 1-D. */
    public Tensor flatten() {
        return Views.flatten(this, 0, -1);
    }

    /** Merges dimensions startDim … endDim (inclusive). */
    public Tensor flatten(int startDim, int endDim) {
        return Views.flatten(this, startDim, endDim);
    }

    /** Splits dimension {@code dim} into {@code sizes}. */
    public Tensor unflatten(int dim, int... sizes) {
        return Views.unflatten(this, dim, sizes);
    }

    /** This tensor if contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : Views.contiguousCopy(this);
    }

    /** A contiguous copy that records a graph node when needed. */
    @Override
    @SuppressWarnings("MethodDoesntCallSuperMethod")
    public Tensor clone() {
        return Views.contiguousCopy(this);
    }

    /** A copy converted to {@code type} (this tensor itself when the type already matches). */
    public Tensor to(DType type) {
        return type == dtype() ? this : Cast.to(this, type);
    }

    // ------------------------------------------------------------------ element-wise arithmetic

    /** {@code this + other} with broadcasting. */
    public Tensor add(Tensor other) {
        return BinaryOps.add(this, other, 1);
    }

    /** {@code this + alpha·other} with broadcasting. */
    public Tensor add(Tensor other, double alpha) {
        return BinaryOps.add(this, other, alpha);
    }

    /** {@code this + value}. */
    public Tensor add(double value) {
        return BinaryOps.addScalar(this, value);
    }

    /** {@code this - other} with broadcasting. */
    public Tensor sub(Tensor other) {
        return BinaryOps.add(this, other, -1);
    }

    /** {@code this - alpha·other} with broadcasting. */
    public Tensor sub(Tensor other, double alpha) {
        return BinaryOps.add(this, other, -alpha);
    }

    /** {@code this - value}. */
    public Tensor sub(double value) {
        return BinaryOps.addScalar(this, -value);
    }

    /** {@code value - this}. */
    public Tensor rsub(double value) {
        return BinaryOps.addScalar(BinaryOps.mulScalar(this, -1), value);
    }

    /** {@code this · other} element-wise with broadcasting. */
    public Tensor mul(Tensor other) {
        return BinaryOps.mul(this, other);
    }

    /** {@code this · value}. */
    public Tensor mul(double value) {
        return BinaryOps.mulScalar(this, value);
    }

    /** {@code this / other} (true division) with broadcasting. */
    public Tensor div(Tensor other) {
        return BinaryOps.div(this, other);
    }

    /** {@code this / value}. */
    public Tensor div(double value) {
        return BinaryOps.mulScalar(this, 1.0 / value);
    }

    /** {@code this ^ exponent}. */
    public Tensor pow(double exponent) {
        return BinaryOps.powScalar(this, exponent);
    }

    /** {@code this ^ exponent} element-wise with broadcasting. */
    public Tensor pow(Tensor exponent) {
        return BinaryOps.pow(this, exponent);
    }

    /** The element-wise larger of two tensors (gradient split evenly on ties). */
    public Tensor maximum(Tensor other) {
        return BinaryOps.maximum(this, other);
    }

    /** The element-wise smaller of two tensors (gradient split evenly on ties). */
    public Tensor minimum(Tensor other) {
        return BinaryOps.minimum(this, other);
    }

    /** {@code -this}. */
    public Tensor neg() {
        return UnaryOps.apply(UnaryFunction.NEG, this);
    }

    /** {@code |this|}. */
    public Tensor abs() {
        return UnaryOps.apply(UnaryFunction.ABS, this);
    }

    /** -1, 0 or 1 by sign. */
    public Tensor sign() {
        return UnaryOps.apply(UnaryFunction.SIGN, this);
    }

    /** {@code e^x}. */
    public Tensor exp() {
        return UnaryOps.apply(UnaryFunction.EXP, this);
    }

    /** Natural logarithm. */
    public Tensor log() {
        return UnaryOps.apply(UnaryFunction.LOG, this);
    }

    /** {@code log(1 + x)}, accurate for small x. */
    public Tensor log1p() {
        return UnaryOps.apply(UnaryFunction.LOG1P, this);
    }

    /** {@code e^x - 1}, accurate for small x. */
    public Tensor expm1() {
        return UnaryOps.apply(UnaryFunction.EXPM1, this);
    }

    /** Square root. */
    public Tensor sqrt() {
        return UnaryOps.apply(UnaryFunction.SQRT, this);
    }

    /** {@code 1/√x}. */
    public Tensor rsqrt() {
        return UnaryOps.apply(UnaryFunction.RSQRT, this);
    }

    /** {@code x²}. */
    public Tensor square() {
        return UnaryOps.apply(UnaryFunction.SQUARE, this);
    }

    /** {@code 1/x}. */
    public Tensor reciprocal() {
        return UnaryOps.apply(UnaryFunction.RECIPROCAL, this);
    }

    /** Sine. */
    public Tensor sin() {
        return UnaryOps.apply(UnaryFunction.SIN, this);
    }

    /** Cosine. */
    public Tensor cos() {
        return UnaryOps.apply(UnaryFunction.COS, this);
    }

    /** Hyperbolic tangent. */
    public Tensor tanh() {
        return UnaryOps.apply(UnaryFunction.TANH, this);
    }

    /** The logistic function {@code 1/(1+e^-x)}. */
    public Tensor sigmoid() {
        return UnaryOps.apply(UnaryFunction.SIGMOID, this);
    }

    /** {@code max(x, 0)}. */
    public Tensor relu() {
        return UnaryOps.apply(UnaryFunction.RELU, this);
    }

    /** The error function. */
    public Tensor erf() {
        return UnaryOps.apply(UnaryFunction.ERF, this);
    }

    /** Rounds down (gradient 0). */
    public Tensor floor() {
        return UnaryOps.apply(UnaryFunction.FLOOR, this);
    }

    /** Rounds up (gradient 0). */
    public Tensor ceil() {
        return UnaryOps.apply(UnaryFunction.CEIL, this);
    }

    /** Rounds half to even, like {@code torch.round} (gradient 0). */
    public Tensor round() {
        return UnaryOps.apply(UnaryFunction.ROUND, this);
    }

    /** Limits to [min, max]; a null bound is absent. The derivative at a bound is 1. */
    public Tensor clamp(Double min, Double max) {
        return UnaryOps.clamp(this, min, max);
    }

    /** Limits to [min, max]. */
    public Tensor clamp(double min, double max) {
        return UnaryOps.clamp(this, min, max);
    }

    /** {@code max(x, min)}. */
    public Tensor clampMin(double min) {
        return UnaryOps.clamp(this, min, null);
    }

    /** {@code min(x, max)}. */
    public Tensor clampMax(double max) {
        return UnaryOps.clamp(this, null, max);
    }

    /** The elements in reverse order along each of {@code dims}, like {@code torch.flip}. */
    public Tensor flip(int... dims) {
        return Rearrange.flip(this, dims);
    }

    /** The elements shifted by {@code shift} along {@code dim}, wrapping around, like {@code torch.roll}. */
    public Tensor roll(int shift, int dim) {
        return Rearrange.roll(this, shift, dim);
    }

    /** The tensor tiled {@code reps[i]} times along dim i, like {@code Tensor.repeat}. */
    public Tensor repeat(int... reps) {
        return Rearrange.repeat(this, reps);
    }

    /** The lower triangle of the last two dims (zeros above the main diagonal), like {@code torch.tril}. */
    public Tensor tril() {
        return Rearrange.tril(this, 0);
    }

    /** The lower triangle of the last two dims, keeping {@code j − i ≤ diagonal}. */
    public Tensor tril(int diagonal) {
        return Rearrange.tril(this, diagonal);
    }

    /** The upper triangle of the last two dims (zeros below the main diagonal), like {@code torch.triu}. */
    public Tensor triu() {
        return Rearrange.triu(this, 0);
    }

    /** The upper triangle of the last two dims, keeping {@code j − i ≥ diagonal}. */
    public Tensor triu(int diagonal) {
        return Rearrange.triu(this, diagonal);
    }

    /** Takes this tensor where {@code condition} is true and {@code other} elsewhere (all broadcast). */
    public Tensor where(Tensor condition, Tensor other) {
        return Indexing.where(condition, this, other);
    }

    /** {@code condition ? input : other} element-wise, like {@code torch.where}. */
    public static Tensor where(Tensor condition, Tensor input, Tensor other) {
        return Indexing.where(condition, input, other);
    }

    // ------------------------------------------------------------------ comparisons and logic (bool results)

    /** {@code this == other} element-wise. */
    public Tensor eq(Tensor other) {
        return Comparison.compare(Comparison.Op.EQ, this, other);
    }

    /** {@code this == value} element-wise. */
    public Tensor eq(double value) {
        return Comparison.compare(Comparison.Op.EQ, this, value);
    }

    /** {@code this != other} element-wise. */
    public Tensor ne(Tensor other) {
        return Comparison.compare(Comparison.Op.NE, this, other);
    }

    /** {@code this != value} element-wise. */
    public Tensor ne(double value) {
        return Comparison.compare(Comparison.Op.NE, this, value);
    }

    /** {@code this < other} element-wise. */
    public Tensor lt(Tensor other) {
        return Comparison.compare(Comparison.Op.LT, this, other);
    }

    /** {@code this < value} element-wise. */
    public Tensor lt(double value) {
        return Comparison.compare(Comparison.Op.LT, this, value);
    }

    /** {@code this <= other} element-wise. */
    public Tensor le(Tensor other) {
        return Comparison.compare(Comparison.Op.LE, this, other);
    }

    /** {@code this <= value} element-wise. */
    public Tensor le(double value) {
        return Comparison.compare(Comparison.Op.LE, this, value);
    }

    /** {@code this > other} element-wise. */
    public Tensor gt(Tensor other) {
        return Comparison.compare(Comparison.Op.GT, this, other);
    }

    /** {@code this > value} element-wise. */
    public Tensor gt(double value) {
        return Comparison.compare(Comparison.Op.GT, this, value);
    }

    /** {@code this >= other} element-wise. */
    public Tensor ge(Tensor other) {
        return Comparison.compare(Comparison.Op.GE, this, other);
    }

    /** {@code this >= value} element-wise. */
    public Tensor ge(double value) {
        return Comparison.compare(Comparison.Op.GE, this, value);
    }

    /** Logical and of two tensors read as booleans (non-zero is true). */
    public Tensor logicalAnd(Tensor other) {
        return Comparison.logical(Comparison.Logic.AND, this, other);
    }

    /** Logical or. */
    public Tensor logicalOr(Tensor other) {
        return Comparison.logical(Comparison.Logic.OR, this, other);
    }

    /** Logical exclusive or. */
    public Tensor logicalXor(Tensor other) {
        return Comparison.logical(Comparison.Logic.XOR, this, other);
    }

    /** Logical not. */
    public Tensor logicalNot() {
        return Comparison.logicalNot(this);
    }

    /** True where an element is NaN. */
    public Tensor isnan() {
        return Comparison.isnan(this);
    }

    /** True where an element is ±infinity. */
    public Tensor isinf() {
        return Comparison.isinf(this);
    }

    /** True where an element is finite. */
    public Tensor isfinite() {
        return Comparison.isfinite(this);
    }

    /** True when both tensors have the same shape and every pair of elements is within {@code atol + rtol·|other|}. */
    public boolean allclose(Tensor other, double rtol, double atol) {
        return Comparison.allclose(this, other, rtol, atol);
    }

    /** {@link #allclose(Tensor, double, double)} with PyTorch's defaults rtol 1e-5, atol 1e-8. */
    public boolean allclose(Tensor other) {
        return Comparison.allclose(this, other, 1e-5, 1e-8);
    }

    /** True when both tensors have the same shape and the same elements. */
    public boolean equal(Tensor other) {
        return Comparison.equal(this, other);
    }

    // ------------------------------------------------------------------ reductions

    /** The sum of all elements (a scalar). */
    public Tensor sum() {
        return Reductions.sum(this, null, false);
    }

    /** The sum over {@code dim}, which is removed ({@code x.sum(dim)} in PyTorch). */
    public Tensor sum(int dim) {
        return sum(dim, false);
    }

    /** The sum over {@code dim}. */
    public Tensor sum(int dim, boolean keepdim) {
        return Reductions.sum(this, new int[] {dim}, keepdim);
    }

    /** The sum over several dims. */
    public Tensor sum(int[] dims, boolean keepdim) {
        return Reductions.sum(this, dims, keepdim);
    }

    /** The mean of all elements. */
    public Tensor mean() {
        return Reductions.mean(this, null, false);
    }

    /** The mean over {@code dim}, which is removed ({@code x.mean(dim)} in PyTorch). */
    public Tensor mean(int dim) {
        return mean(dim, false);
    }

    /** The mean over {@code dim}. */
    public Tensor mean(int dim, boolean keepdim) {
        return Reductions.mean(this, new int[] {dim}, keepdim);
    }

    /** The mean over several dims. */
    public Tensor mean(int[] dims, boolean keepdim) {
        return Reductions.mean(this, dims, keepdim);
    }

    /** The product of all elements. */
    public Tensor prod() {
        return Reductions.prod(this, null, false);
    }

    /** The product over {@code dim}. */
    public Tensor prod(int dim, boolean keepdim) {
        return Reductions.prod(this, dim, keepdim);
    }

    /** The largest element (a scalar). */
    public Tensor max() {
        return MaxMin.max(this);
    }

    /** The largest elements along {@code dim} (removed) and their positions, as {@code x.max(dim)} in PyTorch. */
    public ValuesIndices max(int dim) {
        return max(dim, false);
    }

    /** The largest elements along {@code dim} and their positions. */
    public ValuesIndices max(int dim, boolean keepdim) {
        return MaxMin.max(this, dim, keepdim);
    }

    /** The smallest element (a scalar). */
    public Tensor min() {
        return MaxMin.min(this);
    }

    /** The smallest elements along {@code dim} (removed) and their positions, as {@code x.min(dim)} in PyTorch. */
    public ValuesIndices min(int dim) {
        return min(dim, false);
    }

    /** The smallest elements along {@code dim} and their positions. */
    public ValuesIndices min(int dim, boolean keepdim) {
        return MaxMin.min(this, dim, keepdim);
    }

    /** The maximum over several dims (values only; the gradient is split evenly on ties). */
    public Tensor amax(int[] dims, boolean keepdim) {
        return MaxMin.amax(this, dims, keepdim);
    }

    /** The minimum over several dims (values only). */
    public Tensor amin(int[] dims, boolean keepdim) {
        return MaxMin.amin(this, dims, keepdim);
    }

    /** The index of the largest element of the flattened tensor (int64 scalar). */
    public Tensor argmax() {
        return MaxMin.argmax(this, null, false);
    }

    /** The indices of the largest elements along {@code dim}. */
    public Tensor argmax(int dim, boolean keepdim) {
        return MaxMin.argmax(this, dim, keepdim);
    }

    /** The index of the smallest element of the flattened tensor. */
    public Tensor argmin() {
        return MaxMin.argmin(this, null, false);
    }

    /** The indices of the smallest elements along {@code dim}. */
    public Tensor argmin(int dim, boolean keepdim) {
        return MaxMin.argmin(this, dim, keepdim);
    }

    /** The variance of all elements with Bessel's correction (divides by N-1). */
    public Tensor var() {
        return Statistics.var(this, null, 1, false);
    }

    /** The variance over {@code dims}, dividing by N - correction. */
    public Tensor var(int[] dims, int correction, boolean keepdim) {
        return Statistics.var(this, dims, correction, keepdim);
    }

    /** The standard deviation of all elements with Bessel's correction. */
    public Tensor std() {
        return Statistics.std(this, null, 1, false);
    }

    /** The standard deviation over {@code dims}, dividing by N - correction. */
    public Tensor std(int[] dims, int correction, boolean keepdim) {
        return Statistics.std(this, dims, correction, keepdim);
    }

    /** The p-norm of all elements as one vector ({@code Double.POSITIVE_INFINITY} for the max norm). */
    public Tensor norm(double p) {
        return Statistics.norm(this, p, null, false);
    }

    /** The 2-norm of all elements. */
    public Tensor norm() {
        return Statistics.norm(this, 2, null, false);
    }

    /** The p-norm over {@code dims}. */
    public Tensor norm(double p, int[] dims, boolean keepdim) {
        return Statistics.norm(this, p, dims, keepdim);
    }

    /** {@code log Σ exp(x)} over {@code dims}, computed stably. */
    public Tensor logsumexp(int[] dims, boolean keepdim) {
        return Statistics.logsumexp(this, dims, keepdim);
    }

    /** {@code log Σ exp(x)} over {@code dim}. */
    public Tensor logsumexp(int dim, boolean keepdim) {
        return Statistics.logsumexp(this, new int[] {dim}, keepdim);
    }

    /** The cumulative sum along {@code dim}. */
    public Tensor cumsum(int dim) {
        return Cumulative.cumsum(this, dim);
    }

    /** True (a bool scalar) when every element is non-zero. */
    public Tensor all() {
        return Reductions.all(this, null, false);
    }

    /** Whether every element along {@code dim} is non-zero. */
    public Tensor all(int dim, boolean keepdim) {
        return Reductions.all(this, dim, keepdim);
    }

    /** True (a bool scalar) when any element is non-zero. */
    public Tensor any() {
        return Reductions.any(this, null, false);
    }

    /** Whether any element along {@code dim} is non-zero. */
    public Tensor any(int dim, boolean keepdim) {
        return Reductions.any(this, dim, keepdim);
    }

    // ------------------------------------------------------------------ linear algebra

    /** The matrix product with PyTorch's 1-D, 2-D and batched broadcasting rules. */
    public Tensor matmul(Tensor other) {
        return MatMul.matmul(this, other);
    }

    /** The product of two matrices. */
    public Tensor mm(Tensor other) {
        return MatMul.mm(this, other);
    }

    /** The batched product of (B, n, k) and (B, k, m). */
    public Tensor bmm(Tensor other) {
        return MatMul.bmm(this, other);
    }

    /** The dot product of two 1-D tensors. */
    public Tensor dot(Tensor other) {
        return MatMul.dot(this, other);
    }

    /** The outer product of two 1-D tensors. */
    public Tensor outer(Tensor other) {
        return MatMul.outer(this, other);
    }

    // ------------------------------------------------------------------ joining, indexing, sorting

    /** Joins tensors along an existing dimension. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return Join.cat(tensors, dim);
    }

    /** Joins tensors along an existing dimension. */
    public static Tensor cat(int dim, Tensor... tensors) {
        return Join.cat(Arrays.asList(tensors), dim);
    }

    /** Joins tensors of equal shape along a new dimension. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return Join.stack(tensors, dim);
    }

    /** Joins tensors of equal shape along a new dimension. */
    public static Tensor stack(int dim, Tensor... tensors) {
        return Join.stack(Arrays.asList(tensors), dim);
    }

    /** Views of consecutive pieces of {@code splitSize} along {@code dim} (the last may be shorter). */
    public List<Tensor> split(int splitSize, int dim) {
        return Join.split(this, splitSize, dim);
    }

    /** Views of pieces with the given sizes along {@code dim}. */
    public List<Tensor> split(int[] sizes, int dim) {
        return Join.split(this, sizes, dim);
    }

    /** {@code chunks} views of (nearly) equal size along {@code dim}. */
    public List<Tensor> chunk(int chunks, int dim) {
        return Join.chunk(this, chunks, dim);
    }

    /** {@code out[i][j] = this[index[i][j]][j]} for dim 0, and likewise for other dims. */
    public Tensor gather(int dim, Tensor index) {
        return Indexing.gather(this, dim, index);
    }

    /** A copy with {@code src} written at {@code index} along {@code dim}. */
    public Tensor scatter(int dim, Tensor index, Tensor src) {
        return Indexing.scatter(this, dim, index, src);
    }

    /** A copy with {@code value} written at {@code index} along {@code dim}. */
    public Tensor scatter(int dim, Tensor index, double value) {
        return Indexing.scatter(this, dim, index, value);
    }

    /** A copy with {@code src} added at {@code index} along {@code dim} (repeated indices add up). */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return Indexing.scatterAdd(this, dim, index, src);
    }

    /** The entries at the int64 {@code index} along {@code dim}. */
    public Tensor indexSelect(int dim, Tensor index) {
        return Indexing.indexSelect(this, dim, index);
    }

    /** A copy with {@code value} where {@code mask} (bool, broadcast) is true. */
    public Tensor maskedFill(Tensor mask, double value) {
        return Indexing.maskedFill(this, mask, value);
    }

    /** One-hot encoding of an int64 tensor; {@code numClasses = -1} uses max+1. */
    public static Tensor oneHot(Tensor indices, int numClasses) {
        return Indexing.oneHot(indices, numClasses);
    }

    /** The k largest (or smallest) elements along {@code dim} and their indices. */
    public ValuesIndices topk(int k, int dim, boolean largest, boolean sorted) {
        return Sorting.topk(this, k, dim, largest, sorted);
    }

    /** The k largest elements along the last dimension. */
    public ValuesIndices topk(int k) {
        return Sorting.topk(this, k, -1, true, true);
    }

    /** Sorts along {@code dim} (stable). */
    public ValuesIndices sort(int dim, boolean descending) {
        return Sorting.sort(this, dim, descending);
    }

    /** The indices that sort along {@code dim}. */
    public Tensor argsort(int dim, boolean descending) {
        return Sorting.sort(this, dim, descending).indices();
    }

    // ------------------------------------------------------------------ in-place (bump the version)

    /** {@code this += other} in place. */
    public Tensor add_(Tensor other) {
        return InPlace.add(this, other, 1);
    }

    /** {@code this += alpha·other} in place. */
    public Tensor add_(Tensor other, double alpha) {
        return InPlace.add(this, other, alpha);
    }

    /** {@code this += value} in place. */
    public Tensor add_(double value) {
        return InPlace.addScalar(this, value);
    }

    /** {@code this -= other} in place. */
    public Tensor sub_(Tensor other) {
        return InPlace.add(this, other, -1);
    }

    /** {@code this *= other} in place. */
    public Tensor mul_(Tensor other) {
        return InPlace.mul(this, other);
    }

    /** {@code this *= value} in place. */
    public Tensor mul_(double value) {
        return InPlace.mulScalar(this, value);
    }

    /** {@code this /= value} in place. */
    public Tensor div_(double value) {
        return InPlace.mulScalar(this, 1.0 / value);
    }

    /** Sets every element to 0. */
    public Tensor zero_() {
        return InPlace.fill(this, 0);
    }

    /** Sets every element to {@code value}. */
    public Tensor fill_(double value) {
        return InPlace.fill(this, value);
    }

    /** Copies {@code src} (broadcast to this shape, converted to this type) into this tensor. */
    public Tensor copy_(Tensor src) {
        return InPlace.copy(this, src);
    }

    /** Clamps in place. */
    public Tensor clamp_(Double min, Double max) {
        return InPlace.clamp(this, min, max);
    }

    /** Writes {@code value} where {@code mask} is true, in place. */
    public Tensor maskedFill_(Tensor mask, double value) {
        return InPlace.maskedFill(this, mask, value);
    }

    /** {@code max(x, 0)} in place. */
    public Tensor relu_() {
        return InPlace.relu(this);
    }

    /** Fills with U[low, high) samples in place. */
    public Tensor uniform_(Generator g, double low, double high) {
        return InPlace.uniform(this, g, low, high);
    }

    /** Fills with N(mean, std) samples in place. */
    public Tensor normal_(Generator g, double mean, double std) {
        return InPlace.normal(this, g, mean, std);
    }

    // ---- out= variants: write the result into a preallocated tensor (PyTorch's out= argument).
    // out must have the result's shape and type (it is not resized); no graph is recorded, so under
    // grad mode no input may require grad. out may be this tensor itself. Each returns out.

    /** {@code out = max(this, 0)}. */
    public Tensor reluInto(Tensor out) {
        return UnaryOps.applyInto(UnaryFunction.RELU, this, out);
    }

    /** {@code out = this + other} with broadcasting. */
    public Tensor addInto(Tensor other, Tensor out) {
        return BinaryOps.addInto(this, other, 1, out);
    }

    /** {@code out = this + value}. */
    public Tensor addInto(double value, Tensor out) {
        return BinaryOps.addScalarInto(this, value, out);
    }

    /** {@code out = this · other} with broadcasting. */
    public Tensor mulInto(Tensor other, Tensor out) {
        return BinaryOps.mulInto(this, other, out);
    }

    /** {@code out = this · value}. */
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
