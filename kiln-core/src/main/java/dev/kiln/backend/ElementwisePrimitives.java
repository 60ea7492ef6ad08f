package dev.kiln.backend;

/**
 * The element-wise primitives of a {@link Backend} (and the layer loops as simple as they: padding,
 * the negative log-likelihood), typed by storage: the float32 loops that each backend implements
 * with its fast kernels, and {@code double[]} (float64) and {@code long[]} (int64) overloads beside
 * them, so that a tensor op picks the overload of its storage and holds no loop of its own. The
 * float64 and int64 overloads, and the float32 primitives without a fast kernel, default to the
 * plain loops of {@code ReferenceElementwise} (float64 arithmetic, as {@link ReferenceBackend});
 * a backend overrides what it runs faster. The functions come from one table each:
 * {@link MathFunction} (one argument), {@link BinaryFunction} (two), {@link Activation}
 * (with a derivative).
 *
 * <p>Offsets and counts are as in {@link Backend}: runs of n elements from an offset, the output never
 * overlapping an input unless the method says so.
 */
public interface ElementwisePrimitives {
    // ------------------------------------------------------------------ element-wise (each float32 loop, then its float64, int64 forms)

    /**
     * y[yo+i] = f(x[xo+i]) for i &lt; n; y may be x (same offset).
     *
     * @param f the function applied to each element
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param y the output buffer
     * @param yo the offset of the output's first element in {@code y}
     * @param n the number of elements
     */
    void map(MathFunction f, float[] x, int xo, float[] y, int yo, int n);

    /**
     * {@link #map(MathFunction, float[], int, float[], int, int)} in float64 (y may be x).
     *
     * @param f the function applied to each element
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param y the output buffer
     * @param yo the offset of the output's first element in {@code y}
     * @param n the number of elements
     */
    default void map(MathFunction f, double[] x, int xo, double[] y, int yo, int n) {
        ReferenceElementwise.map(f, x, xo, y, yo, n);
    }

    /**
     * y[yo+i] = f(x[xo+i]) in int64 for i &lt; n, for the functions with an int64 form
     * ({@link MathFunction#hasInt64Form()}: neg, abs, sign); y may be x (same offset).
     *
     * @param f the function applied to each element
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param y the output buffer
     * @param yo the offset of the output's first element in {@code y}
     * @param n the number of elements
     * @throws IllegalArgumentException when f has no int64 form
     */
    default void map(MathFunction f, long[] x, int xo, long[] y, int yo, int n) {
        ReferenceElementwise.map(f, x, xo, y, yo, n);
    }

    /**
     * y[yo+i] = scale·x[xo+i] + shift for i &lt; n; y may be x (same offset).
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param y the output buffer
     * @param yo the offset of the output's first element in {@code y}
     * @param n the number of elements
     * @param scale the factor applied to every element
     * @param shift the constant added to every element
     */
    void affine(float[] x, int xo, float[] y, int yo, int n, float scale, float shift);

    /**
     * {@link #affine(float[], int, float[], int, int, float, float)} in float64: y = scale·x + shift.
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param y the output buffer
     * @param yo the offset of the output's first element in {@code y}
     * @param n the number of elements
     * @param scale the factor applied to every element
     * @param shift the constant added to every element
     */
    default void affine(double[] x, int xo, double[] y, int yo, int n, double scale, double shift) {
        ReferenceElementwise.affine(x, xo, y, yo, n, scale, shift);
    }

    /**
     * y = scale·x + shift in int64 (wrapping on overflow).
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param y the output buffer
     * @param yo the offset of the output's first element in {@code y}
     * @param n the number of elements
     * @param scale the factor applied to every element
     * @param shift the constant added to every element
     */
    default void affine(long[] x, int xo, long[] y, int yo, int n, long scale, long shift) {
        ReferenceElementwise.affine(x, xo, y, yo, n, scale, shift);
    }

