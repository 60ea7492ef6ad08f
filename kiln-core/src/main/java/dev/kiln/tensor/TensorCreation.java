package dev.kiln.tensor;

import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.ops.Factory;

/**
 * Creating tensors: from Java arrays, constants, ranges, random draws, and the {@code *Like}
 * factories. The static factories are called as {@code Tensor.zeros(…)}. One layer of {@link Tensor}
 * (see {@link TensorState}).
 */
abstract sealed class TensorCreation extends TensorAutograd permits TensorViews {
    TensorCreation(Storage storage, int[] shape, int[] strides, int offset, Tensor base) {
        super(storage, shape, strides, offset, base);
    }

    /**
     * A contiguous tensor over a fresh {@code storage}, which must hold exactly {@code shape}'s elements
     * ({@code op} names the call in the error otherwise).
     */
    private static Tensor over(String op, Storage storage, int... shape) {
        if (Shape.numel(shape) != storage.length()) {
            throw new IllegalArgumentException(op + ": " + storage.length() + " values cannot fill shape " + Shape.str(shape)
                    + " (" + Shape.numel(shape) + " elements)");
        }
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
        return over("of", Storage.wrap(values.clone()), values.length);
    }

    /**
     * {@return a 1-D float64 tensor holding {@code values}}
     *
     * @param values the elements, in order; copied
     */
    public static Tensor of(double... values) {
        return over("of", Storage.wrap(values.clone()), values.length);
    }

    /**
     * {@return a 1-D int64 tensor holding {@code values}}
     *
     * @param values the elements, in order; copied
     */
    public static Tensor of(long... values) {
        return over("of", Storage.wrap(values.clone()), values.length);
    }

    /**
     * {@return a 1-D bool tensor holding {@code values}}
     *
     * @param values the elements, in order; copied
     */
    public static Tensor of(boolean... values) {
        return over("of", Storage.wrap(values.clone()), values.length);
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
        return over("fromArray", Storage.wrap(data.clone()), shape);
    }

    /**
     * {@return a float64 tensor of {@code shape} holding a copy of {@code data} (row-major)}
     *
     * @param data the elements in row-major order, exactly as many as {@code shape} holds; copied
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor fromArray(double[] data, int... shape) {
        return over("fromArray", Storage.wrap(data.clone()), shape);
    }

    /**
     * {@return an int64 tensor of {@code shape} holding a copy of {@code data} (row-major)}
     *
     * @param data the elements in row-major order, exactly as many as {@code shape} holds; copied
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor fromArray(long[] data, int... shape) {
        return over("fromArray", Storage.wrap(data.clone()), shape);
    }

    /**
     * {@return a bool tensor of {@code shape} holding a copy of {@code data} (row-major)}
     *
     * @param data the elements in row-major order, exactly as many as {@code shape} holds; copied
     * @param shape the size of each dimension of the result (each ≥ 0; none for a 0-d tensor)
     */
    public static Tensor fromArray(boolean[] data, int... shape) {
        return over("fromArray", Storage.wrap(data.clone()), shape);
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
        return Factory.bernoulli(self(), g);
    }

    /**
     * {@return 0/1 samples with the probabilities held in this tensor, from the default generator}
     */
    public Tensor bernoulli() {
        return Factory.bernoulli(self(), Kiln.defaultGenerator());
    }
}
