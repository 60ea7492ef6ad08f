package dev.kiln.onnx;

/**
 * An ONNX file that Kiln cannot use: unreadable, truncated or malformed, or a graph with an operator,
 * attribute or data type Kiln does not support. The message names the file or the node and says
 * what is wrong, so that a command-line user can act on it.
 */
public final class OnnxFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message}. */
    public OnnxFormatException(String message) {
        super(message);
    }

    /** A problem described by {@code message}, caused by {@code cause}. */
    public OnnxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
