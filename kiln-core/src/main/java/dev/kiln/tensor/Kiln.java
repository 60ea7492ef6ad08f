package dev.kiln.tensor;

import dev.kiln.backend.Backend;
import dev.kiln.backend.Device;

/**
 * Library-wide settings: the default random generator and the number of threads ops use (the
 * CPU {@link Backend}'s setting).
 *
 * <pre>{@code
 * Kiln.manualSeed(0);          // every later rand/randn/init without an explicit generator repeats
 * Kiln.setNumThreads(1);       // like torch.set_num_threads(1)
 * }</pre>
 */
public final class Kiln {
    private static final Generator DEFAULT_GENERATOR = new Generator(0x5EED);

    private Kiln() {
    }

    /**
     * Seeds the default generator, like {@code torch.manual_seed}.
     *
     * @param seed the seed; equal seeds give equal streams
     */
    public static void manualSeed(long seed) {
        DEFAULT_GENERATOR.manualSeed(seed);
    }

    /**
     * {@return the default generator used when no generator is passed}
     */
    public static Generator defaultGenerator() {
        return DEFAULT_GENERATOR;
    }

    /**
     * Sets how many threads ops may use (the calling thread included), like {@code torch.set_num_threads};
     * the default is the number of available processors.
     *
     *
     * @param n the number of threads (≥ 1)
     * @throws IllegalArgumentException when {@code n < 1}
     * @throws IllegalStateException inside {@link #withNumThreads}
     */
    public static void setNumThreads(int n) {
        cpu().setThreads(n);
    }

    /**
     * {@return how many threads ops may use (inside {@link #withNumThreads}: the scope's budget), like {@code torch.get_num_threads}}
     */
    public static int numThreads() {
        return cpu().threads();
    }

    /**
     * Runs {@code body} on this thread with ops limited to {@code n} threads, without changing the
     * setting other threads see — each of several trainings run at once gets its own budget.
     * Calling {@link #setNumThreads} inside the scope is refused.
     *
     *
     * @param n the number of threads (≥ 1)
     * @param body the work run under the limit
     * @throws IllegalArgumentException when {@code n < 1}
     */
    public static void withNumThreads(int n, Runnable body) {
        cpu().withThreads(n, body);
    }

    private static Backend cpu() {
        return Device.CPU.backend();
    }
}
