package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/**
 * Swish (Ramachandran et al., 2017): x·σ(βx). With β = 1 it is SiLU; as β → ∞ it tends to ReLU,
 * and β = 0 gives x/2. β is either fixed ({@code new Swish(beta)}) or a learnable parameter
 * ({@link #learnable(double)}), registered as {@code beta} (one scalar shared by all elements).
 *
 * <p>∂/∂x = σ(βx)·(1 + βx·(1 − σ(βx))), ∂/∂β = x²·σ(βx)·(1 − σ(βx)).
 *
 * <pre>{@code
 * var act = Swish.learnable(1.0);       // β starts at 1 and is trained with the model
 * var fixed = new Swish(1.702);         // a fixed β
 * }</pre>
 */
public final class Swish extends Module {
    private final double fixedBeta;

    /**
     * Swish with a fixed β.
     *
     * @param beta the fixed factor β in x·σ(βx)
     */
    public Swish(double beta) {
        if (!Double.isFinite(beta)) {
            throw new IllegalArgumentException("Swish: beta must be finite, got " + beta);
        }
        this.fixedBeta = beta;
    }

    /** SiLU: β = 1, fixed. */
    public Swish() {
        this(1);
    }

    /**
     * Swish whose β is a learnable parameter starting at {@code initialBeta}.
     *
     * @param initialBeta the initial value of β
     * @return a new Swish module
     */
    public static Swish learnable(double initialBeta) {
        Swish s = new Swish(initialBeta);
        s.registerParameter("beta", Tensor.of((float) initialBeta));
        return s;
    }

    /**
     * {@return true when β is a learnable parameter}
     */
    public boolean isLearnable() {
        return localParameters().containsKey("beta");
    }

    /**
     * {@return β: the parameter (shape (1)) when learnable, else a constant}
     */
    public Tensor beta() {
        Tensor p = localParameters().get("beta");
        return p != null ? p : Tensor.of((float) fixedBeta);
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor p = localParameters().get("beta");
        return p != null ? Activations.swish(input, p) : Activations.swish(input, fixedBeta);
    }

    @Override
    public String extraRepr() {
        return isLearnable() ? "beta=learnable" : "beta=" + fixedBeta;
    }
}
