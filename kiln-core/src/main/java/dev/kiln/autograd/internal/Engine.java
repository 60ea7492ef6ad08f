package dev.kiln.autograd.internal;

import dev.kiln.autograd.AnomalyMode;
import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.Node;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;

/**
 * The engine's hooks for the library's ops: whether an op must record a graph node, and recording
 * it as the grad_fn of the op's output. The backward traversal itself is
 * {@code dev.kiln.autograd.BackwardPass}, reached through {@code Tensor.backward} and
 * {@code Autograd}.
 */
public final class Engine {
    private Engine() {
    }

    /** Records {@code node} as the grad_fn of {@code output}, checking for anomalies when that mode is on. */
    public static Tensor record(Tensor output, Node node) {
        TensorInternals.setGradFn(output, node);
        if (AnomalyMode.isEnabled()) {
            checkAnomaly("forward output", node, output);
        }
        return output;
    }

    /** True when grad mode is on and any of the tensors requires grad: then an op must record a node. */
    public static boolean needsGrad(Tensor a) {
        return a.requiresGrad() && GradMode.isEnabled();
    }

    /** True when grad mode is on and any of the tensors requires grad: then an op must record a node. */
    public static boolean needsGrad(Tensor a, Tensor b) {
        return (a.requiresGrad() || (b != null && b.requiresGrad())) && GradMode.isEnabled();
    }

    /** True when grad mode is on and any of the tensors requires grad: then an op must record a node. */
    public static boolean needsGrad(Tensor... ts) {
        for (Tensor t : ts) {
            if (t != null && t.requiresGrad()) {
                return GradMode.isEnabled();
            }
        }
        return false;
    }

    /**
     * Fails if {@code value} (an output in forward, a gradient in backward) holds a NaN or an
     * infinity, naming the node that produced it and its input shapes; called when
     * {@link AnomalyMode} is on.
     */
    public static void checkAnomaly(String phase, Node node, Tensor value) {
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
