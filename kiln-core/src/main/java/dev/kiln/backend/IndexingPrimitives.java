package dev.kiln.backend;

/**
 * The primitives of indexing, sorting, scans, comparisons and reductions, part of the {@link Backend}
 * boundary: the data loops behind {@code gather}, {@code scatter}, {@code index_select}, {@code where},
 * {@code cumsum}, {@code sort}/{@code topk}, {@code argmax}/{@code max(dim)}, the comparisons and the
 * sums and extremes of rows. The ops above compute positions and shapes (loops over shapes); the
 * loops over tensor data are here.
 *
 * <p>Most take their buffers as {@code Object}: a Java array of one of the storage types,
 * {@code float[]}, {@code double[]}, {@code long[]} or {@code boolean[]}, as each method says, with
 * source and destination of one type unless it says otherwise; one primitive serves every dtype. A
 * position array ({@code int[]}) holds element indices relative to the offset it goes with; the
 * caller has checked every index against its dimension (the op names a bad index in its message).
 * Those methods have default implementations, the plain loops of the reference (the oracle the
 * fast kernels are tested against); a backend overrides the ones it has faster kernels for.
 */
public interface IndexingPrimitives {
    // ------------------------------------------------------------------ reductions (float32 rows)

    /**
     * {@return Σ x[xo+i] over i &lt; n, accumulated at least in float32 lanes and summed in float64}
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param n the number of elements
     */
    double sum(float[] x, int xo, int n);

    /**
     * {@return max x[xo+i] over i &lt; n (n ≥ 1); NaN if any element is NaN}
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param n the number of elements
     */
    float max(float[] x, int xo, int n);

    /**
     * {@return min x[xo+i] over i &lt; n (n ≥ 1); NaN if any element is NaN}
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param n the number of elements
     */
    float min(float[] x, int xo, int n);

    /**
     * out[j] = Σ_i g[go + i·rowStride + j] over i &lt; rows, for j &lt; cols (the column sums of a
     * matrix with contiguous rows; a bias gradient).
     *
     * @param g the upstream gradient buffer
     * @param go the offset of the gradient's first element in {@code g}
     * @param rowStride the distance between the starts of consecutive rows of {@code g}
     * @param rows the number of rows
     * @param cols the number of columns
     * @param out the output buffer, written from index 0
     */
    void columnSum(float[] g, int go, int rowStride, int rows, int cols, float[] out);

    /**
     * Row sums of a contiguous (rows, n) block: out[r] = Σ_k x[xo + r·n + k]. float32 rows are summed as
     * {@link #sum} sums them (rounded once to float32), float64 rows in float64, int64 rows exactly (wrapping
     * as Java's {@code long}). Arrays float[], double[] or long[], out of x's type.
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param rows the number of rows
     * @param n the row length
     * @param out the sums, written [0, rows)
     */
    default void sumRows(Object x, int xo, int rows, int n, Object out) {
        ReferenceIndexing.sumRows(x, xo, rows, n, out);
    }

    /**
     * Row products of a contiguous (rows, n) block: out[r] = Π_k x[xo + r·n + k] (1 for an empty row), float
     * rows in float64 rounded once to the output's type, int64 rows exactly (wrapping as Java's {@code long}).
     * Arrays float[], double[] or long[], out of x's type.
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param rows the number of rows
     * @param n the row length
     * @param out the products, written [0, rows)
     */
    default void prodRows(Object x, int xo, int rows, int n, Object out) {
        ReferenceIndexing.prodRows(x, xo, rows, n, out);
    }

    // ------------------------------------------------------------------ gather and scatter

    /**
     * Gather: dst[dstOffset + i] = src[srcOffset + positions[i]] for i &lt; n.
     *
     * @param src the source array (any storage type)
     * @param srcOffset the index in {@code src} that the positions count from
     * @param positions the source position of each output element
     * @param dst the destination array, of the source's type
     * @param dstOffset the index in {@code dst} of the first output element
     * @param n the number of elements
     */
    default void gather(Object src, int srcOffset, int[] positions, Object dst, int dstOffset, int n) {
        ReferenceIndexing.gather(src, srcOffset, positions, dst, dstOffset, n);
    }

