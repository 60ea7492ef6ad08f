package dev.kiln.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a configuration record's components by name and builds a record from components through
 * its canonical constructor, which validates them as {@code new Options(…)} does. The {@code with…}
 * methods that several {@code Options} records share are written once as {@link #with} of one
 * component (an optimiser's {@code withLr}, {@code withMaximize}, …, a loss's
 * {@code withReduction}); an optimiser's state dict is {@link #toMap} and back, a loss's repr
 * {@link #toMap}.
 */
public final class Records {
    private Records() {
    }

    /**
     * {@return the components of the record type {@code type}, in declaration order}
     *
     * @param type a record class
     * @throws IllegalStateException when {@code type} is not a record
     */
    public static RecordComponent[] components(Class<?> type) {
        RecordComponent[] cs = type.getRecordComponents();
        if (cs == null) {
            throw new IllegalStateException("configuration must be a record, got " + type.getName());
        }
        return cs;
    }

    /**
     * {@return true when the record {@code r} has a component called {@code name}}
     *
     * @param r a record
     * @param name the component's name, as declared ({@code weightDecay})
     */
    public static boolean has(Object r, String name) {
        for (RecordComponent c : components(r.getClass())) {
            if (c.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@return the components of {@code r} by name, in declaration order}
     *
     * @param r a record
     */
    public static Map<String, Object> toMap(Object r) {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            for (RecordComponent c : components(r.getClass())) {
                m.put(c.getName(), c.getAccessor().invoke(r));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + r.getClass().getName(), e);
        }
        return m;
    }

    /**
     * {@return a new record of {@code type} from its components in declaration order, validated by its constructor}
     *
     * @param <R> the record type
     * @param type the record class
     * @param args the components
     * @throws IllegalArgumentException when the constructor refuses them (its own message)
     */
    @SuppressWarnings("unchecked")
    public static <R> R construct(Class<R> type, Object[] args) {
        try {
            return (R) canonicalConstructor(type).newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("cannot build " + type.getName(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getName(), e);
        }
    }

    /** The record's canonical constructor (its parameters are the components' types, in order). */
    private static Constructor<?> canonicalConstructor(Class<?> type) throws NoSuchMethodException {
        RecordComponent[] cs = components(type);
        Class<?>[] types = new Class<?>[cs.length];
        for (int i = 0; i < cs.length; i++) {
            types[i] = cs[i].getType();
        }
        return type.getDeclaredConstructor(types);
    }

    /**
     * {@return a copy of the record {@code r} with the component {@code name} set to {@code value}}
     *
     * @param <R> the record type
     * @param r a record
     * @param name the component's name, as declared ({@code lr})
     * @param value its new value (boxed)
     * @throws IllegalArgumentException when the record's constructor refuses the new value
     */
    @SuppressWarnings("unchecked")
    public static <R> R with(R r, String name, Object value) {
        Map<String, Object> m = toMap(r);
        if (!m.containsKey(name)) {
            throw new IllegalStateException(r.getClass().getName() + " has no component " + name);
        }
        m.put(name, value);
        return construct((Class<R>) r.getClass(), m.values().toArray());
    }
}
