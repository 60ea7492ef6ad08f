package dev.kiln.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.kiln.nn.Module;
import dev.kiln.onnx.proto.OnnxProto.ModelProto;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Entry point for ONNX (<a href="https://onnx.ai">onnx.ai</a>) files: reading the protobuf model,
 * importing it as a Kiln module, and exporting a Kiln module by tracing its forward pass.
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

    /**
     * Exports {@code module} as an ONNX model with the default options (opset
     * {@value ExportOptions#DEFAULT_OPSET}, input {@code "input"}, output {@code "output"}, dynamic batch).
     *
     * @see #export(Module, Tensor, Path, ExportOptions)
     */
    public static void export(Module module, Tensor exampleInput, Path path) {
        export(module, exampleInput, path, ExportOptions.defaults());
    }

    /**
     * Exports {@code module} as an ONNX model by tracing one forward pass, in evaluation mode, on
     * {@code exampleInput}: every operation the pass runs is recorded and written as ONNX operators
     * (see docs/onnx.md for the table), so a module with its own {@code forward} (residual
     * connections, concatenations, reshapes) exports as well as a {@code Sequential}. Parameters
     * and buffers become initialisers named by their state-dict keys. The module's training flags
     * are restored afterwards. The file is written to a temporary file beside {@code path} and
     * renamed over it, so an existing file survives a failure.
     *
     * <p>The graph is what this one pass computed: control flow that depends on the input's values
     * is frozen as the example took it, and with a dynamic batch a shape that folds the batch
     * size into a constant (a tensor created in {@code forward} with the batch size, say) keeps the
     * example's batch size.
     *
     * @param module       the model (its parameters are read, not changed)
     * @param exampleInput an input of the shape the model takes, (N, …); the first dimension is the batch
     * @param path         the {@code .onnx} file to write
     * @param options      opset, names, batch dimension
     * @throws OnnxExportException naming the operation, when the pass uses one with no ONNX form,
     *     or when the file cannot be written
     */
    public static void export(Module module, Tensor exampleInput, Path path, ExportOptions options) {
        write(toModel(module, exampleInput, options), path);
    }

    /** The ONNX model {@link #export(Module, Tensor, Path, ExportOptions)} writes, without writing it. */
    public static ModelProto toModel(Module module, Tensor exampleInput, ExportOptions options) {
        return Exporter.export(module, exampleInput, options);
    }

    /** Writes {@code model} to {@code path} through a temporary file and a rename. */
    static void write(ModelProto model, Path path) {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, target.getFileName() + ".", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                model.writeTo(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file is left behind; the error below is what matters
                }
            }
            throw new OnnxExportException(path + ": cannot write (" + e.getMessage() + ")", e);
        }
    }
}
