package dev.kiln.nn.loss;

import dev.kiln.internal.Records;
import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;
import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.StringJoiner;
import java.util.function.BinaryOperator;

/**
 * Base of the loss modules: a {@link Module} with a {@link Reduction} whose forward takes the
 * prediction and the target. A loss class says only what is its own: its settings and the
 * functional form it computes (from {@code nn.functional}), given to the constructor as a function
 * with the settings bound — as the activations do with {@code FixedFunction}:
 *
 * <pre>{@code
 * public HuberLoss(double delta, Reduction reduction) {
 *     super(reduction, "delta=" + delta, (input, target) -> RegressionLosses.huberLoss(input, target, delta, reduction));
 * }
 * }</pre>
 *
 * The repr is the settings: the string given, then the reduction, or for a loss configured by an
 * {@code Options} record the record's components in snake case. Losses with three inputs (margin
 * ranking, cosine embedding, triplet, Gaussian NLL, contrastive) extend {@link ThreeInputLoss}.
 *
 * <p>PyTorch's deprecated {@code size_average}/{@code reduce} flags map to a reduction with
 * {@link Reduction#legacy(Boolean, Boolean)}: {@code new MSELoss(Reduction.legacy(false, null))}
 * is {@code MSELoss(size_average=False)}, a summed loss.
 */
public abstract class Loss extends Module {
    /**
     * What every loss's {@code Options} record holds besides its own settings: the reduction.
     *
     * @param <O> the record type itself, which has a component {@code reduction}
     */
    public interface Settings<O extends Record & Settings<O>> {
        /**
         * {@return how the per-element losses are combined}
         */
        Reduction reduction();

        /**
         * {@return a copy with another reduction}, validated as a new record is; a loss that reduces
         * on its own (no {@code reduction} component) accepts only the reduction it has
         *
         * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
         */
        @SuppressWarnings("unchecked")
        default O withReduction(Reduction reduction) {
            if (Records.has(this, "reduction")) {
                return Records.with((O) this, "reduction", reduction);
            }
            if (reduction != reduction()) {
                throw new UnsupportedOperationException(getClass().getName() + " reduces on its own; its reduction is " + reduction());
            }
            return (O) this;
        }
    }

    private final Reduction reduction;
    private final String repr;
    /** The loss of an input and a target with the settings bound; null for a {@link ThreeInputLoss}. */
    private final BinaryOperator<Tensor> function;

    /**
     * A loss computing {@code function}.
     *
     * @param reduction how the per-element losses are combined: {@code NONE} (one per element), {@code MEAN} or {@code SUM}
     * @param settings the other settings as PyTorch's repr prints them ("delta=1.0"), or "" for none
     * @param function the loss of an input and a target, with the settings (the reduction too) bound
     */
    protected Loss(Reduction reduction, String settings, BinaryOperator<Tensor> function) {
        this(Objects.requireNonNull(function, "function"), reduction, withReduction(settings, reduction));
    }

    /**
     * A loss computing {@code function}, configured by an Options record, which also gives the repr.
     *
     * @param <O> the loss's Options record
     * @param settings the settings, including the reduction
     * @param function the loss of an input and a target, with the settings bound
     */
    protected <O extends Record & Settings<O>> Loss(O settings, BinaryOperator<Tensor> function) {
        this(Objects.requireNonNull(function, "function"), settings.reduction(), recordRepr(settings));
    }

    /**
     * A loss that reduces on its own: its {@link #reduction()} is {@code NONE} and is no setting.
     *
     * @param settings the settings as the repr prints them ("l2_reg=0.002")
     * @param function the loss of an input and a target, with the settings bound
     */
    protected Loss(String settings, BinaryOperator<Tensor> function) {
        this(Objects.requireNonNull(function, "function"), Reduction.NONE, settings);
    }

    /**
     * For {@link ThreeInputLoss}, whose two-input forward is refused.
     *
     * @param reduction how the per-element losses are combined
     * @param settings the other settings as the repr prints them, or "" for none
     */
    Loss(Reduction reduction, String settings) {
        this(null, reduction, withReduction(settings, reduction));
    }

    /**
     * For {@link ThreeInputLoss}, configured by an Options record.
     *
     * @param <O> the loss's Options record
     * @param settings the settings, including the reduction
     */
    <O extends Record & Settings<O>> Loss(O settings) {
        this(null, settings.reduction(), recordRepr(settings));
    }

    private Loss(BinaryOperator<Tensor> function, Reduction reduction, String repr) {
        this.reduction = Objects.requireNonNull(reduction, "reduction");
        this.repr = repr;
        this.function = function;
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
    public Tensor forward(Tensor input, Tensor target) {
        return function.apply(input, target);
    }

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
     * {@return the settings as PyTorch-style keyword arguments}: {@code delta=1.0, reduction=mean}; for
     * a loss with an Options record every component but the tensors (class weights, which are
     * buffers), in snake case: {@code ignore_index=-100, label_smoothing=0.0, reduction=mean}.
     */
    @Override
    public final String extraRepr() {
        return repr;
    }

    private static String withReduction(String settings, Reduction reduction) {
        return (settings.isEmpty() ? "" : settings + ", ") + "reduction=" + reduction.pytorchName();
    }

    private static String recordRepr(Record settings) {
        StringJoiner repr = new StringJoiner(", ");
        Map<String, Object> values = Records.toMap(settings);
        for (RecordComponent c : Records.components(settings.getClass())) {
            if (!Tensor.class.isAssignableFrom(c.getType())) {
                repr.add(snakeCase(c.getName()) + "=" + pythonValue(values.get(c.getName())));
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
