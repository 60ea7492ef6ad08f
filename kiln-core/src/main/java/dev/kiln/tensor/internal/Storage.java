package dev.kiln.tensor.internal;

import dev.kiln.tensor.DType;

import dev.kiln.backend.Device;

/**
 * The flat Java array behind one or more tensors, with a version counter.
 *
 * <p>Views share a storage. Every in-place write bumps {@link #version()}, which lets autograd
 * refuse to use a tensor that was modified after it was saved for backward.
 */
public final class Storage {
    private final DType dtype;
    private final Object data;
    private final int length;
    private final Loan loan;
    private int version;

    private Storage(DType dtype, Object data, int length) {
        this(dtype, data, length, null);
    }

    private Storage(DType dtype, Object data, int length, Loan loan) {
        this.dtype = dtype;
        this.data = data;
        this.length = length;
        this.loan = loan;
    }

    /** A zero-filled storage of {@code length} elements. */
    public static Storage allocate(DType dtype, int length) {
        return switch (dtype) {
            case FLOAT32 -> new Storage(dtype, new float[length], length);
            case FLOAT64 -> new Storage(dtype, new double[length], length);
            case INT64 -> new Storage(dtype, new long[length], length);
            case BOOL -> new Storage(dtype, new boolean[length], length);
        };
    }

    /** The float32 storage of a forward output over the array of {@code loan} (see {@link ForwardArrays}). */
    public static Storage lent(Loan loan) {
        float[] data = loan.array();
        return new Storage(DType.FLOAT32, data, data.length, loan);
    }

    /** Wraps an existing array without copying. */
    public static Storage wrap(float[] data) {
        return new Storage(DType.FLOAT32, data, data.length);
    }

    /** Wraps an existing array without copying. */
    public static Storage wrap(double[] data) {
        return new Storage(DType.FLOAT64, data, data.length);
    }

    /** Wraps an existing array without copying. */
    public static Storage wrap(long[] data) {
        return new Storage(DType.INT64, data, data.length);
    }

    /** Wraps an existing array without copying. */
    public static Storage wrap(boolean[] data) {
        return new Storage(DType.BOOL, data, data.length);
    }

    public DType dtype() {
        return dtype;
    }

    /** Where the data lives: {@link Device#CPU} for every heap array. */
    public Device device() {
        return Device.CPU;
    }

    public int length() {
        return length;
    }

    /** The backing array, of the type {@link #dtype()} names ({@code float[]}, {@code double[]}, {@code long[]}, {@code boolean[]}). */
    public Object array() {
        return data;
    }

    /** The backing array of a float32 storage. */
    public float[] floats() {
        return (float[]) data;
    }

    /** The backing array of a float64 storage. */
    public double[] doubles() {
        return (double[]) data;
    }

    /** The backing array of an int64 storage. */
    public long[] longs() {
        return (long[]) data;
    }

    /** The backing array of a bool storage. */
    public boolean[] booleans() {
        return (boolean[]) data;
    }

    /** {@return the loan of a lent forward output's array, or null for an array of its own} */
    public Loan loan() {
        return loan;
    }

    /** How many in-place writes this storage has seen. */
    public int version() {
        return version;
    }

    /** Records one in-place write. */
    public void bumpVersion() {
        version++;
    }
}
