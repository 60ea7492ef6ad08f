package dev.kiln.cli;

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
import dev.kiln.nn.init.Init;
import dev.kiln.nn.zoo.Models;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Builds the network named by {@code --model}: {@code mlp}, {@code lenet}, {@code cnn}, {@code resnet18},
 * {@code vgg} (the CIFAR networks of the benchmarks W8 and W7), or a layer
 * spec such as {@code "flatten,linear(128),relu,dropout(0.2)"} or
 * {@code "conv(8,3),relu,maxpool(2),flatten,linear(64),relu"}. Sizes flow from the data's sample
 * shape; a final {@code Linear} to the number of classes is appended to a spec.
 */
final class ModelFactory {
    static final String SPEC_HELP = "mlp, lenet, cnn, resnet18, vgg (CIFAR-style, 32x32), or layers such as \"flatten,linear(128),relu,dropout(0.2)\" "
            + "(layers: flatten, linear(n), relu, tanh, sigmoid, gelu, dropout(p), conv(channels,kernel[,stride,padding]), "
            + "maxpool(k), avgpool(k), batchnorm; a final linear to the number of classes is added)";

    private ModelFactory() {
    }

    static Sequential build(String spec, int[] sampleShape, int classes) {
        String key = spec.toLowerCase(Locale.ROOT).strip();
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
                    throw new IllegalArgumentException("--model resnet18 needs CxHxW images of at least 8x8, but the data's samples have shape "
                            + Shape.str(sampleShape));
                }
                yield Models.resnet18(sampleShape[0], classes);
            }
            case "vgg", "cifar_vgg" -> {
                if (sampleShape.length != 3 || sampleShape[1] != 32 || sampleShape[2] != 32) {
                    throw new IllegalArgumentException("--model " + key + " needs Cx32x32 images (--image-size 32), but the data's samples have shape "
                            + Shape.str(sampleShape));
                }
                yield Models.cifarVgg(sampleShape[0], classes);
            }
            default -> parse(spec, sampleShape, classes);
        };
    }

    private static void requireImage(String model, int[] shape, int size) {
        if (!Arrays.equals(shape, new int[] {1, size, size})) {
            throw new IllegalArgumentException("--model " + model + " needs 1x" + size + "x" + size + " images, but the data's samples have shape "
                    + Shape.str(shape));
        }
    }

    private static Sequential parse(String spec, int[] sampleShape, int classes) {
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
                        throw new IllegalArgumentException("--model: '" + item + "' needs flat input but receives shape " + Shape.str(shape)
                                + " (add flatten before it)");
                    }
                    yield new Linear(shape[0], (int) args[0]);
                }
                case "relu" -> new ReLU();
                case "tanh" -> new Tanh();
                case "sigmoid" -> new Sigmoid();
                case "gelu" -> new GELU();
                case "dropout" -> new Dropout(args.length > 0 ? args[0] : 0.5);
                case "conv", "conv2d" -> {
                    if (args.length < 2 || shape.length != 3) {
                        throw new IllegalArgumentException("--model: '" + item + "' needs conv(channels,kernel[,stride,padding]) on CxHxW input, got "
                                + Shape.str(shape));
                    }
                    int stride = args.length > 2 ? (int) args[2] : 1;
                    int pad = args.length > 3 ? (int) args[3] : (int) args[1] / 2;
                    yield new Conv2d(shape[0], (int) args[0], (int) args[1], stride, pad);
                }
                case "maxpool" -> new MaxPool2d(args.length > 0 ? (int) args[0] : 2);
                case "avgpool" -> new AvgPool2d(args.length > 0 ? (int) args[0] : 2);
                case "batchnorm", "bn" -> shape.length == 3 ? new BatchNorm2d(shape[0]) : new BatchNorm1d(shape[0]);
                default -> throw new IllegalArgumentException("--model: unknown layer '" + name + "'; expected " + SPEC_HELP);
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
        try (var off = dev.kiln.autograd.GradMode.disabled()) {
            m.eval();
            int[] out = m.forward(Tensor.zeros(batch)).shape();
            m.train();
            return Arrays.copyOfRange(out, 1, out.length);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--model: layer '" + item + "' does not fit input of shape " + Shape.str(shape) + ": "
                    + e.getMessage(), e);
        }
    }

    private static double[] args(String item) {
        int open = item.indexOf('(');
        if (open < 0) {
            return new double[0];
        }
        if (!item.endsWith(")")) {
            throw new IllegalArgumentException("--model: '" + item + "' is missing a closing parenthesis");
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
                throw new IllegalArgumentException("--model: '" + parts[i].strip() + "' in '" + item + "' is not a number");
            }
        }
        return out;
    }

    private static void need(String item, double[] args, int n) {
        if (args.length < n) {
            throw new IllegalArgumentException("--model: '" + item + "' needs " + n + " argument(s)");
        }
    }

    /** Re-initialises Linear and Conv2d weights: kaiming (He, for ReLU), xavier (Glorot) or default (PyTorch's). */
    static void initialise(Module model, String scheme, dev.kiln.tensor.Generator g) {
        String s = scheme.toLowerCase(Locale.ROOT);
        if (s.equals("default")) {
            return;
        }
        if (!s.equals("kaiming") && !s.equals("xavier")) {
            throw new IllegalArgumentException("--init: expected kaiming, xavier or default, got '" + scheme + "'");
        }
        for (Module m : model.modules()) {
            if (m instanceof Linear || m instanceof Conv2d) {
                var params = m.namedParameters();
                Tensor w = params.get("weight");
                try (var off = dev.kiln.autograd.GradMode.disabled()) {
                    if (s.equals("kaiming")) {
                        Init.kaimingNormal(w, 0, Init.FanMode.FAN_IN, "relu", g);
                    } else {
                        Init.xavierUniform(w, 1, g);
                    }
                    Tensor b = params.get("bias");
                    if (b != null) {
                        b.zero_();
                    }
                }
            }
        }
    }
}
