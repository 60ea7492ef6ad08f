package dev.kiln.tune;

import java.util.List;
import java.util.Map;

/** Reading distributions back from their {@link Distribution#toMap()} form (storage, export). */
public final class Distributions {
    private Distributions() {
    }

    /** The distribution a {@link Distribution#toMap()} map describes. */
    public static Distribution fromMap(Map<String, Object> m) {
        Object type = m.get("type");
        if ("float".equals(type)) {
            double step = m.containsKey("step") ? num(m, "step") : 0;
            return new FloatDistribution(num(m, "low"), num(m, "high"),
                    Boolean.TRUE.equals(m.get("log")) ? Scale.LOG : Scale.LINEAR, step);
        } else if ("int".equals(type)) {
            int step = m.containsKey("step") ? (int) num(m, "step") : 1;
            return new IntDistribution((int) num(m, "low"), (int) num(m, "high"),
                    Boolean.TRUE.equals(m.get("log")) ? Scale.LOG : Scale.LINEAR, step);
        } else if ("categorical".equals(type)) {
            Object c = m.get("choices");
            if (!(c instanceof List<?> l)) {
                throw new IllegalArgumentException("distribution: categorical without a choices list: " + m);
            }
            return CategoricalDistribution.of(l);
        }
        throw new IllegalArgumentException("distribution: unknown type " + type + " in " + m);
    }

    private static double num(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof Number n)) {
            throw new IllegalArgumentException("distribution: '" + key + "' is missing or not a number in " + m);
        }
        return n.doubleValue();
    }

    /**
     * True when two distributions may hold the same parameter across trials: the same kind (and, for
     * categoricals, the same choices). Samplers use it to build the intersection search space.
     */
    public static boolean compatible(Distribution a, Distribution b) {
        return switch (a) {
            case FloatDistribution f -> b instanceof FloatDistribution g && f.equals(g);
            case IntDistribution i -> b instanceof IntDistribution j && i.equals(j);
            case CategoricalDistribution c -> b instanceof CategoricalDistribution d && c.choices().equals(d.choices());
        };
    }
}
