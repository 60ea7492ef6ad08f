package dev.kiln.onnx.ops;

/** How an imported graph runs: as exported (inference) or for fine-tuning (training). */
public enum ExecutionMode {
    /** Dropout is the identity and BatchNormalization uses its running statistics, as ONNX Runtime runs the graph. */
    INFERENCE,
    /**
     * Dropout drops and BatchNormalization normalises with the batch statistics and updates its
     * running statistics, as the layers PyTorch exported would in {@code train()} mode.
     */
    TRAINING
}