    /**
     * c[co+i] = a[ao+i·as] + alpha·b[bo+i·bs] for i &lt; n, with the strides {@code as, bs} 0 (one
     * broadcast element), 1 or any other step; c may be a or b (same offset, stride 1).
     *
     * @param a the first operand's buffer
     * @param ao the offset of the first operand's first element in {@code a}
     * @param as the first operand's stride (0 broadcasts one element)
     * @param b the second operand's buffer
     * @param bo the offset of the second operand's first element in {@code b}
     * @param bs the second operand's stride (0 broadcasts one element)
     * @param c the output buffer
     * @param co the offset of the output's first element in {@code c}
     * @param n the number of elements
     * @param alpha the factor on the second operand
     */
    void add(float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n, float alpha);

    /**
     * {@link #add(float[], int, int, float[], int, int, float[], int, int, float)} in float64: c = a + alpha·b.
     *
     * @param a the first operand's buffer
     * @param ao the offset of the first operand's first element in {@code a}
     * @param as the first operand's stride (0 broadcasts one element)
     * @param b the second operand's buffer
     * @param bo the offset of the second operand's first element in {@code b}
     * @param bs the second operand's stride (0 broadcasts one element)
     * @param c the output buffer
     * @param co the offset of the output's first element in {@code c}
     * @param n the number of elements
     * @param alpha the factor on the second operand
     */
    default void add(double[] a, int ao, int as, double[] b, int bo, int bs, double[] c, int co, int n, double alpha) {
        ReferenceElementwise.add(a, ao, as, b, bo, bs, c, co, n, alpha);
    }

    /**
     * c = a + alpha·b in int64 (strides as in {@link #add(float[], int, int, float[], int, int, float[], int, int, float)}).
     *
     * @param a the first operand's buffer
     * @param ao the offset of the first operand's first element in {@code a}
     * @param as the first operand's stride (0 broadcasts one element)
     * @param b the second operand's buffer
     * @param bo the offset of the second operand's first element in {@code b}
     * @param bs the second operand's stride (0 broadcasts one element)
     * @param c the output buffer
     * @param co the offset of the output's first element in {@code c}
     * @param n the number of elements
     * @param alpha the factor on the second operand
     */
    default void add(long[] a, int ao, int as, long[] b, int bo, int bs, long[] c, int co, int n, long alpha) {
        ReferenceElementwise.add(a, ao, as, b, bo, bs, c, co, n, alpha);
    }

    /**
     * c[co+i] = a[ao+i·as]·b[bo+i·bs] for i &lt; n (strides as in {@link #add}).
     *
     * @param a the first operand's buffer
     * @param ao the offset of the first operand's first element in {@code a}
     * @param as the first operand's stride (0 broadcasts one element)
     * @param b the second operand's buffer
     * @param bo the offset of the second operand's first element in {@code b}
     * @param bs the second operand's stride (0 broadcasts one element)
     * @param c the output buffer
     * @param co the offset of the output's first element in {@code c}
     * @param n the number of elements
     */
    void mul(float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n);

    /**
     * c[co+i] = a[ao+i·as]/b[bo+i·bs] for i &lt; n (strides as in {@link #add}).
     *
     * @param a the first operand's buffer
     * @param ao the offset of the first operand's first element in {@code a}
     * @param as the first operand's stride (0 broadcasts one element)
     * @param b the second operand's buffer
     * @param bo the offset of the second operand's first element in {@code b}
     * @param bs the second operand's stride (0 broadcasts one element)
     * @param c the output buffer
     * @param co the offset of the output's first element in {@code c}
     * @param n the number of elements
     */
    void div(float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n);

    /**
     * c[co+i] = f(a[ao+i·as], b[bo+i·bs]) for i &lt; n (strides as in {@link #add}), evaluated in float64 and
     * rounded once where the backend has no float32 kernel for f.
     *
     * @param f the function of two arguments
     * @param a the first operand's buffer
     * @param ao the offset of the first operand's first element in {@code a}
     * @param as the first operand's stride (0 broadcasts one element)
     * @param b the second operand's buffer
     * @param bo the offset of the second operand's first element in {@code b}
     * @param bs the second operand's stride (0 broadcasts one element)
     * @param c the output buffer
     * @param co the offset of the output's first element in {@code c}
     * @param n the number of elements
     */
    default void binary(BinaryFunction f, float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int n) {
        ReferenceElementwise.binary(f, a, ao, as, b, bo, bs, c, co, n);
    }

