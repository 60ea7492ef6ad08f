package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Weight penalties added to a cost: objective = cost + λ·Σ|w| (L1, lasso: sparse weights) or
 * cost + λ/2·Σw² (L2, ridge: small weights; its gradient λ·w is classic weight decay). The sums
 * run over the parameters of a module that a name predicate selects, so that biases (and, for
 * example, normalisation scales) can be left out.
 *
 * <pre>{@code
 * Tensor loss = criterion.forward(model.forward(x), y)
 *         .add(Regularization.l2(model, 1e-4, Regularization.WEIGHTS_ONLY));
 * loss.backward();
 * }</pre>
 */
public final class Regularization {
    private Regularization() {
    }

    /** Selects every parameter. */
    public static final Predicate<String> ALL = name -> true;

    /** Selects every parameter except biases (names ending in {@code bias}). */
    public static final Predicate<String> WEIGHTS_ONLY = name -> !(name.equals("bias") || name.endsWith(".bias"));

    /**
     * {@return λ·Σ|w| over every parameter of {@code module}}
     *
     * @param module the module whose parameters are penalised
     * @param lambda the penalty's weight λ (≥ 0)
     */
    public static Tensor l1(Module module, double lambda) {
        return l1(module, lambda, ALL);
    }

    /**
     * {@return λ·Σ|w| over the parameters whose dotted name {@code include} accepts (a scalar tensor, differentiable)}
     *
     * @param module the module whose parameters are penalised
     * @param lambda the penalty's weight λ (≥ 0)
     * @param include accepts the dotted names of the parameters that are penalised
     */
    public static Tensor l1(Module module, double lambda, Predicate<String> include) {
        return sumOver(module, include, w -> w.abs().sum()).mul(lambda);
    }

    /**
     * {@return λ/2·Σw² over every parameter of {@code module}}
     *
     * @param module the module whose parameters are penalised
     * @param lambda the penalty's weight λ (≥ 0)
     */
    public static Tensor l2(Module module, double lambda) {
        return l2(module, lambda, ALL);
    }

    /**
     * {@return λ/2·Σw² over the parameters whose dotted name {@code include} accepts (a scalar tensor, differentiable)}
     *
     * @param module the module whose parameters are penalised
     * @param lambda the penalty's weight λ (≥ 0)
     * @param include accepts the dotted names of the parameters that are penalised
     */
    public static Tensor l2(Module module, double lambda, Predicate<String> include) {
        return sumOver(module, include, w -> w.square().sum()).mul(lambda / 2);
    }

    /**
     * {@return Σ term(w) over the parameters whose dotted name {@code include} accepts, or a scalar 0 when none is}
     *
     * @param module the module whose parameters are summed over
     * @param include accepts the dotted names of the parameters that count
     * @param term the scalar term of one parameter
     */
    private static Tensor sumOver(Module module, Predicate<String> include, UnaryOperator<Tensor> term) {
        Tensor total = null;
        for (Map.Entry<String, Tensor> e : module.namedParameters().entrySet()) {
            if (include.test(e.getKey())) {
                Tensor t = term.apply(e.getValue());
                total = total == null ? t : total.add(t);
            }
        }
        return total == null ? Tensor.scalar(0) : total;
    }
}
