package dev.kiln.nn.functional;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * An enum whose constants stand for values PyTorch spells as lower-case strings ({@code "mean"},
 * {@code "same"}, {@code "leaky_relu"}): each constant's name in that spelling, and the one parser
 * that readers of user text (model specs, the command line, conformance vectors, model files) use.
 */
public interface PyTorchName {
    /**
     * {@return the constant's Java name, as {@link Enum#name()}}
     */
    String name();

    /**
     * {@return the name as PyTorch spells it: the constant's name in lower case}
     */
    default String pytorchName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a PyTorch name (any case) into a constant of {@code type}.
     *
     * @param <E> the enum
     * @param type the enum's class
     * @param what what the value is, for the message ("reduction", "padding")
     * @param text the text to parse
     * @return the constant whose PyTorch name is {@code text}
     * @throws IllegalArgumentException naming the accepted values when none matches
     */
    static <E extends Enum<E> & PyTorchName> E parse(Class<E> type, String what, String text) {
        StringJoiner accepted = new StringJoiner(", ");
        for (E e : type.getEnumConstants()) {
            if (e.pytorchName().equalsIgnoreCase(text)) {
                return e;
            }
            accepted.add("\"" + e.pytorchName() + "\"");
        }
        throw new IllegalArgumentException(what + " must be one of " + accepted + ", got \"" + text + "\"");
    }
}
