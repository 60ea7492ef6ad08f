package dev.kiln.tensor;

/**
 * Library-wide settings: the default random generator.
 *
 * <pre>{@code
 * Kiln.manualSeed(0);          // every later rand/randn/init without an explicit generator repeats
 * }</pre>
 */
public final class Kiln {
    private static final Generator DEFAULT_GENERATOR = new Generator(0x5EED);

    private Kiln() {
    }

    /** Seeds the default generator, like {@code torch.manual_seed}. */
    public static void manualSeed(long seed) {
        DEFAULT_GENERATOR.manualSeed(seed);
    }

    /** The default generator used when no generator is passed. */
    public static Generator defaultGenerator() {
        return DEFAULT_GENERATOR;
    }
}
