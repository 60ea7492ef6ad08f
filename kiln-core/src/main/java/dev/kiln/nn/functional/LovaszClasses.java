package dev.kiln.nn.functional;

import java.util.Arrays;

/**
 * Which classes the Lovász-softmax loss averages over (PyTorch reference implementation's
 * {@code classes} argument): those present in the target, all of them, or a given list.
 */
public sealed interface LovaszClasses {
    /** The classes with at least one pixel in the (per-image or whole-batch) set: {@code "present"}. */
    record Present() implements LovaszClasses {
    }

    /** Every class, a class without pixels counting its (zero-label) loss: {@code "all"}. */
    record All() implements LovaszClasses {
    }

    /**
     * The listed class indices, each counted whether or not it has pixels.
     *
     * @param indices the class indices, each in [0, C)
     */
    record Listed(int... indices) implements LovaszClasses {
        /** Copies the indices and rejects an empty list. */
        public Listed {
            if (indices.length == 0) {
                throw new IllegalArgumentException("lovasz_softmax: the list of classes is empty");
            }
            indices = indices.clone();
        }

        @Override
        public int[] indices() {
            return indices.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Listed l && Arrays.equals(indices, l.indices);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(indices);
        }

        @Override
        public String toString() {
            return "Listed" + Arrays.toString(indices);
        }
    }

    /** {@return the classes present in the target} */
    static LovaszClasses present() {
        return new Present();
    }

    /** {@return every class} */
    static LovaszClasses all() {
        return new All();
    }

    /**
     * Parses PyTorch's spelling: {@code "present"}, {@code "all"} or a comma-separated list of class
     * indices ({@code "0,2,5"}), for readers of user text.
     *
     * @param text the setting
     * @return the classes it names
     * @throws IllegalArgumentException naming the accepted forms when the text is none of them
     */
    static LovaszClasses parse(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("present")) {
            return present();
        }
        if (t.equalsIgnoreCase("all")) {
            return all();
        }
        try {
            return new Listed(Arrays.stream(t.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "lovasz_softmax: classes must be \"present\", \"all\" or a comma-separated list of class indices, got \""
                            + text + "\"");
        }
    }
}
