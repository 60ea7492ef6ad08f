package dev.kiln.cli;

import dev.kiln.onnx.ExportOptions;
import dev.kiln.onnx.Onnx;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kiln export}: writes a trained model as ONNX. The model is a run folder's best (or last)
 * checkpoint, or a safetensors weight file with {@code --model}, loaded as {@code kiln evaluate}
 * loads it; the export traces one forward pass on an input of the data's sample shape with a
 * dynamic batch dimension.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a model as ONNX: a run folder, or a .safetensors file with --model."})
final class ExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN|WEIGHTS", description = "A run folder written by 'kiln train', or a .safetensors state dict.")
    Path source;

    @Parameters(index = "1", paramLabel = "MODEL.onnx", description = "The ONNX file to write.")
    Path target;

    @Option(names = "--model", paramLabel = "SPEC", description = "The architecture of a weight file: mlp, lenet, cnn or a layer spec.")
    String model;

    @Option(names = "--data", paramLabel = "DATA", description = "The data the model takes (sets the input shape; default: the run's data, or mnist10k for a weight file).")
    String data;

    @Option(names = "--checkpoint", defaultValue = "best", description = "best or last (for a run folder). Default ${DEFAULT-VALUE}.")
    String checkpoint;

    @Option(names = "--opset", paramLabel = "N", defaultValue = "" + ExportOptions.DEFAULT_OPSET,
            description = "ONNX opset, " + ExportOptions.MIN_OPSET + " to " + ExportOptions.MAX_OPSET + ". Default ${DEFAULT-VALUE}.")
    int opset;

    @Override
    public Integer call() throws IOException {
        if (!checkpoint.equals("best") && !checkpoint.equals("last")) {
            throw new IllegalArgumentException("--checkpoint must be best or last, got '" + checkpoint + "'");
        }
        ExportOptions options = ExportOptions.defaults().withOpset(opset);
        EvaluateCommand.Loaded loaded = EvaluateCommand.load(source, model, data, checkpoint);
        int[] sample = loaded.data().sampleShape();
        int[] shape = new int[sample.length + 1];
        shape[0] = 1;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        Onnx.export(loaded.model(), Tensor.zeros(shape), target, options);
        System.out.printf(Locale.ROOT, "exported %s to %s (opset %d, input 'input' of shape %s with a dynamic batch, output 'output')%n",
                source, target, opset, Arrays.toString(shape).replaceFirst("\\[1", "[N"));
        return 0;
    }
}
