package dev.kiln.autograd;

import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Reverse-mode differentiation over the recorded graph.
 *
 * <p>The traversal is iterative (a chain of any length backpropagates without deep recursion)
 * and deterministic: it first counts, for each node reachable from the root, how many edges
 * lead into it, then runs each node once all its consumers have delivered their gradient,
 * summing the gradients that meet at a node (fan-out).
 */
public final class Engine {
    private Engine() {
    }

    /**
     * Back-propagates {@code gradient} (the gradient of some scalar with respect to {@code root})
     * through the graph, accumulating into the {@code grad} of every leaf that requires grad.
     *
     * @param retainGraph keep saved tensors so that the graph can be back-propagated again
     * @param createGraph record the backward computation itself, for higher-order gradients
     */
    public static void backward(Tensor root, Tensor gradient, boolean retainGraph, boolean createGraph) {
        Node rootNode = root.gradEdge();
        if (rootNode == null) {
            throw new IllegalStateException("backward: the tensor does not require grad and has no grad_fn "
                    + "(did you forget requiresGrad(true), or compute it under GradMode.disabled()?)");
        }
        if (!Shape.same(gradient.shape(), root.shape())) {
            throw new IllegalArgumentException("backward: gradient has shape " + Shape.str(gradient.shape())
                    + " but the tensor has shape " + Shape.str(root.shape()));
        }
        Map<Node, int[]> dependencies = countDependencies(rootNode);
        Map<Node, Tensor> pending = new IdentityHashMap<>();
        pending.put(rootNode, gradient);
        ArrayDeque<Node> ready = new ArrayDeque<>();
        ready.push(rootNode);
        boolean anomaly = AnomalyMode.isEnabled();
        try (var mode = GradMode.set(createGraph)) {
            while (!ready.isEmpty()) {
                Node node = ready.pop();
                Tensor grad = pending.remove(node);
                if (node.isReleased()) {
                    throw new IllegalStateException(node.name() + ": trying to backward through the graph a second time "
                            + "(its saved tensors were freed); call backward(gradient, true) to retain the graph");
                }
                Tensor[] inputGrads = node.backward(grad);
                if (!retainGraph && !(node instanceof AccumulateGrad)) {
                    node.release();
                }
                Node[] next = node.nextNodes();
                int[][] shapes = node.inputShapes();
                for (int i = 0; i < next.length; i++) {
                    Node child = next[i];
                    if (child == null) {
                        continue;
                    }
                    Tensor g = i < inputGrads.length ? inputGrads[i] : null;
                    if (g != null) {
                        if (!Shape.same(g.shape(), shapes[i])) {
                            g = g.sumToShape(shapes[i]);
                        }
                        if (anomaly) {
                            AnomalyMode.check("backward", node, g);
                        }
                        Tensor prev = pending.get(child);
                        pending.put(child, prev == null ? g : prev.add(g));
                    }
                    int[] count = dependencies.get(child);
                    if (--count[0] == 0) {
                        if (pending.containsKey(child)) {
                            ready.push(child);
                        } else {
                            skipBranch(child, dependencies, ready, pending);
                        }
                    }
                }
            }
        }
    }

    /** A node that received no gradient at all still releases its consumers' counts below it. */
    private static void skipBranch(Node start, Map<Node, int[]> dependencies, ArrayDeque<Node> ready, Map<Node, Tensor> pending) {
        ArrayDeque<Node> stack = new ArrayDeque<>();
        stack.push(start);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            for (Node child : n.nextNodes()) {
                if (child == null) {
                    continue;
                }
                int[] count = dependencies.get(child);
                if (--count[0] == 0) {
                    if (pending.containsKey(child)) {
                        ready.push(child);
                    } else {
                        stack.push(child);
                    }
                }
            }
        }
    }

    private static Map<Node, int[]> countDependencies(Node root) {
        Map<Node, int[]> deps = new IdentityHashMap<>();
        deps.put(root, new int[1]);
        ArrayDeque<Node> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            for (Node child : n.nextNodes()) {
                if (child == null) {
                    continue;
                }
                int[] count = deps.get(child);
                if (count == null) {
                    deps.put(child, new int[] {1});
                    stack.push(child);
                } else {
                    count[0]++;
                }
            }
        }
        return deps;
    }

    /** Records {@code node} as the grad_fn of {@code output}, checking for anomalies when that mode is on. */
    public static Tensor record(Tensor output, Node node) {
        output.setGradFn(node);
        if (AnomalyMode.isEnabled()) {
            AnomalyMode.check("forward output", node, output);
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
}
