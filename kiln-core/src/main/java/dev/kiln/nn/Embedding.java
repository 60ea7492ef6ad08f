package dev.kiln.nn;

import dev.kiln.autograd.GradMode;
import dev.kiln.nn.functional.Layers;
import dev.kiln.nn.init.Init;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A lookup table of {@code numEmbeddings} vectors of size {@code embeddingDim}: the output for an
 * int64 index tensor of any shape is (…, embeddingDim), out[…] = weight[index[…]].
 *
 * <p>The row {@code paddingIdx}, if given, is initialised to zero and never receives a gradient,
 * so it stays a fixed "no token" vector.
 *
 * <pre>{@code
 * var emb = new Embedding(10_000, 128, Embedding.Options.defaults().withPaddingIdx(0));
 * Tensor vectors = emb.forward(tokenIds);   // (N, T) int64 -> (N, T, 128)
 * }</pre>
 */
public class Embedding extends Module {
    /**
     * The settings of an {@link Embedding} beyond its sizes, with PyTorch's defaults (no padding
     * row, trainable); {@code with…} returns a changed copy.
     *
     * @param paddingIdx the row that stays zero and gets no gradient (negative counts from the end), or empty for none
     * @param freeze whether the table is fixed (no gradient), as PyTorch's {@code _freeze}
     */
    public record Options(OptionalInt paddingIdx, boolean freeze) {
        /** Checks that the padding row is given (possibly empty). */
        public Options {
            Objects.requireNonNull(paddingIdx, "paddingIdx (use OptionalInt.empty() for none)");
        }

        /**
         * {@return PyTorch's defaults: no padding row, trainable}
         */
        public static Options defaults() {
            return new Options(OptionalInt.empty(), false);
        }

        /**
         * {@return a copy with a padding row}
         *
         * @param v the row that stays zero and gets no gradient (negative counts from the end)
         */
        public Options withPaddingIdx(int v) {
            return new Options(OptionalInt.of(v), freeze);
        }

        /**
         * {@return a copy with a fixed (true) or trainable (false) table}
         *
         * @param v whether the table gets no gradient
         */
        public Options withFreeze(boolean v) {
            return new Options(paddingIdx, v);
        }
    }

    private final int numEmbeddings;
    private final int embeddingDim;
    private final Integer paddingIdx;
    private final Tensor weight;

    /**
     * A table without a padding row, initialised from the default generator.
     *
     * @param numEmbeddings the number of rows of the table (the vocabulary size V)
     * @param embeddingDim the size D of each embedding vector
     */
    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, Options.defaults(), Kiln.defaultGenerator());
    }

    /**
     * A table with the given options, initialised from the default generator.
     *
     * @param numEmbeddings the number of rows of the table (the vocabulary size V)
     * @param embeddingDim the size D of each embedding vector
     * @param options the padding row and whether the table is frozen
     */
    public Embedding(int numEmbeddings, int embeddingDim, Options options) {
        this(numEmbeddings, embeddingDim, options, Kiln.defaultGenerator());
    }

    /**
     * A table with the given options, initialised from {@code g}.
     *
     * @param numEmbeddings the number of rows of the table (the vocabulary size V)
     * @param embeddingDim the size D of each embedding vector
     * @param options the padding row and whether the table is frozen
     * @param g the random generator that draws the initial weights (its state advances)
     */
    public Embedding(int numEmbeddings, int embeddingDim, Options options, Generator g) {
        this(numEmbeddings, embeddingDim, options, Tensor.empty(DType.FLOAT32, checked(numEmbeddings, embeddingDim)));
        initialise(g);
    }

    private Embedding(int numEmbeddings, int embeddingDim, Options options, Tensor weight) {
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        Integer p = options.paddingIdx().isPresent() ? options.paddingIdx().getAsInt() : null;
        if (p != null && (p >= numEmbeddings || p < -numEmbeddings)) {
            throw new IllegalArgumentException("Embedding: padding_idx " + p + " must be within num_embeddings ("
                    + numEmbeddings + ")");
        }
        this.paddingIdx = p == null ? null : p < 0 ? p + numEmbeddings : p;
        this.weight = registerParameter("weight", weight);
        weight.requiresGrad(!options.freeze());
    }

    private static int[] checked(int n, int d) {
        if (n <= 0 || d <= 0) {
            throw new IllegalArgumentException("Embedding: num_embeddings and embedding_dim must be positive, got " + n + " and " + d);
        }
        return new int[] {n, d};
    }

    /**
     * {@return a frozen table (no gradient) holding a copy of {@code embeddings} (V, D), as
     * PyTorch's {@code Embedding.from_pretrained}}
     *
     * @param embeddings the table to copy, (V, D)
     */
    public static Embedding fromPretrained(Tensor embeddings) {
        return fromPretrained(embeddings, Options.defaults().withFreeze(true));
    }

    /**
     * {@return a table holding a copy of {@code embeddings} (V, D) with the given options} The
     * padding row is kept as given; give {@code withFreeze(true)} for PyTorch's default frozen table.
     *
     * @param embeddings the table to copy, (V, D)
     * @param options the padding row and whether the table is frozen
     */
    public static Embedding fromPretrained(Tensor embeddings, Options options) {
        if (embeddings.dim() != 2) {
            throw new IllegalArgumentException("Embedding.fromPretrained: embeddings must be 2-D (V, D), got "
                    + Shape.str(embeddings.shape()));
        }
        Tensor w = embeddings.detach().clone();
        return new Embedding(w.size(0), w.size(1), options, w);
    }

    /**
     * Re-initialises as PyTorch does: N(0, 1), then the padding row (if any) set to zero.
     *
     * @param g the random generator that draws the initial weights (its state advances)
     */
    public void resetParameters(Generator g) {
        initialise(g);
    }

    private void initialise(Generator g) {
        Init.normal(weight, 0, 1, g);
        if (paddingIdx != null) {
            try (var off = GradMode.disabled()) {
                weight.select(0, paddingIdx).zero_();
            }
        }
    }

    /** {@link #resetParameters(Generator)} from the default generator. */
    public void resetParameters() {
        resetParameters(Kiln.defaultGenerator());
    }

    @Override
    public Tensor forward(Tensor indices) {
        return Layers.embedding(indices, weight, paddingIdx == null ? OptionalInt.empty() : OptionalInt.of(paddingIdx));
    }

    /**
     * {@return the table (numEmbeddings, embeddingDim)}
     */
    public Tensor weight() {
        return weight;
    }

    /**
     * {@return the padding row, or null}
     */
    public Integer paddingIdx() {
        return paddingIdx;
    }

    @Override
    public String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx != null ? ", padding_idx=" + paddingIdx : "");
    }
}
