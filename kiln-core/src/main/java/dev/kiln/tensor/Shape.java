package dev.kiln.tensor;

import java.util.Arrays;

/** Static helpers on shapes and strides: element counts, broadcasting, dimension wrapping. */
public final class Shape {
    private Shape() {
    }

    /**
     * {@return the number of elements of a tensor with this shape (1 for a scalar)}
     *
     * @param shape the shape, one size per dimension
     */
    public static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
        }
        return (int) n;
    }

    /**
     * {@return row-major (C order) strides for a shape}
     *
     * @param shape the shape, one size per dimension
     */
    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /**
     * {@return the number of elements before dimension {@code d}: the product of sizes 0 … d − 1 (1 for
     * d = 0)} With {@link #innerSize}, a contiguous tensor is viewed as (outer, size(d), inner).
     *
     * @param shape the shape
     * @param d a dimension, 0 ≤ d ≤ rank
     */
    public static int outerSize(int[] shape, int d) {
        int outer = 1;
        for (int i = 0; i < d; i++) {
            outer *= shape[i];
        }
        return outer;
    }

    /**
     * {@return the number of elements after dimension {@code d}: the product of sizes d + 1 … rank − 1
     * (1 for the last dimension)}
     *
     * @param shape the shape
     * @param d a dimension, −1 ≤ d &lt; rank (−1 gives every element)
     */
    public static int innerSize(int[] shape, int d) {
        int inner = 1;
        for (int i = d + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        return inner;
    }

    /**
     * {@return the broadcast shape of two shapes (NumPy rules: align on the right; a size-1 or missing
     * dimension stretches)}
     *
     *
     * @param op the op's name, for the error message
     * @param a the first shape
     * @param b the second shape
     * @throws IllegalArgumentException naming {@code op} and both shapes when they do not broadcast
     */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da == db || db == 1) {
                out[i] = da;
            } else if (da == 1) {
                out[i] = db;
            } else {
                throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " cannot be broadcast (dimension " + i + ": " + da + " vs " + db + ")");
            }
        }
        return out;
    }

    /**
     * {@return strides that read a tensor of {@code shape}/{@code strides} as if broadcast to {@code target}}
     *
     * @param shape the shape, one size per dimension
     * @param strides the tensor's strides, in elements
     * @param target the shape broadcast to
     */
    public static int[] broadcastStrides(int[] shape, int[] strides, int[] target) {
        int[] out = new int[target.length];
        int shift = target.length - shape.length;
        for (int i = shape.length - 1; i >= 0; i--) {
            out[i + shift] = shape[i] == 1 && target[i + shift] != 1 ? 0 : strides[i];
        }
        return out;
    }

    /**
     * Wraps a possibly negative dimension index into [0, rank).
     *
     *
     * @param op the op's name, for the error message
     * @param dim the dimension index, negative counting from the end
     * @param rank the number of dimensions
     * @return the dimension index in [0, rank)
     * @throws IllegalArgumentException naming {@code op} when the dimension is out of range
     */
    public static int wrapDim(String op, int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r) {
            throw new IllegalArgumentException(op + ": dimension " + dim + " is out of range for a tensor of rank " + rank
                    + " (expected in [" + (-r) + ", " + (r - 1) + "])");
        }
        return dim < 0 ? dim + r : dim;
    }

    /**
     * Formats a shape the way error messages show it: {@code [3, 4]}.
     *
     * @param shape the shape, one size per dimension
     * @return the shape as text, such as {@code [3, 4]}
     */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /**
     * {@return true when the two shapes are equal}
     *
     * @param a the first shape
     * @param b the second shape
     */
    public static boolean same(int[] a, int[] b) {
        return Arrays.equals(a, b);
    }
}
