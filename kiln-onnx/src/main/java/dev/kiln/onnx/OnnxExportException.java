package dev.kiln.onnx;

/**
 * A model that cannot be written as ONNX: an operation with no ONNX form (named in the message),
 * a value the trace cannot account for, or a file that cannot be written.
 */
public final class OnnxExportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message}. */
    public OnnxExportException(String message) {
        super(message);
    }

    /** A problem described by {@code message}, caused by {@code cause}. */
    public OnnxExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