    /**
     * {@link #binary(BinaryFunction, float[], int, int, float[], int, int, float[], int, int)} in float64.
     *
     * @param f the function of two arguments
     * @param a the first operand's buffer
     * @param ao the offset of the first operand's first element in {@code a}
     * @param as the first operand's stride (0 broadcasts one element)
     * @param b the second operand's buffer
     * @param bo the offset of the second operand's first element in {@code b}
     * @param bs the second operand's stride (0 broadcasts one element)
     * @param c the output buffer
     * @param co the offset of the output's first element in {@code c}
     * @param n the number of elements
     */
    default void binary(BinaryFunction f, double[] a, int ao, int as, double[] b, int bo, int bs, double[] c, int co, int n) {
        ReferenceElementwise.binary(f, a, ao, as, b, bo, bs, c, co, n);
    }

    /**
     * c = f(a, b) in int64 ({@link BinaryFunction#apply(long, long)}).
     *
     * @param f the function of two arguments
     * @param a the first operand's buffer
     * @param ao the offset of the first operand's first element in {@code a}
     * @param as the first operand's stride (0 broadcasts one element)
     * @param b the second operand's buffer
     * @param bo the offset of the second operand's first element in {@code b}
     * @param bs the second operand's stride (0 broadcasts one element)
     * @param c the output buffer
     * @param co the offset of the output's first element in {@code c}
     * @param n the number of elements
     */
    default void binary(BinaryFunction f, long[] a, int ao, int as, long[] b, int bo, int bs, long[] c, int co, int n) {
        ReferenceElementwise.binary(f, a, ao, as, b, bo, bs, c, co, n);
    }

    /**
     * y[yo+i] = min(max(x[xo+i], lo), hi) for i &lt; n, as PyTorch's clamp: x &lt; lo gives lo, x &gt; hi gives
     * hi, anything else (NaN included) stays x; with lo &gt; hi every element becomes hi. y may be x (same offset).
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param y the output buffer
     * @param yo the offset of the output's first element in {@code y}
     * @param n the number of elements
     * @param lo the lower bound ({@code -∞} for none)
     * @param hi the upper bound ({@code +∞} for none)
     */
    default void clamp(float[] x, int xo, float[] y, int yo, int n, float lo, float hi) {
        ReferenceElementwise.clamp(x, xo, y, yo, n, lo, hi);
    }

    /**
     * {@link #clamp(float[], int, float[], int, int, float, float)} in float64.
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param y the output buffer
     * @param yo the offset of the output's first element in {@code y}
     * @param n the number of elements
     * @param lo the lower bound ({@code -∞} for none)
     * @param hi the upper bound ({@code +∞} for none)
     */
    default void clamp(double[] x, int xo, double[] y, int yo, int n, double lo, double hi) {
        ReferenceElementwise.clamp(x, xo, y, yo, n, lo, hi);
    }

    /**
     * y = min(max(x, lo), hi) in int64, compared in float64 (exact up to 2^53); with lo &gt; hi every
     * element becomes hi.
     *
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param y the output buffer
     * @param yo the offset of the output's first element in {@code y}
     * @param n the number of elements
     * @param lo the lower bound ({@code -∞} for none)
     * @param hi the upper bound ({@code +∞} for none)
     */
    default void clamp(long[] x, int xo, long[] y, int yo, int n, double lo, double hi) {
        ReferenceElementwise.clamp(x, xo, y, yo, n, lo, hi);
    }

    /**
     * y[yo+i] = f(x[xo+i]) for i &lt; n; y may be x (same offset) for an in-place update.
     *
     * @param f the function applied to each element
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param y the output buffer
     * @param yo the offset of the output's first element in {@code y}
     * @param n the number of elements
     */
    void activationForward(Activation f, float[] x, int xo, float[] y, int yo, int n);

