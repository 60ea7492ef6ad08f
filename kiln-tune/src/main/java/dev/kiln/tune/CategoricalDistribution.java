package dev.kiln.tune;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A choice among unordered values (strings, numbers, booleans or null). The internal value is the
 * choice's index.
 *
 * @param choices the values, at least one, no duplicates
 */
public record CategoricalDistribution(List<Object> choices) implements Distribution {

    /** Validates and copies the choices. */
    public CategoricalDistribution {
        if (choices == null || choices.isEmpty()) {
            throw new IllegalArgumentException("categorical: needs at least one choice");
        }
        if (new HashSet<>(choices).size() != choices.size()) {
            throw new IllegalArgumentException("categorical: duplicate choices in " + choices);
        }
        for (Object c : choices) {
            if (c != null && !(c instanceof String || c instanceof Number || c instanceof Boolean)) {
                throw new IllegalArgumentException("categorical: choices must be strings, numbers, booleans or null, got "
                        + c.getClass().getSimpleName());
            }
        }
        choices = Collections.unmodifiableList(new ArrayList<>(choices));
    }

    /** The choices given, in order. */
    public static CategoricalDistribution of(List<?> choices) {
        return new CategoricalDistribution(choices == null ? null : new ArrayList<>(choices));
    }

    /** The number of choices. */
    public int size() {
        return choices.size();
    }

    @Override
    public double toInternal(Object value) {
        for (int i = 0; i < choices.size(); i++) {
            if (sameChoice(choices.get(i), value)) {
                return i;
            }
        }
        throw new IllegalArgumentException("categorical: " + value + " is not one of " + choices);
    }

    private static boolean sameChoice(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return Objects.equals(a, b);
    }

    @Override
    public Object toExternal(double internal) {
        int i = (int) internal;
        if (i != internal || i < 0 || i >= choices.size()) {
            throw new IllegalArgumentException("categorical: index " + internal + " is not in 0.." + (choices.size() - 1));
        }
        return choices.get(i);
    }

    @Override
    public boolean contains(double v) {
        return v >= 0 && v < choices.size() && v == Math.rint(v);
    }

    @Override
    public boolean isSingle() {
        return choices.size() == 1;
    }

    @Override
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "categorical");
        m.put("choices", choices);
        return m;
    }
}
