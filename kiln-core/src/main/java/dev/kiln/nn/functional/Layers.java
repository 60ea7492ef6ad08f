package dev.kiln.nn.functional;

import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.LibraryNode;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.backend.Backend;
import dev.kiln.backend.Border;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Stateless layer functions, as in {@code torch.nn.functional}: linear and bilinear maps,
 * embedding lookup, dropout variants, padding, normalisation and distances. The modules of
 * {@code dev.kiln.nn} hold parameters and call these.
 */
public final class Layers {
    private Layers() {
    }

    // ------------------------------------------------------------------ linear maps

    /**
     * y = x·Wᵀ + b.
     *
     * @param input (…, in)
     * @param weight (out, in)
     * @param bias (out), or null
     * @return (…, out)
     */
    public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        Tensor out = linearUntraced(input, weight, bias);
        Tracing.record("linear", out, input, weight, bias);
        return out;
    }

    private static Tensor linearUntraced(Tensor input, Tensor weight, Tensor bias) {
        if (weight.dim() != 2 || input.dim() < 1 || input.size(-1) != weight.size(1)) {
            throw new IllegalArgumentException("linear: input " + Shape.str(input.shape()) + " and weight "
                    + Shape.str(weight.shape()) + " do not fit: expected input (…, in) and weight (out, in)");
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != weight.size(0))) {
            throw new IllegalArgumentException("linear: bias " + Shape.str(bias.shape()) + " does not match weight "
                    + Shape.str(weight.shape()) + ": expected (" + weight.size(0) + ")");
        }
        if (input.dim() >= 2 && FusedLinear.applies(input.reshape(-1, input.size(-1)), weight, bias)) {
            if (input.dim() == 2) {
                return FusedLinear.forward(input, weight, bias);
            }
            int[] outShape = input.shape().clone();
            outShape[outShape.length - 1] = weight.size(0);
            return FusedLinear.forward(input.reshape(-1, input.size(-1)), weight, bias).view(outShape);
        }
        Tensor y = input.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    /**
     * y[n,k] = x1[n]ᵀ·W[k]·x2[n] + b[k].
     *
     * @param input1 (…, in1)
     * @param input2 (…, in2), the same leading dimensions
     * @param weight (out, in1, in2)
     * @param bias (out), or null
     * @return (…, out)
     */
    public static Tensor bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor bias) {
        if (weight.dim() != 3 || input1.dim() < 1 || input2.dim() != input1.dim()
                || input1.size(-1) != weight.size(1) || input2.size(-1) != weight.size(2)
                || !Shape.same(Arrays.copyOf(input1.shape(), input1.dim() - 1), Arrays.copyOf(input2.shape(), input2.dim() - 1))) {
            throw new IllegalArgumentException("bilinear: inputs " + Shape.str(input1.shape()) + ", " + Shape.str(input2.shape())
                    + " and weight " + Shape.str(weight.shape()) + " do not fit: expected (…, in1), (…, in2) and (out, in1, in2)");
        }
        int out = weight.size(0);
        int in1 = weight.size(1);
        int in2 = weight.size(2);
        if (bias != null && (bias.dim() != 1 || bias.size(0) != out)) {
            throw new IllegalArgumentException("bilinear: bias " + Shape.str(bias.shape()) + " does not match out = " + out);
        }
        int[] lead = Arrays.copyOf(input1.shape(), input1.dim() - 1);
        int rows = Shape.numel(lead);
        Tensor x1 = input1.reshape(rows, in1);
        Tensor x2 = input2.reshape(rows, in2);
        // t[n, k, j] = Σ_i x1[n, i]·W[k, i, j]: one matrix product with W laid out as (in1, out·in2)
        Tensor t = x1.matmul(weight.permute(1, 0, 2).reshape(in1, out * in2)).view(rows, out, in2);
        Tensor y = t.mul(x2.unsqueeze(1)).sum(2, false);
        if (bias != null) {
            y = y.add(bias);
        }
        int[] outShape = Arrays.copyOf(lead, lead.length + 1);
        outShape[lead.length] = out;
        return y.view(outShape);
    }

    // ------------------------------------------------------------------ embedding

    /**
     * {@return {@link #embedding(Tensor, Tensor, OptionalInt)} without a padding index}
     *
     * @param indices int64 indices into the rows of {@code weight}, of any shape
     * @param weight the embedding table, (num_embeddings, D)
     */
    public static Tensor embedding(Tensor indices, Tensor weight) {
        return embedding(indices, weight, OptionalInt.empty());
    }

    /**
     * Looks up rows of {@code weight}: out[…] = weight[indices[…]]. In backward, repeated indices
     * add up their gradients and the row {@code paddingIdx} (negative counts from V) gets none.
     *
     * @param indices int64 indices in [0, V), any shape
     * @param weight (V, D)
     * @param paddingIdx a row that receives no gradient, or empty for none
     * @return (indices.shape…, D)
     */
    public static Tensor embedding(Tensor indices, Tensor weight, OptionalInt paddingIdx) {
        if (indices.dtype() != DType.INT64) {
            throw new IllegalArgumentException("embedding: indices must be int64, got " + indices.dtype());
        }
        if (weight.dim() != 2 || !weight.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("embedding: weight must be a 2-D float tensor (V, D), got " + weight.dtype() + " "
                    + Shape.str(weight.shape()));
        }
        int vocab = weight.size(0);
        int width = weight.size(1);
        int pad = -1;
        if (paddingIdx.isPresent()) {
            int given = paddingIdx.getAsInt();
            pad = given < 0 ? given + vocab : given;
            if (pad < 0 || pad >= vocab) {
                throw new IllegalArgumentException("embedding: padding_idx " + given + " out of range for " + vocab + " rows");
            }
        }
        long[] idx = indices.contiguous().toLongArray();
        int[] rows = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= vocab) {
                throw new IndexOutOfBoundsException("embedding: index " + idx[i] + " out of range for " + vocab + " rows (weight "
                        + Shape.str(weight.shape()) + ")");
            }
            rows[i] = (int) idx[i];
        }
        int[] outShape = Arrays.copyOf(indices.shape(), indices.dim() + 1);
        outShape[indices.dim()] = width;
        Tensor w = weight.contiguous();
        int off = w.offset();
        Tensor out;
        if (w.dtype() == DType.FLOAT32) {
            float[] src = TensorInternals.floats(w);
            float[] dst = new float[rows.length * width];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(src, off + rows[i] * width, dst, i * width, width);
            }
            out = TensorInternals.wrap(Storage.wrap(dst), outShape);
        } else {
            double[] src = TensorInternals.doubles(w);
            double[] dst = new double[rows.length * width];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(src, off + rows[i] * width, dst, i * width, width);
            }
            out = TensorInternals.wrap(Storage.wrap(dst), outShape);
        }
        Tracing.record("embedding", out, indices, weight);
        if (Engine.needsGrad(weight)) {
            Engine.record(out, new EmbeddingBackward(weight, rows, vocab, width, pad));
        }
        return out;
    }

    /** Scatters the output gradient back into the looked-up rows, skipping the padding row. */
    private static final class EmbeddingBackward extends LibraryNode {
        private final int[] rows;
        private final int vocab;
        private final int width;
        private final int pad;

        EmbeddingBackward(Tensor weight, int[] rows, int vocab, int width, int pad) {
            super(weight);
            this.rows = rows;
            this.vocab = vocab;
            this.width = width;
            this.pad = pad;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor gc = g.contiguous();
            int off = gc.offset();
            Tensor gw;
            if (gc.dtype() == DType.FLOAT32) {
                float[] src = TensorInternals.floats(gc);
                float[] dst = new float[vocab * width];
                for (int i = 0; i < rows.length; i++) {
                    if (rows[i] == pad) {
                        continue;
                    }
                    int s = off + i * width;
                    int d = rows[i] * width;
                    for (int j = 0; j < width; j++) {
                        dst[d + j] += src[s + j];
                    }
                }
                gw = TensorInternals.wrap(Storage.wrap(dst), vocab, width);
            } else {
                double[] src = TensorInternals.doubles(gc.to(DType.FLOAT64).contiguous());
                int o = gc.dtype() == DType.FLOAT64 ? off : 0;
                double[] dst = new double[vocab * width];
                for (int i = 0; i < rows.length; i++) {
                    if (rows[i] == pad) {
                        continue;
                    }
                    int s = o + i * width;
                    int d = rows[i] * width;
                    for (int j = 0; j < width; j++) {
                        dst[d + j] += src[s + j];
                    }
                }
                gw = TensorInternals.wrap(Storage.wrap(dst), vocab, width);
            }
            return new Tensor[] {gw};
        }
    }

    // ------------------------------------------------------------------ dropout

    /**
     * {@return {@link #dropout(Tensor, double, boolean, Generator)} from the default generator}
     *
     * @param input the input, of any shape
     * @param p the probability that an element is dropped, in [0, 1]
     * @param training true in training (the random mask is drawn), false in evaluation (the input is returned unchanged)
     */
    public static Tensor dropout(Tensor input, double p, boolean training) {
        return dropout(input, p, training, Kiln.defaultGenerator());
    }

    /**
     * {@return inverted dropout (Srivastava et al. 2014): in training each element is zeroed with
     * probability p and the survivors are scaled by 1/(1−p), so the expectation is unchanged; in
     * evaluation (or p = 0) the input is returned as it is}
     *
     * @param input the input, of any shape
     * @param p the probability that an element is dropped, in [0, 1]
     * @param training true in training (the random mask is drawn), false in evaluation (the input is returned unchanged)
     * @param g the random generator that draws the mask (its state advances)
     */
    public static Tensor dropout(Tensor input, double p, boolean training, Generator g) {
        checkP("dropout", p);
        if (!training || p == 0) {
            return input;
        }
        return input.mul(keepMask(input.dtype(), input.shape(), p, g, true));
    }

    /**
     * {@return {@link #dropout2d(Tensor, double, boolean, Generator)} from the default generator}
     *
     * @param input (N, C, H, W) or (C, H, W); whole channels are dropped
     * @param p the probability that a channel is dropped, in [0, 1]
     * @param training true in training (the random mask is drawn), false in evaluation (the input is returned unchanged)
     */
    public static Tensor dropout2d(Tensor input, double p, boolean training) {
        return dropout2d(input, p, training, Kiln.defaultGenerator());
    }

    /**
     * {@return channel dropout (Tompson et al. 2015): zeroes whole feature maps of an (N, C, H, W) or
     * (C, H, W) input with probability p and scales the others by 1/(1−p)}
     *
     * @param input (N, C, H, W) or (C, H, W); whole channels are dropped
     * @param p the probability that a channel is dropped, in [0, 1]
     * @param training true in training (the random mask is drawn), false in evaluation (the input is returned unchanged)
     * @param g the random generator that draws the mask (its state advances)
     */
    public static Tensor dropout2d(Tensor input, double p, boolean training, Generator g) {
        checkP("dropout2d", p);
        if (input.dim() != 3 && input.dim() != 4) {
            throw new IllegalArgumentException("dropout2d: expected a 3-D (C, H, W) or 4-D (N, C, H, W) input, got "
                    + Shape.str(input.shape()));
        }
        if (!training || p == 0) {
            return input;
        }
        int[] maskShape = input.shape();
        maskShape[maskShape.length - 1] = 1;
        maskShape[maskShape.length - 2] = 1;
        return input.mul(keepMask(input.dtype(), maskShape, p, g, true));
    }

    /** SELU's negative saturation value −λα, which alpha dropout sets dropped units to. */
    private static final double SELU_ALPHA_PRIME = 1.6732632423543772 * 1.0507009873554805;

    /**
     * {@return {@link #alphaDropout(Tensor, double, boolean, Generator)} from the default generator}
     *
     * @param input the input, of any shape
     * @param p the probability that an element is dropped, in [0, 1]
     * @param training true in training (the random mask is drawn), false in evaluation (the input is returned unchanged)
     */
    public static Tensor alphaDropout(Tensor input, double p, boolean training) {
        return alphaDropout(input, p, training, Kiln.defaultGenerator());
    }

    /**
     * {@return alpha dropout (Klambauer et al. 2017), for self-normalising (SELU) networks: dropped units
     * are set to α' = −λα ≈ −1.7581 and the result is transformed affinely, a·y + b, with
     * a = 1/√((α'²p + 1)(1 − p)) and b = −a·α'·p, so that zero mean and unit variance are kept}
     *
     * @param input the input, of any shape
     * @param p the probability that an element is dropped, in [0, 1]
     * @param training true in training (the random mask is drawn), false in evaluation (the input is returned unchanged)
     * @param g the random generator that draws the mask (its state advances)
     */
    public static Tensor alphaDropout(Tensor input, double p, boolean training, Generator g) {
        checkP("alphaDropout", p);
        if (!training || p == 0) {
            return input;
        }
        if (p == 1) {
            return input.mul(0);
        }
        double alpha = SELU_ALPHA_PRIME;
        double a = 1 / Math.sqrt((alpha * alpha * p + 1) * (1 - p));
        // keep ∈ {0, 1}; out = a·(x·keep − α·(1 − keep)) + a·α·p  (as PyTorch's _alpha_dropout)
        Tensor keep = keepMask(input.dtype(), input.shape(), p, g, false);
        Tensor shift = keep.sub(1).mul(alpha * a).add(alpha * a * p);
        return input.mul(keep.mul(a)).add(shift);
    }

    private static void checkP(String op, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(op + ": probability p must be in [0, 1], got " + p);
        }
    }

    /**
     * A mask of {@code shape}: with probability 1−p the element is kept, with value 1/(1−p) when
     * {@code scaled} (0 when p = 1) or 1 otherwise; dropped elements are 0.
     */
    private static Tensor keepMask(DType dtype, int[] shape, double p, Generator g, boolean scaled) {
        int n = Shape.numel(shape);
        double keep = 1 - p;
        double scale = !scaled ? 1 : p == 1 ? 0 : 1 / keep;
        // each 64-bit draw gives two 32-bit uniforms u; an element is kept when u < (1−p)·2³²
        long threshold = (long) Math.ceil(keep * 0x1.0p32);
        if (dtype == DType.FLOAT64) {
            double[] m = new double[n];
            for (int i = 0; i < n; i += 2) {
                long bits = g.nextLong();
                m[i] = (bits >>> 32) < threshold ? scale : 0;
                if (i + 1 < n) {
                    m[i + 1] = (bits & 0xFFFFFFFFL) < threshold ? scale : 0;
                }
            }
            return TensorInternals.wrap(Storage.wrap(m), shape);
        }
        float[] m = new float[n];
        float s = (float) scale;
        for (int i = 0; i < n; i += 2) {
            long bits = g.nextLong();
            m[i] = (bits >>> 32) < threshold ? s : 0f;
            if (i + 1 < n) {
                m[i + 1] = (bits & 0xFFFFFFFFL) < threshold ? s : 0f;
            }
        }
        return TensorInternals.wrap(Storage.wrap(m), shape);
    }

    // ------------------------------------------------------------------ padding

    /** How {@link #pad} fills the new border. */
    public enum PadMode implements PyTorchName {
        /** A constant value. */
        CONSTANT(Border.CONSTANT),
        /** The mirror image without repeating the edge element: [a b c] → b | a b c | b. */
        REFLECT(Border.REFLECT),
        /** The edge element repeated: [a b c] → a | a b c | c. */
        REPLICATE(Border.REPLICATE),
        /** Wrap around: [a b c] → c | a b c | a. */
        CIRCULAR(Border.CIRCULAR);

        /** The backend's border rule of this mode. */
        private final Border border;

        PadMode(Border border) {
            this.border = border;
        }

        /**
         * Parses {@code "constant"}, {@code "reflect"}, {@code "replicate"} or {@code "circular"}.
         *
         * @param name the PyTorch name (lower case)
         * @return the padding mode of that name
         */
        public static PadMode parse(String name) {
            return PyTorchName.parse(PadMode.class, "pad: mode", name);
        }
    }

    /**
     * Constant padding with zeros.
     *
     * @param input the input, of any shape
     * @param pad the padding widths, (left, right) pairs from the last dimension backwards
     * @return the padded (or cropped) tensor
     */
    public static Tensor pad(Tensor input, int... pad) {
        return pad(input, pad, PadMode.CONSTANT, 0);
    }

    /**
     * Pads (or, with negative amounts, crops) the trailing dimensions. {@code pad} lists pairs
     * starting from the last dimension: {@code [left, right]} pads the last one,
     * {@code [left, right, top, bottom]} the last two, and so on. Each output element is read
     * from one input element (or is {@code value} in constant mode), so the gradient of an input
     * element is the sum of the gradients of the outputs that read it.
     *
     *
     * @param input the input, of any shape
     * @param pad the padding widths, (left, right) pairs from the last dimension backwards
     * @param mode how the border is filled: constant, reflect, replicate or circular
     * @param value the fill value of constant padding
     * @return the padded (or cropped) tensor
     * @throws IllegalArgumentException for an odd-length or too long pad list, a reflect pad not
     *     smaller than its dimension, a circular pad larger than its dimension, or an empty result
     */
    public static Tensor pad(Tensor input, int[] pad, PadMode mode, double value) {
        int rank = input.dim();
        if (rank == 0) {
            throw new IllegalArgumentException("pad: cannot pad a 0-dimensional tensor");
        }
        if (pad.length % 2 != 0 || pad.length / 2 > rank) {
            throw new IllegalArgumentException("pad: the pad list " + Arrays.toString(pad) + " must have an even length of at most "
                    + 2 * rank + " for an input of shape " + Shape.str(input.shape()));
        }
        int[] in = input.shape();
        int[] out = in.clone();
        int[] before = new int[rank];
        for (int d = 0; d < rank; d++) {
            int k = rank - 1 - d; // pair index for this dimension
            int left = 2 * k < pad.length ? pad[2 * k] : 0;
            int right = 2 * k + 1 < pad.length ? pad[2 * k + 1] : 0;
            before[d] = left;
            out[d] = in[d] + left + right;
            if (out[d] <= 0) {
                throw new IllegalArgumentException("pad: padding " + Arrays.toString(pad) + " leaves dimension " + d + " of "
                        + Shape.str(in) + " with size " + out[d]);
            }
            if (mode == PadMode.REFLECT && (left >= in[d] || right >= in[d])) {
                throw new IllegalArgumentException("pad: reflect padding (" + left + ", " + right + ") must be smaller than dimension "
                        + d + " of size " + in[d] + " (input " + Shape.str(in) + ")");
            }
            if (mode == PadMode.CIRCULAR && (left > in[d] || right > in[d])) {
                throw new IllegalArgumentException("pad: circular padding (" + left + ", " + right + ") must not exceed dimension "
                        + d + " of size " + in[d] + " (input " + Shape.str(in) + ")");
            }
            if (mode == PadMode.REPLICATE && in[d] == 0) {
                throw new IllegalArgumentException("pad: replicate padding needs a non-empty dimension " + d + " (input "
                        + Shape.str(in) + ")");
            }
        }
        Tensor x = input.contiguous();
        Backend backend = x.device().backend();
        Tensor result;
        if (x.dtype() == DType.FLOAT32) {
            float[] y = new float[Shape.numel(out)];
            backend.pad(mode.border, in, before, out, TensorInternals.floats(x), x.offset(), y, (float) value);
            result = TensorInternals.wrap(Storage.wrap(y), out);
        } else {
            // float64 as it is; int64 and bool through float64 (exact up to 2^53) and back
            boolean f64 = x.dtype() == DType.FLOAT64;
            double[] y = new double[Shape.numel(out)];
            backend.pad(mode.border, in, before, out, f64 ? TensorInternals.doubles(x) : x.toDoubleArray(), f64 ? x.offset() : 0, y,
                    value);
            result = TensorInternals.wrap(Storage.wrap(y), out);
            if (!f64) {
                result = result.to(x.dtype());
            }
        }
        if (Tracing.isRecording()) {
            Tracing.record("pad", result, Map.of("pad", pad.clone(), "mode", mode.name().toLowerCase(Locale.ROOT), "value", value),
                    input);
        }
        if (Engine.needsGrad(input)) {
            Engine.record(result, new PadBackward(input, mode.border, before, out));
        }
        return result;
    }

    /** Adds each output gradient into the input element it was read from (the backend's padBackward). */
    private static final class PadBackward extends LibraryNode {
        private final Border border;
        private final int[] inShape;
        private final int[] before;
        private final int[] outShape;

        PadBackward(Tensor input, Border border, int[] before, int[] outShape) {
            super(input);
            this.border = border;
            this.inShape = input.shape();
            this.before = before;
            this.outShape = outShape;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor gc = g.contiguous();
            Backend backend = gc.device().backend();
            int inSize = Shape.numel(inShape);
            if (gc.dtype() == DType.FLOAT32) {
                float[] gx = new float[inSize];
                backend.padBackward(border, inShape, before, outShape, TensorInternals.floats(gc), gc.offset(), gx);
                return new Tensor[] {TensorInternals.wrap(Storage.wrap(gx), inShape)};
            }
            boolean f64 = gc.dtype() == DType.FLOAT64;
            double[] gx = new double[inSize];
            backend.padBackward(border, inShape, before, outShape, f64 ? TensorInternals.doubles(gc) : gc.toDoubleArray(),
                    f64 ? gc.offset() : 0, gx);
            return new Tensor[] {TensorInternals.wrap(Storage.wrap(gx), inShape)};
        }
    }

    // ------------------------------------------------------------------ norms and distances

    /**
     * {@return {@link #normalize(Tensor, double, int, double)} with p = 2, dim = 1, eps = 1e-12}
     *
     * @param input the input, of any shape
     */
    public static Tensor normalize(Tensor input) {
        return normalize(input, 2, 1, 1e-12);
    }

    /**
     * {@return Lp normalisation along {@code dim}: x / max(‖x‖_p, eps)} Computed as
     * x / (max(Σ|x|^p, eps^p))^(1/p), which has the same value and a finite gradient for an
     * all-zero vector.
     *
     * @param input the input, of any shape
     * @param p the order of the norm
     * @param dim the dimension normalised
     * @param eps the smallest norm divided by (&gt; 0)
     */
    public static Tensor normalize(Tensor input, double p, int dim, double eps) {
        if (!(p > 0) || Double.isInfinite(p)) {
            throw new IllegalArgumentException("normalize: p must be positive and finite, got " + p);
        }
        int d = Shape.wrapDim("normalize", dim, input.dim());
        Tensor denom;
        if (p == 2) {
            denom = input.square().sum(d, true).clampMin(eps * eps).sqrt();
        } else if (p == 1) {
            denom = input.abs().sum(d, true).clampMin(eps);
        } else {
            denom = input.abs().pow(p).sum(d, true).clampMin(Math.pow(eps, p)).pow(1 / p);
        }
        return input.div(denom);
    }

    /**
     * {@return {@link #cosineSimilarity(Tensor, Tensor, int, double)} with dim = 1, eps = 1e-8}
     *
     * @param x1 the first input, (N, D) or (D)
     * @param x2 the second input, of {@code x1}'s shape
     */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2) {
        return cosineSimilarity(x1, x2, 1, 1e-8);
    }

    /**
     * Cosine similarity along {@code dim} of two broadcastable tensors, as PyTorch (1.13 and later)
     * computes it: Σ (x1 / max(‖x1‖, eps)) · (x2 / max(‖x2‖, eps)). Each norm is clamped on its
     * own, so a zero vector gives 0 and a finite gradient: for x2 = 0, ∂/∂x2 = x1 / (‖x1‖·eps) and
     * ∂/∂x1 = 0. The clamped norm back-propagates as the norm would (x / max(‖x‖, eps)), which
     * is PyTorch's gradient at a clamp.
     *
     *
     * @param x1 the first input, (N, D) or (D)
     * @param x2 the second input, of {@code x1}'s shape
     * @param dim the dimension the similarity is computed along
     * @param eps the smallest norm used in the denominator (&gt; 0)
     * @return the broadcast shape without {@code dim}
     */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2, int dim, double eps) {
        int[] shape = Shape.broadcast("cosineSimilarity", x1.shape(), x2.shape());
        int d = Shape.wrapDim("cosineSimilarity", dim, shape.length);
        Tensor a = x1.expand(shape);
        Tensor b = x2.expand(shape);
        return a.div(clampedNorm(a, d, eps)).mul(b.div(clampedNorm(b, d, eps))).sum(d, false);
    }

    /**
     * max(‖x‖₂, eps) along {@code dim} (kept), whose backward is g·x / max(‖x‖₂, eps) even where
     * the clamp is active (PyTorch clamps the norm in place, outside autograd).
     */
    private static Tensor clampedNorm(Tensor x, int dim, double eps) {
        Tensor value;
        try (var off = dev.kiln.autograd.GradMode.disabled()) {
            value = smoothClampedNorm(x, dim, eps);
        }
        if (Engine.needsGrad(x)) {
            Engine.record(value, new ClampedNormBackward(x, dim, eps));
        }
        return value;
    }

    /** √max(Σx², eps²) = max(‖x‖, eps), differentiable with a finite gradient at x = 0. */
    private static Tensor smoothClampedNorm(Tensor x, int dim, double eps) {
        return x.square().sum(dim, true).clampMin(eps * eps).sqrt();
    }

    private static final class ClampedNormBackward extends LibraryNode {
        private final dev.kiln.autograd.SavedTensor x;
        private final int dim;
        private final double eps;

        ClampedNormBackward(Tensor x, int dim, double eps) {
            super(x);
            this.x = save(x);
            this.dim = dim;
            this.eps = eps;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor in = x.get(this);
            return new Tensor[] {g.mul(in).div(smoothClampedNorm(in, dim, eps))};
        }

        @Override
        public String name() {
            return "ClampedNormBackward";
        }
    }

    /**
     * {@return {@link #pairwiseDistance(Tensor, Tensor, double, double, boolean)} with p = 2, eps = 1e-6, no keepdim}
     *
     * @param x1 the first input, (N, D) or (D)
     * @param x2 the second input, of {@code x1}'s shape
     */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2) {
        return pairwiseDistance(x1, x2, 2, 1e-6, false);
    }

    /**
     * {@return ‖x1 − x2 + eps‖_p over the last dimension} The norm's gradient is 0 where the distance is
     * 0 (equal vectors with eps = 0), as PyTorch's.
     *
     * @param x1 the first input, (N, D) or (D)
     * @param x2 the second input, of {@code x1}'s shape
     * @param p the order of the norm
     * @param eps the term added to the difference before the norm
     * @param keepdim true to keep the reduced last dimension with size 1
     */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps, boolean keepdim) {
        Tensor diff = x1.sub(x2).add(eps);
        int d = diff.dim() - 1;
        if (d < 0) {
            throw new IllegalArgumentException("pairwiseDistance: inputs must have at least one dimension, got "
                    + Shape.str(x1.shape()) + " and " + Shape.str(x2.shape()));
        }
        if (Double.isInfinite(p) && p > 0) {
            return diff.abs().amax(new int[] {d}, keepdim);
        }
        if (!(p > 0)) {
            throw new IllegalArgumentException("pairwiseDistance: p must be positive, got " + p);
        }
        return diff.norm(p, new int[] {d}, keepdim);
    }
}
