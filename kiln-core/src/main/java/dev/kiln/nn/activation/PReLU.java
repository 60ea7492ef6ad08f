package dev.kiln.nn.activation;

import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Activations;
import dev.kiln.tensor.Tensor;

/**
 * Parametric ReLU: x if x &gt; 0, else a·x with a learnable slope a, either one shared slope
 * ({@code numParameters = 1}) or one per channel (dimension 1 of the input, {@code numParameters
 * = C}). Slopes start at {@code init} (0.25 by default).
 *
 * <p>The slopes are registered as the parameter {@code weight}, so the full name under a model
 * ends in {@code .weight} of a {@code PReLU} module. PyTorch recommends not applying weight decay
 * to them: exclude this module's parameters from weight decay when building optimiser groups
 * ({@code ParamGroups.splitDecay(model)} does).
 */
public final class PReLU extends Module {
    private final int numParameters;

    /**
     * Creates {@code numParameters} slopes (1, or the channel count) initialised to {@code init}.
     *
     * @param numParameters the number of learnable slopes: 1 (shared) or the number of channels
     * @param init the initial value of every slope
     */
    public PReLU(int numParameters, double init) {
        if (numParameters < 1) {
            throw new IllegalArgumentException("PReLU: num_parameters must be at least 1, got " + numParameters);
        }
        this.numParameters = numParameters;
        registerParameter("weight", Tensor.full(init, numParameters));
    }

    /** One shared slope initialised to 0.25. */
    public PReLU() {
        this(1, 0.25);
    }

    /**
     * {@return the learnable slopes, shape (numParameters)}
     */
    public Tensor weight() {
        return localParameters().get("weight");
    }

    @Override
    public Tensor forward(Tensor input) {
        return Activations.prelu(input, weight());
    }

    @Override
    public String extraRepr() {
        return "num_parameters=" + numParameters;
    }
}
