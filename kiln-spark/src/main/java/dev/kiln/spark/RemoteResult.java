package dev.kiln.spark;

import java.io.Serializable;
import java.util.Map;

/** What a trial's task returns: the objective value and user attributes to record with the trial. */
public record RemoteResult(double value, Map<String, Object> userAttrs) implements Serializable {
    public RemoteResult {
        userAttrs = Map.copyOf(userAttrs);
    }

    /** A value with no attributes. */
    public static RemoteResult of(double value) {
        return new RemoteResult(value, Map.of());
    }
}
