package dev.kiln.nn.loss;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/**
 * Base of the loss modules: a {@link Module} with a {@link Reduction} whose forward takes the
 * prediction and the target. Losses with three inputs (margin ranking, cosine embedding,
 * triplet, Gaussian NLL, contrastive) offer a three-argument {@code forward} instead.
 *
 * <p>PyTorch's deprecated {@code size_average}/{@code reduce} flags map to a reduction with
 * {@link Reduction#legacy(Boolean, Boolean)}: {@code new MSELoss(Reduction.legacy(false, null))}
 * is {@code MSELoss(size_average=False)}, a summed loss.
 */
public abstract class Loss extends Module {
    private final Reduction reduction;

    /**
     * A loss reducing with {@code reduction}.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    protected Loss(Reduction reduction) {
        this.reduction = reduction;
    }

    /**
     * How the per-element losses are reduced.
     *
     * @return NONE, MEAN or SUM
     */
    public final Reduction reduction() {
        return reduction;
    }

    /**
     * The loss of {@code input} against {@code target}.
     *
     * @param input the predictions
     * @param target the targets, shaped as the loss documents
     * @return the loss, reduced as configured
     */
    public abstract Tensor forward(Tensor input, Tensor target);

    /** Single-input forward is not defined for a loss. */
    @Override
    public final Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " takes an input and a target: call forward(input, target)");
    }

    /**
     * Registers an optional constant tensor (class weights …) as a buffer when present.
     *
     * @param name the buffer's name in the state dict
     * @param value the tensor, or null when the option is not used
     * @return {@code value}
     */
    protected final Tensor optionalBuffer(String name, Tensor value) {
        return value == null ? null : registerBuffer(name, value);
    }

    @Override
    public String extraRepr() {
        return "reduction=" + reduction.pytorchName();
    }
}
