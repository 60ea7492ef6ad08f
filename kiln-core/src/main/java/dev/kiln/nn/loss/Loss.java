package dev.kiln.nn.loss;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;
import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.StringJoiner;

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
    /**
     * What every loss's {@code Options} record holds besides its own settings: the reduction.
     */
    public interface Settings {
        /**
         * {@return how the per-element losses are combined}
         */
        Reduction reduction();
    }

    private final Reduction reduction;
    /** The loss's Options record, or null for a loss configured by its reduction alone. */
    private final Record settings;

    /**
     * A loss reducing with {@code reduction}.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     */
    protected Loss(Reduction reduction) {
        this.reduction = Objects.requireNonNull(reduction, "reduction");
        this.settings = null;
    }

    /**
     * A loss configured by an Options record, which also gives the repr.
     *
     * @param <O> the loss's Options record
     * @param settings the settings, including the reduction
     */
    protected <O extends Record & Settings> Loss(O settings) {
        this.reduction = Objects.requireNonNull(settings.reduction(), "reduction");
        this.settings = settings;
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

    /**
     * {@return the value, or null when absent} For the functional losses, which take null for "none".
     *
     * @param v an optional index
     */
    static Long orNull(OptionalLong v) {
        return v.isPresent() ? v.getAsLong() : null;
    }

    /**
     * {@return the settings as PyTorch-style keyword arguments} For a loss with an Options record,
     * every component but the tensors (class weights, which are buffers), in snake case:
     * {@code ignore_index=-100, label_smoothing=0.0, reduction=mean}.
     */
    @Override
    public String extraRepr() {
        if (settings == null) {
            return "reduction=" + reduction.pytorchName();
        }
        StringJoiner repr = new StringJoiner(", ");
        for (RecordComponent c : settings.getClass().getRecordComponents()) {
            Object value;
            try {
                value = c.getAccessor().invoke(settings);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + settings.getClass().getName(), e);
            }
            if (!Tensor.class.isAssignableFrom(c.getType())) {
                repr.add(snakeCase(c.getName()) + "=" + pythonValue(value));
            }
        }
        return repr.toString();
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static String pythonValue(Object value) {
        return switch (value) {
            case Reduction r -> r.pytorchName();
            case OptionalLong o -> o.isPresent() ? String.valueOf(o.getAsLong()) : "None";
            default -> String.valueOf(value);
        };
    }
}
