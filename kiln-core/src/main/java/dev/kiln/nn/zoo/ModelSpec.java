package dev.kiln.nn.zoo;

import dev.kiln.autograd.GradMode;
import dev.kiln.io.Json;
import dev.kiln.io.Safetensors;
import dev.kiln.nn.AvgPool2d;
import dev.kiln.nn.BatchNorm1d;
import dev.kiln.nn.BatchNorm2d;
import dev.kiln.nn.Conv2d;
import dev.kiln.nn.Dropout;
import dev.kiln.nn.Flatten;
import dev.kiln.nn.Linear;
import dev.kiln.nn.MaxPool2d;
import dev.kiln.nn.Module;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.GELU;
import dev.kiln.nn.activation.ReLU;
import dev.kiln.nn.activation.Sigmoid;
import dev.kiln.nn.activation.Tanh;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A classifier's architecture in one line, the way {@code kiln train --model} takes it: a built-in
 * name ({@code mlp}, {@code lenet}, {@code cnn}) or a layer list such as
 * {@code "flatten,linear(128),relu,dropout(0.2)"} or {@code "conv(8,3),relu,maxpool(2),flatten,linear(64),relu"},
 * together with the shape of one input sample and the number of classes. Sizes flow from the sample
 * shape through the layers, and a final {@code Linear} to the number of classes is appended to a
 * layer list (after a {@code Flatten} if the last layer's output is not flat).
 *
 * <p>Saved as {@code model.json} ({@link #FILE}) beside the weights, it lets
 * {@link Models#load(Path)} rebuild a trained network in one call:
 * <pre>{@code
 * ModelSpec spec = ModelSpec.of("flatten,linear(128),relu", new int[] {1, 28, 28}, 10);
 * Sequential net = spec.build();
 * // ... train ...
 * Models.save(Path.of("digits-model"), spec, net);
 * Sequential again = Models.load(Path.of("digits-model"));
 * }</pre>
 *
 * @param spec the name or layer list, as given
 * @param inputShape the shape of one sample, without the batch dimension ({@code [1, 28, 28]}, {@code [4]})
 * @param classes the number of classes (the output width)
 */
public record ModelSpec(String spec, int[] inputShape, int classes) {
    /** The file name of a saved architecture. */
    public static final String FILE = "model.json";
    /** The value of {@code format} in {@link #FILE}. */
    public static final String FORMAT = "kiln.model";
    /** What {@link #build()} accepts, in one sentence (for help texts). */
    public static final String HELP = "mlp, lenet, cnn, resnet18, vgg (CIFAR-style, 32x32), or layers such as \"flatten,linear(128),relu,dropout(0.2)\" "
            + "(layers: flatten, linear(n), relu, tanh, sigmoid, gelu, dropout(p), conv(channels,kernel[,stride,padding]), "
            + "maxpool(k), avgpool(k), batchnorm; a final linear to the number of classes is added)";

    /**
     * Validates the parts; {@link #build()} checks the spec itself.
     *
     * @throws IllegalArgumentException for a blank spec, an empty or non-positive shape or fewer than one class
     */
    public ModelSpec {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("model spec: empty; expected " + HELP);
        }
        if (inputShape == null || inputShape.length == 0 || Arrays.stream(inputShape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("model spec: the input shape must be one or more positive sizes, got "
                    + (inputShape == null ? "none" : Shape.str(inputShape)));
        }
        if (classes < 1) {
            throw new IllegalArgumentException("model spec: the number of classes must be positive, got " + classes);
        }
        inputShape = inputShape.clone();
    }

    /**
     * The spec for samples of {@code inputShape} and {@code classes} classes.
     *
     * @param spec a built-in name or a layer list
     * @param inputShape the shape of one sample, without the batch dimension
     * @param classes the number of classes
     * @return the spec
     */
    public static ModelSpec of(String spec, int[] inputShape, int classes) {
        return new ModelSpec(spec, inputShape, classes);
    }

    /**
     * The shape of one sample (a copy).
     *
     * @return a copy of the per-sample input shape
     */
    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    /**
     * Builds the network, freshly initialised (PyTorch's default initialisation of each layer).
     *
     * @return the network, in training mode
     * @throws IllegalArgumentException naming the unknown name or layer, the bad argument, or the
     *     layer that does not fit the shape it receives
     */
    public Sequential build() {
        String key = spec.toLowerCase(Locale.ROOT).strip();
        int[] sampleShape = inputShape;
        return switch (key) {
            case "mlp" -> Models.mlp(Shape.numel(sampleShape), classes);
            case "lenet", "lenet5" -> {
                requireImage(key, sampleShape, 28);
                yield Models.lenet5(classes);
            }
            case "cnn", "cnn_bn" -> {
                requireImage(key, sampleShape, 28);
                yield Models.cnnBn(classes);
            }
            case "resnet18" -> {
                if (sampleShape.length != 3 || sampleShape[1] < 8 || sampleShape[2] < 8) {
                    throw new IllegalArgumentException("resnet18 needs CxHxW images of at least 8x8, but the data's samples have shape "
                            + Shape.str(sampleShape));
                }
                yield Models.resnet18(sampleShape[0], classes);
            }
            case "vgg", "cifar_vgg" -> {
                if (sampleShape.length != 3 || sampleShape[1] != 32 || sampleShape[2] != 32) {
                    throw new IllegalArgumentException(key + " needs Cx32x32 images (--image-size 32), but the data's samples have shape "
                            + Shape.str(sampleShape));
                }
                yield Models.cifarVgg(sampleShape[0], classes);
            }
            default -> layers(sampleShape);
        };
    }

    private static void requireImage(String model, int[] shape, int size) {
        if (!Arrays.equals(shape, new int[] {1, size, size})) {
            throw new IllegalArgumentException(model + " needs 1x" + size + "x" + size + " images, but the data's samples have shape "
                    + Shape.str(shape));
        }
    }

    private Sequential layers(int[] sampleShape) {
        List<Module> layers = new ArrayList<>();
        int[] shape = sampleShape.clone();
        for (String raw : spec.split(",(?![^(]*\\))")) {
            String item = raw.strip().toLowerCase(Locale.ROOT);
            if (item.isEmpty()) {
                continue;
            }
            String name = item.contains("(") ? item.substring(0, item.indexOf('(')).strip() : item;
            double[] args = args(item);
            Module m = switch (name) {
                case "flatten" -> new Flatten();
                case "linear", "dense" -> {
                    need(item, args, 1);
                    if (shape.length != 1) {
                        throw new IllegalArgumentException("'" + item + "' needs flat input but receives shape " + Shape.str(shape)
                                + " (add flatten before it)");
                    }
                    yield new Linear(shape[0], (int) args[0]);
                }
                case "relu" -> ReLU.inPlace();
                case "tanh" -> new Tanh();
                case "sigmoid" -> new Sigmoid();
                case "gelu" -> new GELU();
                case "dropout" -> new Dropout(args.length > 0 ? args[0] : 0.5);
                case "conv", "conv2d" -> {
                    if (args.length < 2 || shape.length != 3) {
                        throw new IllegalArgumentException("'" + item + "' needs conv(channels,kernel[,stride,padding]) on CxHxW input, got "
                                + Shape.str(shape));
                    }
                    int stride = args.length > 2 ? (int) args[2] : 1;
                    int pad = args.length > 3 ? (int) args[3] : (int) args[1] / 2;
                    yield new Conv2d(shape[0], (int) args[0], (int) args[1], stride, pad);
                }
                case "maxpool" -> new MaxPool2d(args.length > 0 ? (int) args[0] : 2);
                case "avgpool" -> new AvgPool2d(args.length > 0 ? (int) args[0] : 2);
                case "batchnorm", "bn" -> shape.length == 3 ? new BatchNorm2d(shape[0]) : new BatchNorm1d(shape[0]);
                default -> throw new IllegalArgumentException("unknown layer '" + name + "'; expected " + HELP);
            };
            layers.add(m);
            shape = outputShape(m, shape, item);
        }
        if (shape.length != 1) {
            layers.add(new Flatten());
            shape = new int[] {Shape.numel(shape)};
        }
        layers.add(new Linear(shape[0], classes));
        return new Sequential(layers.toArray(new Module[0]));
    }

    private static int[] outputShape(Module m, int[] shape, String item) {
        int[] batch = new int[shape.length + 1];
        batch[0] = 2;
        System.arraycopy(shape, 0, batch, 1, shape.length);
        try (var off = GradMode.disabled()) {
            m.eval();
            int[] out = m.forward(Tensor.zeros(batch)).shape();
            m.train();
            return Arrays.copyOfRange(out, 1, out.length);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("layer '" + item + "' does not fit input of shape " + Shape.str(shape) + ": "
                    + e.getMessage(), e);
        }
    }

    private static double[] args(String item) {
        int open = item.indexOf('(');
        if (open < 0) {
            return new double[0];
        }
        if (!item.endsWith(")")) {
            throw new IllegalArgumentException("'" + item + "' is missing a closing parenthesis");
        }
        String inner = item.substring(open + 1, item.length() - 1).strip();
        if (inner.isEmpty()) {
            return new double[0];
        }
        String[] parts = inner.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + parts[i].strip() + "' in '" + item + "' is not a number");
            }
        }
        return out;
    }

    private static void need(String item, double[] args, int n) {
        if (args.length < n) {
            throw new IllegalArgumentException("'" + item + "' needs " + n + " argument(s)");
        }
    }

    // ------------------------------------------------------------------ model.json

    /**
     * Writes {@link #FILE} into {@code folder} (created if needed), replacing an older one only once
     * the new one is complete: {@code {"format": "kiln.model", "version": 1, "spec": ..., "input_shape": [...], "classes": n}}.
     *
     * @param folder the folder
     * @throws IOException if the file cannot be written
     */
    public void write(Path folder) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", 1);
        m.put("spec", spec);
        m.put("input_shape", Arrays.stream(inputShape).boxed().toList());
        m.put("classes", classes);
        Files.createDirectories(folder);
        Safetensors.writeAtomically(folder.resolve(FILE), Json.write(m).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the {@link #FILE} of {@code folder}.
     *
     * @param folder a folder written by {@link #write(Path)}, {@link Models#save} or {@code kiln train}
     * @return the spec
     * @throws IOException naming the file when it is missing, too large or not a Kiln architecture
     */
    public static ModelSpec read(Path folder) throws IOException {
        Path f = folder.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            throw new IOException(folder + ": no " + FILE + " (the architecture); "
                    + (Files.isRegularFile(folder.resolve("run.json"))
                            ? "this run was trained before Kiln saved it: rebuild the model with ModelSpec.of(the run.json's model, "
                                    + "the data's sample shape, the number of classes).build() and load best/model.safetensors into it"
                            : "save a model with Models.save, or point at a run folder of 'kiln train'"));
        }
        Map<String, Object> m = Json.readObject(f, 1 << 20, "an architecture");
        if (!FORMAT.equals(m.get("format"))) {
            throw new IOException(f + ": not a Kiln architecture (\"format\" is " + Json.write(m.get("format")) + ", expected \""
                    + FORMAT + "\")");
        }
        if (!(m.get("version") instanceof Long v) || v != 1) {
            throw new IOException(f + ": architecture version " + Json.write(m.get("version")) + " is not one this Kiln reads (1)");
        }
        try {
            if (!(m.get("spec") instanceof String spec) || !(m.get("classes") instanceof Long classes)
                    || !(m.get("input_shape") instanceof List<?> dims) || !dims.stream().allMatch(d -> d instanceof Long)) {
                throw new IllegalArgumentException("\"spec\" must be a string, \"classes\" an integer and \"input_shape\" a list of integers");
            }
            int[] shape = dims.stream().mapToInt(d -> Math.toIntExact((Long) d)).toArray();
            return new ModelSpec(spec, shape, Math.toIntExact(classes));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IOException(f + ": corrupt: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec s && s.spec.equals(spec) && Arrays.equals(s.inputShape, inputShape) && s.classes == classes;
    }

    @Override
    public int hashCode() {
        return (spec.hashCode() * 31 + Arrays.hashCode(inputShape)) * 31 + classes;
    }

    @Override
    public String toString() {
        return "ModelSpec[" + spec + ", input " + Shape.str(inputShape) + ", " + classes + " classes]";
    }
}