    /**
     * Scatter: dst[dstPositions[i]] = src[srcOffset + srcPositions[i]] for i &lt; n, in order of i (a
     * repeated destination keeps the last write); with {@code srcPositions} null every element reads
     * src[srcOffset] (one value written at every position).
     *
     * @param src the source array (any storage type)
     * @param srcOffset the index in {@code src} that the source positions count from
     * @param srcPositions the source position of each written element, or null for src[srcOffset] throughout
     * @param dst the destination array, of the source's type
     * @param dstPositions the destination index of each written element
     * @param n the number of elements written
     */
    default void scatter(Object src, int srcOffset, int[] srcPositions, Object dst, int[] dstPositions, int n) {
        ReferenceIndexing.scatter(src, srcOffset, srcPositions, dst, dstPositions, n);
    }

    /**
     * Scatter-add: dst[dstPositions[i]] += src[srcOffset + srcPositions[i]] for i &lt; n, in order of i
     * (repeated destinations add up; for bool the sum is a logical or). Arrays float[], double[], long[]
     * or boolean[].
     *
     * @param src the source array
     * @param srcOffset the index in {@code src} that the source positions count from
     * @param srcPositions the source position of each added element
     * @param dst the destination array, of the source's type
     * @param dstPositions the destination index of each added element
     * @param n the number of elements added
     */
    default void scatterAdd(Object src, int srcOffset, int[] srcPositions, Object dst, int[] dstPositions, int n) {
        ReferenceIndexing.scatterAdd(src, srcOffset, srcPositions, dst, dstPositions, n);
    }

    /**
     * Index select of whole rows, a contiguous (outer, size, inner) source to a contiguous
     * (outer, k, inner) destination, k = positions.length:
     * dst[(o·k + j)·inner + i] = src[srcOffset + (o·size + positions[j])·inner + i].
     *
     * @param src the source array (any storage type)
     * @param srcOffset the index in {@code src} of its first element
     * @param outer the product of the sizes before the indexed dimension
     * @param size the size of the indexed dimension in the source
     * @param inner the product of the sizes after it (the row length)
     * @param positions the selected positions along the dimension, each in [0, size)
     * @param dst the destination array, of the source's type, written from 0
     */
    default void indexSelect(Object src, int srcOffset, int outer, int size, int inner, int[] positions, Object dst) {
        ReferenceIndexing.indexSelect(src, srcOffset, outer, size, inner, positions, dst);
    }

    /**
     * Index add of whole rows, the backward of {@link #indexSelect}: for a contiguous (outer, k, inner)
     * source, k = positions.length, dst[(o·size + positions[j])·inner + i] += src[srcOffset + (o·k + j)·inner + i],
     * in order of j (repeated positions add up). Arrays float[], double[] or long[].
     *
     * @param src the source array (the gradient of the selection)
     * @param srcOffset the index in {@code src} of its first element
     * @param outer the product of the sizes before the indexed dimension
     * @param inner the product of the sizes after it (the row length)
     * @param positions the positions along the dimension, each in [0, size)
     * @param dst the destination array, of the source's type, a contiguous (outer, size, inner) block from 0
     * @param size the size of the indexed dimension in the destination
     */
    default void indexAdd(Object src, int srcOffset, int outer, int inner, int[] positions, Object dst, int size) {
        ReferenceIndexing.indexAdd(src, srcOffset, outer, inner, positions, dst, size);
    }

    /**
     * Select by a condition: out[i] = c[co + i·cs] ? a[ao + i·as] : b[bo + i·bs] for i &lt; n, every
     * stride 0 (one broadcast element) or 1; a, b and out of one storage type.
     *
     * @param c the condition buffer
     * @param co the offset of the first condition in {@code c}
     * @param cs the condition's stride (0 broadcasts one condition)
     * @param a the first operand's buffer (any storage type)
     * @param ao the offset of the first operand's first element in {@code a}
     * @param as the first operand's stride (0 broadcasts one element)
     * @param b the second operand's buffer
     * @param bo the offset of the second operand's first element in {@code b}
     * @param bs the second operand's stride (0 broadcasts one element)
     * @param out the output buffer, written from index 0
     * @param n the number of elements
     */
    default void where(boolean[] c, int co, int cs, Object a, int ao, int as, Object b, int bo, int bs, Object out, int n) {
        ReferenceIndexing.where(c, co, cs, a, ao, as, b, bo, bs, out, n);
    }

    // ------------------------------------------------------------------ scans

