package dev.kiln.cli;

import dev.kiln.autograd.GradMode;
import dev.kiln.backend.Workspace;
import dev.kiln.data.CsvReader;
import dev.kiln.data.IdxReader;
import dev.kiln.data.ImageDecoder;
import dev.kiln.data.transforms.Transform;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.concurrent.Callable;
import dev.kiln.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kiln predict}: runs a trained model (a run folder or an ONNX file) on new inputs: images (PNG/JPEG; several files or a
 * folder of them), an IDX image file, or a CSV of feature rows (no label column), and prints the
 * predicted class and its probability for each, or JSON with {@code --json}.
 *
 * <p>Images are prepared the way the run's training images look: for MNIST-style data (the bundled
 * MNIST-10k or an IDX folder) by {@link DigitImage} (grey-scale, inverted if dark on light, cropped,
 * antialiased into 20×20 and centred by mass in 28×28); for an image folder by the same resize as
 * training (bilinear, grey-scale or RGB, [0, 1]); for an ONNX model, whose training data Kiln cannot know, by
 * the same plain resize (pixels / 255).
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict classes with a trained run: images (files or a folder), an IDX image file, or a CSV of feature rows.",
            "Photos of digits for an MNIST model are prepared like MNIST: grey-scale, inverted if dark on light, cropped, "
                + "resized with antialiasing into 20x20 and centred by mass in 28x28."})