    /**
     * {@link #activationForward(Activation, float[], int, float[], int, int)} in float64 (y may be x).
     *
     * @param f the function applied to each element
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param y the output buffer
     * @param yo the offset of the output's first element in {@code y}
     * @param n the number of elements
     */
    default void activationForward(Activation f, double[] x, int xo, double[] y, int yo, int n) {
        ReferenceElementwise.activationForward(f, x, xo, y, yo, n);
    }

    /**
     * gx[gxo+i] = g[go+i]·f'(x[xo+i]) for i &lt; n; each element is read before it is written, so
     * gx may be g (same offset). For ReLU, x may be the output max(0, x) (the same sign test).
     *
     * @param f the function applied to each element
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param g the upstream gradient buffer
     * @param go the offset of the gradient's first element in {@code g}
     * @param gx the buffer the input gradient is written to
     * @param gxo the offset of the input gradient's first element in {@code gx}
     * @param n the number of elements
     */
    void activationBackward(Activation f, float[] x, int xo, float[] g, int go, float[] gx, int gxo, int n);

    /**
     * {@link #activationBackward(Activation, float[], int, float[], int, float[], int, int)} in float64:
     * gx = g·f'(x) (gx may be g).
     *
     * @param f the function applied to each element
     * @param x the input buffer
     * @param xo the offset of the input's first element in {@code x}
     * @param g the upstream gradient buffer
     * @param go the offset of the gradient's first element in {@code g}
     * @param gx the buffer the input gradient is written to
     * @param gxo the offset of the input gradient's first element in {@code gx}
     * @param n the number of elements
     */
    default void activationBackward(Activation f, double[] x, int xo, double[] g, int go, double[] gx, int gxo, int n) {
        ReferenceElementwise.activationBackward(f, x, xo, g, go, gx, gxo, n);
    }

    /**
     * out[i] = c[co+i] ? a[ao+i·as] : b[bo+i·bs] for i &lt; n, with the strides {@code as, bs}
     * 0 (one broadcast element) or 1.
     *
     * @param c the condition buffer
     * @param co the offset of the first condition in {@code c}
     * @param a the first operand's buffer
     * @param ao the offset of the first operand's first element in {@code a}
     * @param as the first operand's stride (0 broadcasts one element)
     * @param b the second operand's buffer
     * @param bo the offset of the second operand's first element in {@code b}
     * @param bs the second operand's stride (0 broadcasts one element)
     * @param out the output buffer, written from index 0
     * @param n the number of elements
     */
    void where(boolean[] c, int co, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int n);

    // ------------------------------------------------------------------ layer loops: padding, negative log-likelihood

    /**
     * Pads (or, with negative amounts, crops) a contiguous block: for every index o of {@code outShape},
     * y[o] = x[xo + Σ_d s_d·stride_d] with s_d = {@code border.source(o_d − before[d], inShape[d])} and the
     * input's contiguous strides, or {@code value} where some s_d is −1 (constant border). y is contiguous
     * from 0. The amounts suit the border (see {@link Border#source}); the caller checks them.
     *
     * @param border how positions outside the input are filled
     * @param inShape the input's shape (rank r ≥ 1)
     * @param before the amount added before each dimension (r values; negative crops)
     * @param outShape the output's shape: inShape[d] + before[d] + after[d]
     * @param x the input, contiguous from xo
     * @param xo the offset of the input's first element in {@code x}
     * @param y the output, written whole from 0
     * @param value the constant of a constant border
     */
    default void pad(Border border, int[] inShape, int[] before, int[] outShape, float[] x, int xo, float[] y, float value) {
        ReferenceElementwise.pad(border, inShape, before, outShape, x, xo, y, value);
    }

