package dev.kiln.optim;

import dev.kiln.nn.BatchNorm;
import dev.kiln.nn.GroupNorm;
import dev.kiln.nn.InstanceNorm2d;
import dev.kiln.nn.LayerNorm;
import dev.kiln.nn.Module;
import dev.kiln.nn.activation.PReLU;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Helpers that build parameter groups from a model or from named parameters.
 *
 * <pre>{@code
 * var groups = ParamGroups.splitDecay(model);            // by module type
 * var opt = new AdamW(AdamW.defaults(1e-3), groups);    // group 0 decays, group 1 does not
 * }</pre>
 */
public final class ParamGroups {
    /**
     * A name heuristic for parameters without their modules (prefer {@link #splitDecay(Module)}: a
     * norm layer inside a {@code Sequential} is named {@code 1.weight}, which no name rule can
     * recognise). Names of parameters that conventionally get no weight decay: biases, normalisation weights
     * (a module in the path named {@code bn…}, {@code ln…}, {@code gn…} followed by digits, or
     * containing {@code norm}) and PReLU slopes (a PReLU's
     * parameter is registered as {@code weight} under a module named {@code prelu}, or is named
     * {@code slope}).
     */
    public static final Predicate<String> BIAS_AND_NORM = name -> {
        String[] parts = name.toLowerCase(java.util.Locale.ROOT).split("\\.");
        String last = parts[parts.length - 1];
        if (last.equals("bias") || last.equals("slope")) {
            return true;
        }
        for (int i = 0; i < parts.length - 1; i++) {
            String m = parts[i];
            if (m.contains("norm") || m.contains("prelu") || m.matches("(bn|ln|gn)\\d*")) {
                return true;
            }
        }
        return false;
    };

    private ParamGroups() {
    }

    /**
     * {@return two groups from a model's parameters that require grad, chosen by the type of the module
     * that owns each parameter (not by its name, so {@code Sequential} keys such as {@code 1.weight}
     * are classified right): no weight decay for the weights and biases of normalisation layers
     * ({@link BatchNorm}, {@link LayerNorm}, {@link GroupNorm}, {@link InstanceNorm2d}), the slopes of
     * {@link PReLU}, and every parameter registered as {@code bias}; the optimiser's default weight
     * decay for the rest (the weights of Linear, convolutions, embeddings…)} An empty group is left out.
     *
     * @param model the module whose parameters are split
     */
    public static List<ParamGroupSpec> splitDecay(Module model) {
        Map<String, Module> modules = model.namedModules();
        List<Tensor> decay = new ArrayList<>();
        List<Tensor> plain = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            if (!e.getValue().requiresGrad()) {
                continue;
            }
            String name = e.getKey();
            int dot = name.lastIndexOf('.');
            Module owner = modules.get(dot < 0 ? "" : name.substring(0, dot));
            (isNoDecay(owner, name.substring(dot + 1)) ? plain : decay).add(e.getValue());
        }
        return groups(decay, plain);
    }

    /**
     * {@return true for a parameter that conventionally gets no weight decay: any {@code bias}, and every
     * parameter of a normalisation layer or a PReLU}
     *
     *
     * @param owner the module that registered the parameter
     * @param localName its name within that module ({@code weight}, {@code bias})
     */
    public static boolean isNoDecay(Module owner, String localName) {
        return localName.equals("bias") || owner instanceof BatchNorm || owner instanceof LayerNorm || owner instanceof GroupNorm
                || owner instanceof InstanceNorm2d || owner instanceof PReLU;
    }

    private static List<ParamGroupSpec> groups(List<Tensor> decay, List<Tensor> plain) {
        List<ParamGroupSpec> out = new ArrayList<>();
        if (!decay.isEmpty()) {
            out.add(ParamGroupSpec.of(decay));
        }
        if (!plain.isEmpty()) {
            out.add(new ParamGroupSpec(plain, null, 0.0));
        }
        return out;
    }

    /**
     * {@return two groups by name (for parameters without their modules; prefer {@link #splitDecay(Module)},
     * which decides by module type): the parameters for which {@code noDecay} is false (the optimiser's default weight
     * decay) and those for which it is true (weight decay 0)} An empty group is left out.
     *
     *
     * @param named parameters by name, e.g. {@code module.namedParameters()}
     * @param noDecay selects the names that must not be decayed
     */
    public static List<ParamGroupSpec> splitDecay(Map<String, Tensor> named, Predicate<String> noDecay) {
        List<Tensor> decay = new ArrayList<>();
        List<Tensor> plain = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : named.entrySet()) {
            (noDecay.test(e.getKey()) ? plain : decay).add(e.getValue());
        }
        return groups(decay, plain);
    }

    /**
     * {@return {@link #splitDecay} with names ending in any of {@code suffixes} excluded from decay (e.g} "bias", "prelu.weight").
     *
     * @param named the parameters by qualified name, as {@code Module.namedParameters()} gives them
     * @param suffixes the name endings (such as {@code bias}) of parameters that get no weight decay
     */
    public static List<ParamGroupSpec> splitDecayBySuffix(Map<String, Tensor> named, String... suffixes) {
        return splitDecay(named, name -> {
            for (String s : suffixes) {
                if (name.endsWith(s)) {
                    return true;
                }
            }
            return false;
        });
    }
}
