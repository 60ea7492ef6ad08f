package dev.kiln.onnx.ops;

/**
 * An ONNX operator: turns one node into a {@link Kernel} at load time, reading and checking every
 * attribute then, so that an unsupported attribute value is refused before anything runs.
 */
@FunctionalInterface
public interface Operator {
    /**
     * @param node the node, with its attributes and opset
     * @return the kernel that computes it
     * @throws dev.kiln.onnx.OnnxFormatException if the node uses something Kiln does not support
     */
    Kernel compile(OnnxNode node);
}
