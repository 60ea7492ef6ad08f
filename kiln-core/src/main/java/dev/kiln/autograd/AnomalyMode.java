package dev.kiln.autograd;

import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;

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

    /** True when anomaly detection is on for this thread. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Turns detection on until the scope is closed. */
    public static GradMode.Scope enabled() {
        boolean[] flag = ENABLED.get();
        boolean previous = flag[0];
        flag[0] = true;
        return () -> flag[0] = previous;
    }

    /** Fails if {@code value} holds a NaN or infinity, naming the op that produced it. */
    static void check(String phase, Node node, Tensor value) {
        if (value == null || !value.dtype().isFloatingPoint()) {
            return;
        }
        double[] data = value.toDoubleArray();
        for (double v : data) {
            if (!Double.isFinite(v)) {
                StringBuilder shapes = new StringBuilder();
                for (int[] s : node.inputShapes()) {
                    if (shapes.length() > 0) {
                        shapes.append(", ");
                    }
                    shapes.append(s == null ? "-" : Shape.str(s));
                }
                throw new ArithmeticException("anomaly: " + node.name() + " produced " + v + " in its " + phase
                        + " (input shapes " + shapes + ")");
            }
        }
    }
}
