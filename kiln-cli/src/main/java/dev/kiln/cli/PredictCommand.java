package dev.kiln.cli;

import dev.kiln.autograd.GradMode;
import dev.kiln.data.CsvReader;
import dev.kiln.data.IdxReader;
import dev.kiln.nn.Module;
import dev.kiln.nn.functional.Softmax;
import dev.kiln.onnx.Onnx;
import dev.kiln.onnx.OnnxModule;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code kiln predict}: runs a trained model (a run folder or an ONNX file) on new inputs: an image (PNG/JPEG, resized to the
 * model's input), an IDX image file, or a CSV of feature rows (no label column), and prints the
 * predicted class and its probability for each.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict classes for an image, an IDX image file or a CSV of feature rows with a trained run or a .onnx model."})
final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN|ONNX", description = "A run folder written by 'kiln train', or a .onnx model.")
    Path run;

    @Parameters(index = "1", paramLabel = "INPUT", description = "An image (.png, .jpg), an IDX images file, or a .csv of feature rows.")
    Path input;

    @Override
    public Integer call() throws IOException {
        Module model;
        Tensor x;
        if (OnnxModels.isOnnx(run.toString()) && Files.isRegularFile(run)) {
            OnnxModule imported = Onnx.load(run);
            int[] sample = OnnxModels.sampleShape(imported);
            if (sample == null) {
                throw new IOException(run + ": the model does not declare a fixed input shape per sample, so Kiln cannot "
                        + "tell how to read " + input);
            }
            model = imported;
            x = read(input, sample);
        } else {
            EvaluateCommand.Loaded loaded = EvaluateCommand.load(run, null, null, "best");
            model = loaded.model();
            x = loaded.data().transform().apply(read(input, loaded.data().sampleShape()));
        }
        model.eval();
        Tensor probs;
        try (var off = GradMode.disabled()) {
            probs = Softmax.softmax(model.forward(x), 1);
        }
        int n = probs.size(0);
        int c = probs.size(1);
        float[] p = probs.contiguous().toFloatArray();
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (p[i * c + j] > p[i * c + best]) {
                    best = j;
                }
            }
            System.out.printf(Locale.ROOT, "%d: class %d (p = %.3f)%n", i, best, p[i * c + best]);
        }
        return 0;
    }

    private static Tensor read(Path file, int[] sample) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        Tensor x;
        if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
            // feature rows without labels: read with a dummy label column appended by the reader's contract
            String text = Files.readString(file);
            StringBuilder withLabel = new StringBuilder("header\n");
            for (String line : text.split("\\R")) {
                if (!line.isBlank() && !Character.isLetter(line.strip().charAt(0))) {
                    withLabel.append(line.strip()).append(",0\n");
                }
            }
            x = CsvReader.builder().read(new java.io.ByteArrayInputStream(withLabel.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    file.toString()).inputs();
        } else if (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".bmp") || name.endsWith(".gif")) {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new IOException(file + ": not a readable image");
            }
            if (sample.length != 3) {
                throw new IOException("the model takes feature vectors of shape " + Shape.str(sample) + ", not images");
            }
            int h = sample[1];
            int w = sample[2];
            BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            scaled.createGraphics().drawImage(img, 0, 0, w, h, null);
            float[] px = new float[sample[0] * h * w];
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    int rgb = scaled.getRGB(xx, y);
                    float grey = (0.299f * ((rgb >> 16) & 0xFF) + 0.587f * ((rgb >> 8) & 0xFF) + 0.114f * (rgb & 0xFF)) / 255f;
                    for (int ch = 0; ch < sample[0]; ch++) {
                        px[ch * h * w + y * w + xx] = grey;
                    }
                }
            }
            x = Tensor.fromArray(px, 1, sample[0], h, w);
        } else {
            x = IdxReader.readImages(file);
        }
        int[] got = java.util.Arrays.copyOfRange(x.shape(), 1, x.dim());
        if (Shape.numel(got) != Shape.numel(sample)) {
            throw new IOException(file + ": inputs of shape " + Shape.str(got) + " do not fit the model's " + Shape.str(sample));
        }
        int[] target = new int[sample.length + 1];
        target[0] = x.size(0);
        System.arraycopy(sample, 0, target, 1, sample.length);
        return x.reshape(target);
    }
}