    /**
     * Cumulative sum along the middle axis of a contiguous (outer, n, inner) block:
     * y[(o·n + k)·inner + i] = Σ_{j ≤ k} x[xo + (o·n + j)·inner + i], added in order of j; float32
     * sums are accumulated in float64 and rounded once per element, int64 sums wrap as Java's
     * {@code long} does. Arrays float[], double[] or long[], x and y of one type.
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param y the output buffer, contiguous from 0
     * @param outer the product of the sizes before the scanned axis
     * @param n the length of the scanned axis
     * @param inner the product of the sizes after it
     */
    default void cumsum(Object x, int xo, Object y, int outer, int n, int inner) {
        ReferenceIndexing.cumsum(x, xo, y, outer, n, inner);
    }

    // ------------------------------------------------------------------ sorting and arg-extremes

    /**
     * Stable sort of each row of a contiguous (rows, n) block: out[r·n + i] = the position (in [0, n))
     * of the i-th element of row r in ascending order (descending when {@code descending}); equal
     * elements keep their order, −0 equals +0, and NaN sorts above +∞ (last ascending, first
     * descending), as PyTorch sorts. Arrays float[], double[] or long[].
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param rows the number of rows
     * @param n the row length
     * @param descending whether the largest comes first (PyTorch's {@code descending})
     * @param out the positions, written [0, rows·n)
     */
    default void argsort(Object x, int xo, int rows, int n, boolean descending, long[] out) {
        ReferenceIndexing.argsort(x, xo, rows, n, descending, out);
    }

    /**
     * Positions of the maxima along the middle axis of a contiguous (outer, n, inner) block, n ≥ 1:
     * out[o·inner + i] = the first k that maximises x[xo + (o·n + k)·inner + i]; a NaN beats every
     * number (the first NaN's position), −0 equals +0. Arrays float[], double[] or long[].
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param outer the product of the sizes before the reduced axis
     * @param n the length of the reduced axis (at least 1)
     * @param inner the product of the sizes after it
     * @param out the positions, written [0, outer·inner)
     */
    default void argmax(Object x, int xo, int outer, int n, int inner, long[] out) {
        ReferenceIndexing.argExtreme(x, xo, outer, n, inner, out, true);
    }

    /**
     * Positions of the minima along the middle axis; as {@link #argmax}, with the first minimum (a
     * NaN still wins: the first NaN's position).
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param outer the product of the sizes before the reduced axis
     * @param n the length of the reduced axis (at least 1)
     * @param inner the product of the sizes after it
     * @param out the positions, written [0, outer·inner)
     */
    default void argmin(Object x, int xo, int outer, int n, int inner, long[] out) {
        ReferenceIndexing.argExtreme(x, xo, outer, n, inner, out, false);
    }

    // ------------------------------------------------------------------ comparisons

    /**
     * out[oo + i] = a[ao + i·as] op b[bo + i·bs] for i &lt; n, strides as in {@link Backend#add} (0
     * broadcasts one element). The arrays are both float[], both double[] or both long[] (compared
     * exactly), or a float[] against a double[] (each float32 value compared as the float64 it is).
     *
     * @param op the comparison
     * @param a the first operand's buffer
     * @param ao the offset of the first operand's first element in {@code a}
     * @param as the first operand's stride (0 broadcasts one element)
     * @param b the second operand's buffer
     * @param bo the offset of the second operand's first element in {@code b}
     * @param bs the second operand's stride (0 broadcasts one element)
     * @param out the output buffer
     * @param oo the offset of the first output element in {@code out}
     * @param n the number of elements
     */
    default void compare(CompareOp op, Object a, int ao, int as, Object b, int bo, int bs, boolean[] out, int oo, int n) {
        ReferenceIndexing.compare(op, a, ao, as, b, bo, bs, out, oo, n);
    }

    /**
     * out[oo + i] = a[ao + i·as] op b[bo + i·bs] for i &lt; n on booleans, strides as in {@link #compare}.
     *
     * @param op the logical operation
     * @param a the first operand's buffer
     * @param ao the offset of the first operand's first element in {@code a}
     * @param as the first operand's stride (0 broadcasts one element)
     * @param b the second operand's buffer
     * @param bo the offset of the second operand's first element in {@code b}
     * @param bs the second operand's stride (0 broadcasts one element)
     * @param out the output buffer
     * @param oo the offset of the first output element in {@code out}
     * @param n the number of elements
     */
    default void logical(LogicOp op, boolean[] a, int ao, int as, boolean[] b, int bo, int bs, boolean[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = op.test(a[ao + i * as], b[bo + i * bs]);
        }
    }
}
