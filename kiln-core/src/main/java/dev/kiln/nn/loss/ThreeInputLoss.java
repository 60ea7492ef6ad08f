package dev.kiln.nn.loss;

import dev.kiln.nn.functional.Reduction;
import dev.kiln.tensor.Tensor;

/**
 * A loss of three inputs (two embeddings and a label, predictions with their variances, an
 * anchor with a positive and a negative): {@link #forward(Tensor, Tensor, Tensor)} replaces the
 * two-input forward, which is refused. As with {@link Loss}, a subclass gives its settings and
 * the functional form it computes to the constructor.
 */
public abstract class ThreeInputLoss extends Loss {
    /** The loss of three inputs with the settings bound. */
    @FunctionalInterface
    public interface Function3 {
        /**
         * {@return the loss of the three inputs}
         *
         * @param a the first input
         * @param b the second input
         * @param c the third input
         */
        Tensor apply(Tensor a, Tensor b, Tensor c);
    }

    /**
     * The functional form of a loss of three inputs with a margin ({@code MarginLosses.marginRankingLoss},
     * {@code MarginLosses.cosineEmbeddingLoss}, {@code MetricLosses.contrastiveLoss}).
     */
    @FunctionalInterface
    public interface MarginFunction {
        /**
         * {@return the loss of the three inputs}
         *
         * @param a the first input
         * @param b the second input
         * @param c the third input (the target or label)
         * @param margin the margin
         * @param reduction how the per-element losses are combined
         */
        Tensor apply(Tensor a, Tensor b, Tensor c, double margin, Reduction reduction);
    }

    private final String inputs;
    private final Function3 function;

    /**
     * A loss computing {@code function}.
     *
     * @param reduction how the per-element losses are combined
     * @param settings the other settings as PyTorch's repr prints them ("margin=0.0"), or "" for none
     * @param inputs the names of the three inputs, for the message that refuses two ("x1, x2, label")
     * @param function the loss of the three inputs, with the settings (the reduction too) bound
     */
    protected ThreeInputLoss(Reduction reduction, String settings, String inputs, Function3 function) {
        super(reduction, settings);
        this.inputs = inputs;
        this.function = function;
    }

    /**
     * A loss with a margin computing {@code function}; its repr is PyTorch's ("margin=1.0, reduction=mean").
     *
     * @param margin the margin
     * @param reduction how the per-element losses are combined
     * @param inputs the names of the three inputs, for the message that refuses two ("input1, input2, target")
     * @param function the functional form, given the margin and the reduction
     */
    protected ThreeInputLoss(double margin, Reduction reduction, String inputs, MarginFunction function) {
        this(reduction, "margin=" + margin, inputs, (a, b, c) -> function.apply(a, b, c, margin, reduction));
    }

    /**
     * A loss computing {@code function}, configured by an Options record.
     *
     * @param <O> the loss's Options record
     * @param settings the settings, including the reduction
     * @param inputs the names of the three inputs, for the message that refuses two ("anchor, positive, negative")
     * @param function the loss of the three inputs, with the settings bound
     */
    protected <O extends Record & Settings<O>> ThreeInputLoss(O settings, String inputs, Function3 function) {
        super(settings);
        this.inputs = inputs;
        this.function = function;
    }

    /**
     * The loss of three inputs, in the order the subclass documents (and {@code inputs} names).
     *
     * @param a the first input
     * @param b the second input
     * @param c the third input (often the target or label)
     * @return the loss, reduced as configured
     */
    public final Tensor forward(Tensor a, Tensor b, Tensor c) {
        return function.apply(a, b, c);
    }

    /** Refused: this loss takes three inputs. */
    @Override
    public final Tensor forward(Tensor input, Tensor target) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " takes three inputs: forward(" + inputs + ")");
    }
}
