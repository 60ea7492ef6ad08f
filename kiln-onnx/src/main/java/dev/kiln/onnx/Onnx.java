package dev.kiln.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.kiln.onnx.proto.OnnxProto.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Entry point for ONNX (<a href="https://onnx.ai">onnx.ai</a>) files: reading the protobuf model and
 * importing it as a Kiln module.
 *
 * <p>The schema classes ({@link dev.kiln.onnx.proto.OnnxProto}) are generated at build time from the
 * official {@code onnx.proto}.
 */
public final class Onnx {
    private Onnx() {
    }

    /**
     * Reads an ONNX model file into its protobuf form, without interpreting the graph.
     *
     * @param path the {@code .onnx} file
     * @return the parsed model
     * @throws OnnxFormatException if the file cannot be read, is truncated or is not an ONNX model
     */
    public static ModelProto readModel(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new OnnxFormatException(path + ": no such file");
        } catch (IOException e) {
            throw new OnnxFormatException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
        return parseModel(bytes, path.toString());
    }

    /**
     * Parses the bytes of an ONNX model.
     *
     * @param bytes the serialized {@code ModelProto}
     * @param source what to call the bytes in error messages (usually the file name)
     * @throws OnnxFormatException if the bytes are truncated or not an ONNX model
     */
    public static ModelProto parseModel(byte[] bytes, String source) {
        if (bytes.length == 0) {
            throw new OnnxFormatException(source + ": empty file, not an ONNX model");
        }
        ModelProto model;
        try {
            model = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxFormatException(source + ": not a valid ONNX model (truncated or corrupt protobuf: "
                    + e.getMessage() + ")", e);
        }
        if (!model.hasGraph() || !model.hasIrVersion()) {
            throw new OnnxFormatException(source + ": not an ONNX model (no " + (model.hasGraph() ? "IR version" : "graph") + ")");
        }
        return model;
    }

    /**
     * Imports an ONNX model as a Kiln module whose {@code forward} runs the graph on Kiln's tensor
     * operations, with autograd. Initialisers become trainable parameters named after them.
     *
     * @param path the {@code .onnx} file
     * @return the imported model
     * @throws OnnxFormatException if the file is malformed or uses an operator, attribute or data type
     *     that Kiln does not support (named in the message, with the node and the opset)
     */
    public static OnnxModule load(Path path) {
        return OnnxModule.of(readModel(path), path.toString());
    }
}
