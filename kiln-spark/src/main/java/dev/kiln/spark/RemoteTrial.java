package dev.kiln.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * A trial as an executor sees it: its number in the study and the parameters the driver's sampler
 * chose (values are {@code Double}, {@code Long}/{@code Integer} or {@code String}, as the
 * distributions give them).
 */
public record RemoteTrial(int number, Map<String, Object> params) implements Serializable {
    public RemoteTrial {
        params = Map.copyOf(params);
    }

    /** A numeric parameter. */
    public double number(String name) {
        return ((Number) param(name)).doubleValue();
    }

    /** A parameter as text. */
    public String string(String name) {
        return String.valueOf(param(name));
    }

    private Object param(String name) {
        Object v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("trial " + number + " has no parameter '" + name + "'; it has " + params.keySet());
        }
        return v;
    }
}