final class PredictCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN|ONNX", description = "A run folder written by 'kiln train', or a .onnx model.")
    Path run;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "INPUT",
            description = "Images (.png, .jpg) or folders of them, an IDX images file, or a .csv of feature rows.")
    List<Path> inputs;

    @Option(names = "--json", description = "Print JSON: one object per input with the class, its name and probability, and the top classes.")
    boolean json;

    @Option(names = "--top", defaultValue = "3", description = "With --json, how many of the most probable classes to list (only when there are more classes than that). Default ${DEFAULT-VALUE}.")
    int top;

    /** Creates the command (picocli sets the arguments). */
    PredictCommand() {
    }

    @Override
    public Integer call() throws IOException {
        Module model;
        int[] sample;
        Transform transform;
        boolean mnistStyle;
        EvaluateCommand.Loaded loaded = null;
        if (OnnxModels.isOnnx(run.toString()) && Files.isRegularFile(run)) {
            OnnxModule imported = Onnx.load(run);
            sample = OnnxModels.sampleShape(imported);
            if (sample == null) {
                throw new IOException(run + ": the model does not declare a fixed input shape per sample, so Kiln cannot tell how to read its inputs");
            }
            model = imported;
            transform = x -> x;
            mnistStyle = false; // what the model was trained on is unknown: images are only resized, pixels / 255
        } else {
            loaded = EvaluateCommand.load(run, null, null, "best");
            model = loaded.model();
            sample = loaded.data().sampleShape();
            transform = loaded.data().transform();
            mnistStyle = mnistStyle(loaded.data());
        }
        List<String> classNames = loaded != null ? loaded.classNames() : null;
        List<Path> files = new ArrayList<>();
        for (Path in : inputs) {
            files.addAll(expand(in));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        model.eval();
        Workspace workspace = new Workspace(); // the kernels' scratch, reused from one file to the next
        for (Path file : files) {
            Tensor x = transform.apply(read(file, sample, mnistStyle));
            Tensor probs = workspace.call(() -> {
                try (var off = GradMode.disabled()) {
                    return Softmax.softmax(model.forward(x), 1);
                }
            });
            int n = probs.size(0);
            int c = probs.size(1);
            float[] p = probs.contiguous().toFloatArray();
            for (int i = 0; i < n; i++) {
                Integer[] order = new Integer[c];
                for (int j = 0; j < c; j++) {
                    order[j] = j;
                }
                final int row = i;
                java.util.Arrays.sort(order, (a, b) -> Float.compare(p[row * c + b], p[row * c + a]));
                int best = order[0];
                String label = files.size() == 1 && n > 1 ? Integer.toString(i)
                        : n > 1 ? file.getFileName() + "[" + i + "]" : file.getFileName().toString();
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("input", label);
                r.put("class", best);
                if (classNames != null) {
                    r.put("name", className(classNames, best));
                }
                r.put("probability", (double) p[i * c + best]);
                if (top < c) {   // the k most probable of more than k classes (with k >= classes it would be every class)
                    List<Map<String, Object>> topList = new ArrayList<>();
                    for (int k = 0; k < top; k++) {
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("class", order[k]);
                        if (classNames != null) {
                            entry.put("name", className(classNames, order[k]));
                        }
                        entry.put("probability", (double) p[i * c + order[k]]);
                        topList.add(entry);
                    }
                    r.put("top", topList);
                }
                results.add(r);
                if (!json) {
                    if (classNames != null) {
                        System.out.printf(Locale.ROOT, "%s: %s (class %d, p = %.3f)%n", label, className(classNames, best), best, p[i * c + best]);
                    } else {
                        System.out.printf(Locale.ROOT, "%s: class %d (p = %.3f)%n", label, best, p[i * c + best]);
                    }
                }
            }
        }
        if (json) {
            System.out.println(Json.write(results));
        }
        return 0;
    }

    /** Images of MNIST layout (bundled MNIST or an IDX folder, never an image folder) get MNIST's preparation. */
    private static boolean mnistStyle(DataSource data) {
        int[] s = data.sampleShape();
        return data.classNames() == null && s.length == 3 && s[0] == 1;
    }

    /** A file as itself; a folder as its image files, sorted by name. */
    private static List<Path> expand(Path in) throws IOException {
        if (!Files.isDirectory(in)) {
            return List.of(in);
        }
        try (Stream<Path> files = Files.list(in)) {
            List<Path> images = files.filter(f -> Files.isRegularFile(f) && isImage(f)).sorted().toList();
            if (images.isEmpty()) {
                throw new IOException(in + ": no images (.png, .jpg, .jpeg, .bmp, .gif) in this folder");
            }
            return images;
        }
    }

    private static boolean isImage(Path f) {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".bmp") || name.endsWith(".gif");
    }

    private static Tensor read(Path file, int[] sample, boolean mnistStyle) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        Tensor x;
        if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
            // feature rows without labels: a dummy label column is appended; blank and header lines stay (as blank) so line numbers match
            String text = readText(file, name.endsWith(".gz"));
            StringBuilder withLabel = new StringBuilder();
            boolean first = true;
            for (String line : text.split("\\R", -1)) {
                boolean header = first && !line.isBlank() && Character.isLetter(line.strip().charAt(0))
                        && Double.isNaN(CsvReader.parseNumber(line.split(",")[0]));
                first &= line.isBlank();
                withLabel.append(line.isBlank() || header ? "" : line.strip() + ",0").append('\n');
            }
            x = CsvReader.builder().header(false).read(new java.io.ByteArrayInputStream(withLabel.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    file.toString()).inputs();
        } else if (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".bmp") || name.endsWith(".gif")) {
            BufferedImage img = ImageDecoder.read(file);
            if (sample.length != 3) {
                throw new IOException("the model takes feature vectors of shape " + Shape.str(sample) + ", not images");
            }
            int h = sample[1];
            int w = sample[2];
            float[] px = new float[sample[0] * h * w];
            if (mnistStyle && h == w) {
                px = DigitImage.prepare(img, h);
            } else {
                // as ImageFolder reads training images: a bilinear resize, [0, 1]
                BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                java.awt.Graphics2D g = scaled.createGraphics();
                g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(img, 0, 0, w, h, null);
                g.dispose();
                for (int y = 0; y < h; y++) {
                    for (int xx = 0; xx < w; xx++) {
                        int rgb = scaled.getRGB(xx, y);
                        int[] channel = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
                        float grey = (0.299f * channel[0] + 0.587f * channel[1] + 0.114f * channel[2]) / 255f;
                        for (int ch = 0; ch < sample[0]; ch++) {
                            px[ch * h * w + y * w + xx] = sample[0] == 3 ? channel[ch] / 255f : grey;
                        }
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

    /** The name of class {@code i}: its name if the classes have names, else "class i". */
    private static String className(List<String> names, int i) {
        return i < names.size() ? names.get(i) : "class " + i;
    }

    private static String readText(Path file, boolean gzip) throws IOException {
        try (java.io.InputStream in = gzip ? new java.util.zip.GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
            byte[] bytes = in.readAllBytes();
            return dev.kiln.io.Json.decodeUtf8(bytes, 0, bytes.length);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": not UTF-8 text (" + e.getMessage() + ")", e);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new IOException(file + ": corrupt or truncated gzip data (" + e.getMessage() + ")", e);
        }
    }
}
