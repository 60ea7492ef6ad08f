package dev.kiln.nn;

import dev.kiln.autograd.GradMode;
import dev.kiln.nn.functional.Layers;
import dev.kiln.nn.init.Init;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;

/**
 * A lookup table of {@code numEmbeddings} vectors of size {@code embeddingDim}: the output for an
 * int64 index tensor of any shape is (…, embeddingDim), out[…] = weight[index[…]].
 *
 * <p>The row {@code paddingIdx}, if given, is initialised to zero and never receives a gradient,
 * so it stays a fixed "no token" vector.
 *
 * <pre>{@code
 * var emb = new Embedding(10_000, 128, 0);
 * Tensor vectors = emb.forward(tokenIds);   // (N, T) int64 -> (N, T, 128)
 * }</pre>
 */
public class Embedding extends Module {
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
        this(numEmbeddings, embeddingDim, null, Kiln.defaultGenerator());
    }

    /**
     * A table with a padding row (null for none; negative counts from the end).
     *
     * @param numEmbeddings the number of rows of the table (the vocabulary size V)
     * @param embeddingDim the size D of each embedding vector
     * @param paddingIdx the row that stays zero and gets no gradient, or null for none
     */
    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx) {
        this(numEmbeddings, embeddingDim, paddingIdx, Kiln.defaultGenerator());
    }

    /**
     * A table initialised from {@code g}.
     *
     * @param numEmbeddings the number of rows of the table (the vocabulary size V)
     * @param embeddingDim the size D of each embedding vector
     * @param paddingIdx the row that stays zero and gets no gradient, or null for none
     * @param g the random generator that draws the initial weights (its state advances)
     */
    public Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx, Generator g) {
        this(numEmbeddings, embeddingDim, paddingIdx, Tensor.empty(DType.FLOAT32, checked(numEmbeddings, embeddingDim)));
        initialise(g);
    }

    private Embedding(int numEmbeddings, int embeddingDim, Integer paddingIdx, Tensor weight) {
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        if (paddingIdx != null && (paddingIdx >= numEmbeddings || paddingIdx < -numEmbeddings)) {
            throw new IllegalArgumentException("Embedding: padding_idx " + paddingIdx + " must be within num_embeddings ("
                    + numEmbeddings + ")");
        }
        this.paddingIdx = paddingIdx == null ? null : paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
        this.weight = registerParameter("weight", weight);
    }

    private static int[] checked(int n, int d) {
        if (n <= 0 || d <= 0) {
            throw new IllegalArgumentException("Embedding: num_embeddings and embedding_dim must be positive, got " + n + " and " + d);
        }
        return new int[] {n, d};
    }

    /**
     * {@return a table holding a copy of {@code embeddings} (V, D), frozen (no gradient) when
     * {@code freeze}, as PyTorch's {@code Embedding.from_pretrained}} The padding row is kept as
     * given.
     *
     * @param embeddings the table to copy, (V, D)
     * @param freeze true to keep the table fixed (no gradient), false to train it
     * @param paddingIdx the row that stays zero and gets no gradient, or null for none
     */
    public static Embedding fromPretrained(Tensor embeddings, boolean freeze, Integer paddingIdx) {
        if (embeddings.dim() != 2) {
            throw new IllegalArgumentException("Embedding.fromPretrained: embeddings must be 2-D (V, D), got "
                    + Shape.str(embeddings.shape()));
        }
        Tensor w = embeddings.detach().clone();
        Embedding e = new Embedding(w.size(0), w.size(1), paddingIdx, w);
        w.requiresGrad(!freeze);
        return e;
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
        return Layers.embedding(indices, weight, paddingIdx);
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
