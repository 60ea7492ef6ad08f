package dev.kiln.autograd;

/**
 * Anomaly detection: when on, the first recorded operation whose output (in forward) or whose
 * input gradient (in backward) holds a NaN or an infinity fails at once, naming the operation
 * and the shapes of its inputs.
 *
 * <pre>{@code
 * try (var a = AnomalyMode.enabled()) {
 *     loss.backward();
 * }
 * }</pre>
 */
public final class AnomalyMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {false});

    private AnomalyMode() {
    }

    /**
     * {@return true when anomaly detection is on for this thread}
     */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /**
     * Turns detection on until the scope is closed.
     *
     * @return a scope whose close restores the previous setting
     */
    public static GradMode.Scope enabled() {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = true;
        return () -> flag[0] = previous;
    }
}
