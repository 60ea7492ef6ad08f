package dev.kiln.cli;

import dev.kiln.autograd.GradMode;
import dev.kiln.cli.board.RunFolder;
import dev.kiln.data.Batch;
import dev.kiln.data.DataLoader;
import dev.kiln.data.TensorDataset;
import dev.kiln.io.Json;
import dev.kiln.io.Safetensors;
import dev.kiln.nn.Module;
import dev.kiln.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A model's predictions on a test split: the confusion matrix (row = true class, column =
 * predicted) and the first misclassified examples with the predicted class's softmax probability,
 * written as {@code confusion.json} and {@code misclassified.json} for the board and report.html.
 *
 * @param matrix the confusion counts, {@code matrix[truth][predicted]}
 * @param examples the first misclassified examples, in test order
 * @param misclassifiedTotal how many test samples were misclassified in all
 */
record TestAnalysis(long[][] matrix, List<Map<String, Object>> examples, long misclassifiedTotal) {
    /** How many misclassified examples are kept. */
    static final int EXAMPLES = 24;

    /**
     * Runs the model over the test set (in evaluation mode, without gradients).
     *
     * @param model the classifier, giving logits (N, C)
     * @param test the test split
     * @param classes the number of classes C
     * @return the analysis
     */
    static TestAnalysis of(Module model, TensorDataset test, int classes) {
        long[][] matrix = new long[classes][classes];
        List<Map<String, Object>> examples = new ArrayList<>();
        long wrong = 0;
        int offset = 0;
        int[] shape = test.inputs().shape();
        int[] sampleShape = Arrays.copyOfRange(shape, 1, shape.length);
        model.eval();
        try (var off = GradMode.disabled()) {
            for (Batch b : DataLoader.builder(test).batchSize(256).build()) {
                float[] logits = model.forward(b.inputs()).toFloatArray();
                long[] truth = b.targets().toLongArray();
                for (int i = 0; i < truth.length; i++) {
                    int predicted = argmax(logits, i * classes, classes);
                    matrix[(int) truth[i]][predicted]++;
                    if (predicted != truth[i]) {
                        wrong++;
                        if (examples.size() < EXAMPLES) {
                            examples.add(example(test.inputs().select(0, offset + i), sampleShape, offset + i, (int) truth[i], predicted,
                                    softmax(logits, i * classes, classes, predicted)));
                        }
                    }
                }
                offset += truth.length;
            }
        }
        return new TestAnalysis(matrix, examples, wrong);
    }

    /**
     * Writes {@code confusion.json} and {@code misclassified.json} into the run folder.
     *
     * @param runDir the run folder
     * @param classNames the class names, or null for indices
     * @param checkpoint which checkpoint made the predictions ("best" or "last")
     * @throws IOException if a file cannot be written
     */
    void save(Path runDir, List<String> classNames, String checkpoint) throws IOException {
        Map<String, Object> confusion = new LinkedHashMap<>();
        confusion.put("split", "test");
        confusion.put("checkpoint", checkpoint);
        confusion.put("classes", classNames);
        List<Object> rows = new ArrayList<>();
        for (long[] row : matrix) {
            rows.add(row);
        }
        confusion.put("matrix", rows);
        Safetensors.writeAtomically(runDir.resolve(RunFolder.CONFUSION), Json.write(confusion).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> mis = new LinkedHashMap<>();
        mis.put("split", "test");
        mis.put("checkpoint", checkpoint);
        mis.put("total", misclassifiedTotal);
        mis.put("examples", examples);
        Safetensors.writeAtomically(runDir.resolve(RunFolder.MISCLASSIFIED), Json.write(mis).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> example(Tensor input, int[] sampleShape, int index, int label, int predicted, double p) {
        Map<String, Object> ex = new LinkedHashMap<>();
        ex.put("index", index);
        ex.put("label", label);
        ex.put("predicted", predicted);
        ex.put("probability", p);
        float[] values = input.contiguous().toFloatArray();
        String image = image(values, sampleShape);
        if (image != null) {
            ex.put("image", image);
        } else {
            double[] features = new double[Math.min(values.length, 64)];
            for (int i = 0; i < features.length; i++) {
                features[i] = values[i];
            }
            ex.put("features", features);
        }
        return ex;
    }

    /**
     * A sample of shape (H, W), (1, H, W) or (3, H, W) as a PNG data URI, its values stretched from
     * their minimum to their maximum onto 0..255; null for other shapes.
     */
    static String image(float[] values, int[] shape) {
        int channels;
        int h;
        int w;
        if (shape.length == 2) {
            channels = 1;
            h = shape[0];
            w = shape[1];
        } else if (shape.length == 3 && (shape[0] == 1 || shape[0] == 3)) {
            channels = shape[0];
            h = shape[1];
            w = shape[2];
        } else {
            return null;
        }
        if (h < 2 || w < 2) {
            return null;
        }
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float range = max > min ? max - min : 1;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] rgb = new int[3];
                for (int c = 0; c < 3; c++) {
                    float v = values[(channels == 1 ? 0 : c) * plane + y * w + x];
                    rgb[c] = Math.round(255 * (v - min) / range);
                }
                img.setRGB(x, y, rgb[0] << 16 | rgb[1] << 8 | rgb[2]);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", png);
        } catch (IOException e) {
            return null;
        }
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
    }

    private static int argmax(float[] v, int from, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (v[from + j] > v[from + best]) {
                best = j;
            }
        }
        return best;
    }

    /** softmax(v)[k] = exp(v_k - max) / sum_j exp(v_j - max). */
    private static double softmax(float[] v, int from, int n, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, v[from + j]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += Math.exp(v[from + j] - max);
        }
        return Math.exp(v[from + k] - max) / sum;
    }
}
