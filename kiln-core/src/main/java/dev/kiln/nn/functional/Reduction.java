package dev.kiln.nn.functional;

import dev.kiln.tensor.Tensor;
import java.util.function.DoubleSupplier;

/**
 * How a loss reduces its per-element (or per-sample) values: {@code NONE} keeps them,
 * {@code SUM} adds them, {@code MEAN} averages them (some losses define a weighted mean),
 * {@code BATCHMEAN} divides the sum by the batch size (PyTorch offers it for the KL divergence,
 * where it is the true divergence per sample).
 */
public enum Reduction implements PyTorchName {
    /** No reduction: the per-element or per-sample losses. */
    NONE,
    /** The sum of the losses. */
    SUM,
    /** The mean of the losses. */
    MEAN,
    /** The sum of the losses divided by the size of their first dimension, the batch (1 for a scalar). */
    BATCHMEAN;

    /**
     * Parses {@code "none"}, {@code "sum"}, {@code "mean"} or {@code "batchmean"} (case-insensitive),
     * for readers of user text.
     *
     * @param name the PyTorch name (lower case)
     * @return the reduction of that name
     */
    public static Reduction parse(String name) {
        return PyTorchName.parse(Reduction.class, "reduction", name);
    }

    /**
     * Maps PyTorch's deprecated {@code size_average} / {@code reduce} flags (null = not given,
     * which counts as true) to a reduction, as {@code torch.nn._reduction.legacy_get_string}:
     * reduce false → NONE; otherwise size_average true → MEAN, false → SUM.
     *
     * @param sizeAverage PyTorch's deprecated size_average (null when not given)
     * @param reduce PyTorch's deprecated reduce (null when not given)
     * @return the equivalent reduction
     */
    public static Reduction legacy(Boolean sizeAverage, Boolean reduce) {
        boolean avg = sizeAverage == null || sizeAverage;
        boolean red = reduce == null || reduce;
        if (!red) {
            return NONE;
        }
        return avg ? MEAN : SUM;
    }

    /**
     * Applies this reduction to per-element losses.
     *
     * @param losses the per-element losses
     * @return the losses unchanged (none), their mean, their sum or their sum per sample (a scalar)
     */
    public Tensor apply(Tensor losses) {
        return switch (this) {
            case NONE -> losses;
            case SUM -> losses.sum();
            case MEAN -> losses.mean();
            case BATCHMEAN -> losses.sum().div(losses.dim() == 0 ? 1 : losses.size(0));
        };
    }

    /**
     * Applies this reduction to per-sample losses whose mean is weighted: {@code MEAN} divides the
     * sum by {@code weightSum} (the sum of the weights of the samples that count), the others are
     * as in {@link #apply(Tensor)}.
     *
     * @param losses the per-sample losses (N, …)
     * @param weightSum computes the total weight (only called for MEAN)
     * @return the reduced losses
     */
    public Tensor applyWeighted(Tensor losses, DoubleSupplier weightSum) {
        return this == MEAN ? losses.sum().div(weightSum.getAsDouble()) : apply(losses);
    }
}
