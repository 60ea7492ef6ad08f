package dev.kiln.nn.functional;

import dev.kiln.tensor.Tensor;
import java.util.Locale;

/**
 * How a loss reduces its per-element (or per-sample) values: {@code NONE} keeps them,
 * {@code SUM} adds them, {@code MEAN} averages them (some losses define a weighted mean).
 */
public enum Reduction {
    /** No reduction: the per-element or per-sample losses. */
    NONE,
    /** The sum of the losses. */
    SUM,
    /** The mean of the losses. */
    MEAN;

    /**
     * Parses {@code "none"}, {@code "sum"} or {@code "mean"} (case-insensitive).
     *
     * @param name the PyTorch name (lower case)
     * @return the reduction of that name
     */
    public static Reduction parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "sum" -> SUM;
            case "mean" -> MEAN;
            default -> throw new IllegalArgumentException("reduction must be \"none\", \"sum\" or \"mean\", got \"" + name + "\"");
        };
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
     * @return the losses unchanged (none), their mean or their sum (a scalar)
     */
    public Tensor apply(Tensor losses) {
        return switch (this) {
            case NONE -> losses;
            case SUM -> losses.sum();
            case MEAN -> losses.mean();
        };
    }

    /**
     * {@return the name as PyTorch spells it ("none", "sum", "mean")}
     */
    public String pytorchName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
