package dev.kiln.nn;

import dev.kiln.nn.functional.Normalization;
import dev.kiln.tensor.Tensor;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Weight normalisation of another module's weight (PyTorch's {@code torch.nn.utils.weight_norm}):
 * the weight is re-parametrised as {@code w = g · v / ‖v‖}, where the 2-norm runs over every
 * dimension except {@code dim} (over the whole tensor when {@code dim} is null). The learned
 * parameters become {@code weight_g} (v's size along dim, 1 elsewhere; a scalar for a null dim)
 * and {@code weight_v} (the weight's shape), initialised so that w equals the original weight;
 * w is recomputed from them before each forward.
 *
 * <p>The wrapped module's other parameters, buffers and children are exposed under their own
 * names, so that the state dict has PyTorch's keys ({@code weight_g}, {@code weight_v},
 * {@code bias}). The wrapped module must read its weight through its parameter map at forward
 * time (as {@link Conv1d}, {@link Conv2d} and {@link ConvTranspose2d} do); its own {@code weight}
 * entry is absent outside forward.
 *
 * <pre>{@code
 * WeightNorm conv = new WeightNorm(new Conv2d(3, 8, 3));   // dim 0: one g per output channel
 * Tensor y = conv.forward(x);
 * }</pre>
 */
@SuppressWarnings("this-escape") // layers register their state in the constructor
public class WeightNorm extends Module {
    /**
     * Which parameter is re-parametrised and along which dimension its norm is kept, with PyTorch's
     * defaults ({@code weight}, dim 0); each {@code with…} returns a changed copy.
     *
     * @param name the parameter's name (usually {@code weight})
     * @param dim the dimension kept by the norm, or empty for the norm of the whole tensor
     */
    public record Options(String name, OptionalInt dim) {
        /** Checks that both are given. */
        public Options {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dim, "dim (use OptionalInt.empty() for the whole tensor)");
        }

        /**
         * {@return PyTorch's defaults: the parameter {@code weight}, one norm per slice along dimension 0}
         */
        public static Options defaults() {
            return new Options("weight", OptionalInt.of(0));
        }

        /**
         * {@return a copy for another parameter}
         *
         * @param v the parameter's name
         */
        public Options withName(String v) {
            return new Options(v, dim);
        }

        /**
         * {@return a copy keeping the norm along dimension {@code v}}
         *
         * @param v the dimension kept by the norm
         */
        public Options withDim(int v) {
            return new Options(name, OptionalInt.of(v));
        }

        /**
         * {@return a copy with one norm over the whole tensor (PyTorch's dim=None)}
         */
        public Options withNormOverWholeTensor() {
            return new Options(name, OptionalInt.empty());
        }
    }

    private final Module module;
    private final String name;
    private final Integer dim;

    /**
     * Normalises {@code module}'s {@code weight} along dim 0 (one g per output unit).
     *
     * @param module the module whose {@code weight} is re-parametrised along dimension 0
     */
    public WeightNorm(Module module) {
        this(module, Options.defaults());
    }

    /**
     * Re-parametrises a parameter of {@code module} as g·v/‖v‖, with the norm kept along a dimension.
     *
     * @param module the module whose parameter is re-parametrised
     * @param options the parameter's name and the dimension kept by the norm
     */
    public WeightNorm(Module module, Options options) {
        String name = options.name();
        Integer dim = options.dim().isPresent() ? options.dim().getAsInt() : null;
        Tensor w = module.localParameters().get(name);
        if (w == null) {
            throw new IllegalArgumentException("WeightNorm: " + module.getClass().getSimpleName()
                    + " has no parameter named '" + name + "'");
        }
        this.module = module;
        this.name = name;
        this.dim = dim;
        Tensor v = w.detach().clone();
        Tensor g = Normalization.normExceptDim(v, dim).clone();
        module.setParameter(name, null);
        registerParameter(name + "_g", g);
        registerParameter(name + "_v", v);
        for (Map.Entry<String, Tensor> e : module.localParameters().entrySet()) {
            if (!e.getKey().equals(name) && e.getValue() != null) {
                registerParameter(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, Tensor> e : module.localBuffers().entrySet()) {
            registerBuffer(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Module> e : module.namedChildren().entrySet()) {
            registerModule(e.getKey(), e.getValue());
        }
        train(module.isTraining());
    }

    /**
     * {@return the magnitude parameter g}
     */
    public Tensor weightG() {
        return localParameters().get(name + "_g");
    }

    /**
     * {@return the direction parameter v}
     */
    public Tensor weightV() {
        return localParameters().get(name + "_v");
    }

    /**
     * {@return the wrapped module}
     */
    public Module module() {
        return module;
    }

    /**
     * {@return the current weight {@code g · v / ‖v‖} (differentiable with respect to g and v)}
     */
    public Tensor computeWeight() {
        return Normalization.weightNorm(weightV(), weightG(), dim);
    }

    @Override
    public Tensor forward(Tensor input) {
        module.setParameter(name, computeWeight());
        try {
            return module.forwardInScope(input);
        } finally {
            module.setParameter(name, null);
        }
    }

    @Override
    public Module train(boolean mode) {
        super.train(mode);
        if (module != null) {
            module.train(mode);
        }
        return this;
    }

    @Override
    public String extraRepr() {
        return module.getClass().getSimpleName() + "(" + module.extraRepr() + "), name=" + name + ", dim="
                + (dim == null ? "None" : dim);
    }
}
