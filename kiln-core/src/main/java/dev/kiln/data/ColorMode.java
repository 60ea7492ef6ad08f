package dev.kiln.data;

/**
 * The channels an image is decoded into: one grey-scale channel or three colour channels.
 * Grey is the luma of the colour image, {@code 0.299·R + 0.587·G + 0.114·B} (ITU-R BT.601).
 */
public enum ColorMode {
    /** One channel, the luma of the image. */
    GREY(1),
    /** Three channels, red, green and blue, in that order. */
    RGB(3);

    private final int channels;

    ColorMode(int channels) {
        this.channels = channels;
    }

    /** {@return the number of channels of a decoded image: 1 or 3} */
    public int channels() {
        return channels;
    }

    /**
     * {@return the mode with {@code channels} channels}
     *
     * @param channels 1 (grey-scale) or 3 (RGB)
     * @throws IllegalArgumentException for any other number
     */
    public static ColorMode ofChannels(int channels) {
        for (ColorMode m : values()) {
            if (m.channels == channels) {
                return m;
            }
        }
        throw new IllegalArgumentException("ColorMode: expected 1 (grey-scale) or 3 (RGB) channels, got " + channels);
    }
}
