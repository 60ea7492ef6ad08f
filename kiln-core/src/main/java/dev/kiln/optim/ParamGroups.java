package dev.kiln.optim;

import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Helpers that build parameter groups from named parameters.
 *
 * <pre>{@code
 * var groups = ParamGroups.splitDecay(model.namedParameters(), ParamGroups.BIAS_AND_NORM);
 * var opt = new AdamW(AdamW.defaults(1e-3), groups);   // group 0 decays, group 1 does not
 * }</pre>
 */
public final class ParamGroups {
    /**
     * Names of parameters that conventionally get no weight decay: biases, normalisation weights
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
     * Two groups: the parameters for which {@code noDecay} is false (the optimiser's default weight
     * decay) and those for which it is true (weight decay 0). An empty group is left out.
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
        List<ParamGroupSpec> out = new ArrayList<>();
        if (!decay.isEmpty()) {
            out.add(ParamGroupSpec.of(decay));
        }
        if (!plain.isEmpty()) {
            out.add(new ParamGroupSpec(plain, null, 0.0));
        }
        return out;
    }

    /** {@link #splitDecay} with names ending in any of {@code suffixes} excluded from decay (e.g. "bias", "prelu.weight"). */
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