    /**
     * {@link #pad(Border, int[], int[], int[], float[], int, float[], float)} in float64.
     *
     * @param border how positions outside the input are filled
     * @param inShape the input's shape (rank r ≥ 1)
     * @param before the amount added before each dimension (r values; negative crops)
     * @param outShape the output's shape
     * @param x the input, contiguous from xo
     * @param xo the offset of the input's first element in {@code x}
     * @param y the output, written whole from 0
     * @param value the constant of a constant border
     */
    default void pad(Border border, int[] inShape, int[] before, int[] outShape, double[] x, int xo, double[] y, double value) {
        ReferenceElementwise.pad(border, inShape, before, outShape, x, xo, y, value);
    }

    /**
     * The gradient of {@link #pad(Border, int[], int[], int[], float[], int, float[], float) pad}: every
     * input element receives the sum of the output gradients of the positions that read it (0 for an
     * element no position reads, as a cropped one), summed in float64 and rounded once.
     *
     * @param border the forward's border
     * @param inShape the input's shape
     * @param before the forward's amounts before each dimension
     * @param outShape the output's shape
     * @param g the output gradient, contiguous from go
     * @param go the offset of its first element in {@code g}
     * @param gx the input gradient, written whole from 0
     */
    default void padBackward(Border border, int[] inShape, int[] before, int[] outShape, float[] g, int go, float[] gx) {
        ReferenceElementwise.padBackward(border, inShape, before, outShape, g, go, gx);
    }

    /**
     * {@link #padBackward(Border, int[], int[], int[], float[], int, float[])} in float64.
     *
     * @param border the forward's border
     * @param inShape the input's shape
     * @param before the forward's amounts before each dimension
     * @param outShape the output's shape
     * @param g the output gradient, contiguous from go
     * @param go the offset of its first element in {@code g}
     * @param gx the input gradient, written whole from 0
     */
    default void padBackward(Border border, int[] inShape, int[] before, int[] outShape, double[] g, int go, double[] gx) {
        ReferenceElementwise.padBackward(border, inShape, before, outShape, g, go, gx);
    }

    /**
     * The negative log-likelihood of rows of log-probabilities laid out as {@link CrossEntropyTargets}
     * describes (its smoothing is not used): loss[r] = −w[y_r]·x[xo + start(r) + y_r·inner], 0 for an
     * ignored row.
     *
     * @param x the log-probabilities, from xo
     * @param xo the offset of the first in {@code x}
     * @param t the layout, the targets and the class weights
     * @param loss the per-row losses, written [0, rows)
     */
    default void nllLoss(float[] x, int xo, CrossEntropyTargets t, double[] loss) {
        ReferenceElementwise.nllLoss(x, xo, t, loss);
    }

    /**
     * {@link #nllLoss(float[], int, CrossEntropyTargets, double[])} of float64 log-probabilities.
     *
     * @param x the log-probabilities, from xo
     * @param xo the offset of the first in {@code x}
     * @param t the layout, the targets and the class weights
     * @param loss the per-row losses, written [0, rows)
     */
    default void nllLoss(double[] x, int xo, CrossEntropyTargets t, double[] loss) {
        ReferenceElementwise.nllLoss(x, xo, t, loss);
    }

    /**
     * The gradient of {@link #nllLoss(float[], int, CrossEntropyTargets, double[]) nllLoss}: a scatter,
     * gx[start(r) + y_r·inner] = −w[y_r]·g[r] for every row not ignored, 0 everywhere else.
     *
     * @param t the layout, the targets and the class weights
     * @param g the gradient of each row's loss
     * @param gx the input gradient (the input's shape), written whole from 0
     */
    default void nllLossBackward(CrossEntropyTargets t, double[] g, float[] gx) {
        ReferenceElementwise.nllLossBackward(t, g, gx);
    }

    /**
     * {@link #nllLossBackward(CrossEntropyTargets, double[], float[])} into a float64 gradient.
     *
     * @param t the layout, the targets and the class weights
     * @param g the gradient of each row's loss
     * @param gx the input gradient (the input's shape), written whole from 0
     */
    default void nllLossBackward(CrossEntropyTargets t, double[] g, double[] gx) {
        ReferenceElementwise.nllLossBackward(t, g, gx);
    }
}
