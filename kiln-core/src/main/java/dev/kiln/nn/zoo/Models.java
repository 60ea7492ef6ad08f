package dev.kiln.nn.zoo;

import dev.kiln.nn.AdaptiveAvgPool2d;
import dev.kiln.nn.BatchNorm2d;
import dev.kiln.nn.Conv2d;
import dev.kiln.nn.Dropout;
import dev.kiln.nn.Flatten;
import dev.kiln.nn.Linear;
import dev.kiln.nn.MaxPool2d;
import dev.kiln.nn.Module;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.ReLU;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The classic networks of the notes, laid out exactly as the equivalent PyTorch
 * {@code nn.Sequential}, so that state-dict keys match ({@code 1.weight}, {@code 3.bias} …) and
 * weights trained in PyTorch load directly; and {@link #save} / {@link #load} of a trained network
 * together with its architecture ({@link ModelSpec}).
 */
public final class Models {
    private Models() {
    }

    /**
     * Saves a trained network with its architecture: {@code model.json} ({@link ModelSpec#write}) and
     * {@code model.safetensors} (the state dict) in {@code folder}, each replacing an older file only
     * once complete. The network must be the one {@code spec} builds (same keys and shapes), so that
     * {@link #load(Path)} can rebuild it.
     *
     * @param folder the folder (created if needed)
     * @param spec the architecture the network was built from
     * @param model the trained network
     * @throws IllegalArgumentException if {@code model} is not what {@code spec} builds
     * @throws IOException if a file cannot be written
     */
    public static void save(Path folder, ModelSpec spec, Module model) throws IOException {
        SavedModel.save(folder, spec, model);
    }

    /**
     * Rebuilds a trained network in one call: the architecture from {@code folder/model.json} and the
     * weights from {@code folder/model.safetensors}, or, for a run folder of {@code kiln train}, from
     * its best checkpoint ({@code best/model.safetensors}, else {@code last/}).
     *
     * @param folder a folder written by {@link #save} or a run folder of {@code kiln train}
     * @return the network with its trained weights, in evaluation mode
     * @throws IOException naming what is missing or corrupt (a run folder from before Kiln saved
     *     {@code model.json} says so)
     */
    public static Sequential load(Path folder) throws IOException {
        return SavedModel.load(folder);
    }

    /**
     * The multi-layer perceptron Flatten – Linear(in, 512) – ReLU – Linear(512, 256) – ReLU –
     * Linear(256, classes); 535,818 parameters for 784 inputs and 10 classes.
     *
     * @param inFeatures input features (784 for 28×28 images; the input is flattened first)
     * @param classes output classes
     * @return the network, freshly initialised
     */
    public static Sequential mlp(int inFeatures, int classes) {
        return new Sequential(new Flatten(), new Linear(inFeatures, 512), ReLU.inPlace(), new Linear(512, 256), ReLU.inPlace(),
                new Linear(256, classes));
    }

    /**
     * LeNet-5 for 1×28×28 images: Conv2d(1,6,5,pad 2) – ReLU – MaxPool(2) – Conv2d(6,16,5) – ReLU –
     * MaxPool(2) – Flatten – Linear(400,120) – ReLU – Linear(120,84) – ReLU – Linear(84, classes).
     *
     * @param classes output classes
     * @return the network, freshly initialised
     */
    public static Sequential lenet5(int classes) {
        return new Sequential(new Conv2d(1, 6, 5, 1, 2), ReLU.inPlace(), new MaxPool2d(2), new Conv2d(6, 16, 5), ReLU.inPlace(),
                new MaxPool2d(2), new Flatten(), new Linear(400, 120), ReLU.inPlace(), new Linear(120, 84), ReLU.inPlace(),
                new Linear(84, classes));
    }

    /**
     * A small CNN with batch normalisation and dropout for 1×28×28 images: Conv(1,8,3,pad 1, no bias)
     * – BN – ReLU – MaxPool(2) – Conv(8,16,3,pad 1, no bias) – BN – ReLU – MaxPool(2) – Dropout(0.25)
     * – Flatten – Linear(784, classes).
     *
     * @param classes output classes
     * @return the network, freshly initialised
     */
    public static Sequential cnnBn(int classes) {
        return new Sequential(conv3x3(1, 8), new BatchNorm2d(8), ReLU.inPlace(), new MaxPool2d(2), conv3x3(8, 16), new BatchNorm2d(16),
                ReLU.inPlace(), new MaxPool2d(2), new Dropout(0.25), new Flatten(), new Linear(16 * 7 * 7, classes));
    }

    /**
     * {@return the VGG-style CIFAR network with batch normalisation of the benchmarks (W7, {@code cifar_vgg} in
     * bench_torch.py) for C×32×32 images (C = 3 in W7): five blocks Conv(3×3, pad 1, with bias) – BN – ReLU with
     * 32, 32, 64, 64, 128 channels, a MaxPool(2) after the second, fourth and fifth, then Flatten –
     * Linear(128·4·4, classes)}
     *
     * @param inChannels the number of channels of the input images
     * @param classes the number of classes (the output size)
     */
    public static Sequential cifarVgg(int inChannels, int classes) {
        Sequential net = new Sequential();
        int[] widths = {32, 32, 64, 64, 128};
        int in = inChannels;
        for (int i = 0; i < widths.length; i++) {
            net.add(new Conv2d(in, widths[i], 3, 1, 1)).add(new BatchNorm2d(widths[i])).add(ReLU.inPlace());
            if (i % 2 == 1 || i == widths.length - 1) {
                net.add(new MaxPool2d(2));
            }
            in = widths[i];
        }
        return net.add(new Flatten()).add(new Linear(128 * 4 * 4, classes));
    }

    /**
     * {@return ResNet-18 in its CIFAR variant (W8/W9, {@code resnet18_cifar} in bench_torch.py): a 3×3 stem
     * Conv(inChannels, 64, no bias) – BN – ReLU without max-pool, four stages of two {@link BasicBlock}s
     * with 64, 128, 256, 512 channels (the first block of stages 2–4 has stride 2 and a 1×1 projection
     * shortcut), then AdaptiveAvgPool(1) – Flatten – Linear(512, classes); 11.2 million parameters for
     * 10 classes} Any image size of at least 8×8 works (the pool averages what is left).
     *
     * @param inChannels the number of channels of the input images
     * @param classes the number of classes (the output size)
     */
    public static Sequential resnet18(int inChannels, int classes) {
        Sequential net = new Sequential(conv3x3(inChannels, 64, 1), new BatchNorm2d(64), ReLU.inPlace());
        int in = 64;
        for (int width : new int[] {64, 128, 256, 512}) {
            net.add(new BasicBlock(in, width, width == 64 ? 1 : 2)).add(new BasicBlock(width, width, 1));
            in = width;
        }
        return net.add(new AdaptiveAvgPool2d(1)).add(new Flatten()).add(new Linear(512, classes));
    }

    private static Conv2d conv3x3(int in, int out) {
        return conv3x3(in, out, 1);
    }

    /** A 3×3 convolution with padding 1, the given stride and no bias. */
    static Conv2d conv3x3(int in, int out, int stride) {
        return new Conv2d(in, out, 3, Conv2d.Options.defaults().withStride(stride).withPadding(1).withBias(false));
    }
}
