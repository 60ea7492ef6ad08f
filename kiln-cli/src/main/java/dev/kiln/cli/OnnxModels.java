package dev.kiln.cli;

import dev.kiln.autograd.GradMode;
import dev.kiln.nn.Module;
import dev.kiln.onnx.Onnx;
import dev.kiln.onnx.OnnxFormatException;
import dev.kiln.onnx.OnnxModule;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * ONNX models on the command line: a model spec that names a {@code .onnx} file is the imported
 * graph ({@code kiln evaluate model.onnx}, {@code kiln predict model.onnx}, {@code kiln train
 * --init-from model.onnx}). Its inputs are what the data gives (images as pixels / 255 in
 * (N, C, H, W)); a sample of the data's shape is run once to check that the model takes it and
 * returns one score per class.
 */
final class OnnxModels {
    private OnnxModels() {
    }

    /** Whether {@code spec} names an ONNX file. */
    static boolean isOnnx(String spec) {
        return spec != null && spec.toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    /**
     * Imports {@code file} for data of {@code sampleShape} with {@code classes} classes.
     *
     * @throws IllegalArgumentException if the file is missing, malformed or does not fit the data
     *     (the message starts with the file name)
     */
    static OnnxModule load(Path file, int[] sampleShape, int classes) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such ONNX file");
        }
        OnnxModule model = Onnx.load(file);
        int[] batchOfOne = new int[sampleShape.length + 1];
        batchOfOne[0] = 1;
        System.arraycopy(sampleShape, 0, batchOfOne, 1, sampleShape.length);
        Tensor out;
        try (var off = GradMode.disabled()) {
            out = model.forward(Tensor.zeros(batchOfOne));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the model does not take the data's samples of shape "
                    + Shape.str(sampleShape) + ": " + e.getMessage(), e);
        }
        if (out.dim() != 2 || out.size(1) != classes) {
            throw new IllegalArgumentException(file + ": the model returns " + Shape.str(out.shape()) + " for one sample, "
                    + "expected (1, " + classes + ") scores for the data's " + classes + " classes");
        }
        return model;
    }

    /** The per-sample input shape the model declares (its first input without the batch dimension), or null. */
    static int[] sampleShape(OnnxModule model) {
        int[] shape = model.inputShape(0);
        if (shape == null || shape.length < 2 || Arrays.stream(shape, 1, shape.length).anyMatch(d -> d < 1)) {
            return null;
        }
        return Arrays.copyOfRange(shape, 1, shape.length);
    }

    /**
     * The channels of the image input that the ONNX file declares (C of N×C×H×W), or 0 when the file
     * cannot be read (the model's own loading reports why) or its input is not an image.
     */
    static int declaredChannels(Path file) {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        try {
            int[] sample = sampleShape(Onnx.load(file));
            return sample != null && sample.length == 3 ? sample[0] : 0;
        } catch (OnnxFormatException | IllegalArgumentException e) {
            return 0;
        }
    }

    /** The model named by {@code spec}: an imported ONNX file or a {@link ModelFactory} spec. */
    static Module build(String spec, int[] sampleShape, int classes) {
        return isOnnx(spec) ? load(Path.of(spec), sampleShape, classes) : ModelFactory.build(spec, sampleShape, classes);
    }
}
