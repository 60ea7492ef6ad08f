package dev.kiln.autograd;

/**
 * Whether operations record a graph for backward on the current thread.
 *
 * <pre>{@code
 * try (var g = GradMode.disabled()) {
 *     // no graph is recorded here: parameter updates, evaluation
 * }
 * }</pre>
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {
    }

    /**
     * {@return true when operations on this thread record graph nodes}
     */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /**
     * Turns recording off until the returned scope is closed; scopes nest.
     *
     * @return a scope whose close restores the previous setting
     */
    public static Scope disabled() {
        return set(false);
    }

    /**
     * Turns recording on until the returned scope is closed (inside a disabled scope, for example).
     *
     * @return a scope whose close restores the previous setting
     */
    public static Scope enabled() {
        return set(true);
    }

    /**
     * Sets recording on or off until the returned scope is closed.
     *
     * @param enabled true to record operations, false to stop
     * @return a scope whose close restores the previous setting
     */
    public static Scope set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = enabled;
        return () -> flag[0] = previous;
    }

    /** A scope that restores the previous grad mode when closed. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
