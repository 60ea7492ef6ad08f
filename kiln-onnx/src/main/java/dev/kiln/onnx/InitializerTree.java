package dev.kiln.onnx;

import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;

/**
 * A plain container module that holds an imported model's initialisers under their ONNX names: a
 * dotted name such as {@code features.0.weight} becomes the parameter {@code weight} of the child
 * {@code 0} of the child {@code features}, so that {@code stateDict()} keys are the ONNX names.
 * {@link OnnxModule} is the root of such a tree.
 */
public class InitializerTree extends Module {

    /** An empty container. */
    InitializerTree() {
    }

    /** Where one initialiser lives: the module holding it and its local name there. */
    record Slot(InitializerTree owner, String localName, boolean parameter) {
        /** The tensor now stored in the slot (optimisers and state-dict loads update it in place). */
        Tensor get() {
            return parameter ? owner.localParameters().get(localName) : owner.localBuffers().get(localName);
        }
    }

    /**
     * Stores {@code value} under the dotted {@code path}, as a trainable parameter or as a buffer.
     *
     * @return the slot, or null if the path cannot be laid out as modules (an empty segment, or a
     *     segment that is already a tensor where a module is needed, or the reverse)
     */
    Slot put(String path, Tensor value, boolean parameter) {
        String[] segments = path.split("\\.", -1);
        InitializerTree node = this;
        for (int i = 0; i < segments.length - 1; i++) {
            String s = segments[i];
            if (s.isEmpty() || node.localParameters().containsKey(s) || node.localBuffers().containsKey(s)) {
                return null;
            }
            Module child = node.namedChildren().get(s);
            if (child == null) {
                child = node.addChild(s);
            }
            node = (InitializerTree) child;
        }
        String leaf = segments[segments.length - 1];
        if (leaf.isEmpty() || node.namedChildren().containsKey(leaf) || node.localParameters().containsKey(leaf)
                || node.localBuffers().containsKey(leaf)) {
            return null;
        }
        if (parameter) {
            node.registerParameter(leaf, value);
        } else {
            node.registerBuffer(leaf, value);
        }
        return new Slot(node, leaf, parameter);
    }

    private InitializerTree addChild(String name) {
        return registerModule(name, new InitializerTree());
    }
}
