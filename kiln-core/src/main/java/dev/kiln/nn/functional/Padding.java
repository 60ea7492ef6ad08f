package dev.kiln.nn.functional;


/**
 * A padding rule for convolutions, where PyTorch takes the strings {@code "same"} and
 * {@code "valid"} instead of numbers.
 */
public enum Padding implements PyTorchName {
    /**
     * Pad so that the output has the input's size (stride 1 only): a total of {@code d·(k − 1)} per
     * dimension, half of it before and the remainder after.
     */
    SAME,
    /** No padding: only windows that fit wholly inside the input. */
    VALID;

    /**
     * Parses {@code "same"} or {@code "valid"} (any case), for readers of user text.
     *
     * @param name the PyTorch name
     * @return the padding rule of that name
     * @throws IllegalArgumentException naming the accepted values when the name is unknown
     */
    public static Padding parse(String name) {
        return PyTorchName.parse(Padding.class, "padding", name);
    }
}
