package dev.kiln.nn.zoo;

import dev.kiln.nn.BatchNorm2d;
import dev.kiln.nn.Conv2d;
import dev.kiln.nn.Dropout;
import dev.kiln.nn.Flatten;
import dev.kiln.nn.Linear;
import dev.kiln.nn.MaxPool2d;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.ReLU;

/**
 * The classic networks of the notes, laid out exactly as the equivalent PyTorch
 * {@code nn.Sequential}, so that state-dict keys match ({@code 1.weight}, {@code 3.bias} …) and
 * weights trained in PyTorch load directly.
 */
public final class Models {
    private Models() {
    }

    /**
     * The multi-layer perceptron Flatten – Linear(in, 512) – ReLU – Linear(512, 256) – ReLU –
     * Linear(256, classes); 535,818 parameters for 784 inputs and 10 classes.
     */
    public static Sequential mlp(int inFeatures, int classes) {
        return new Sequential(new Flatten(), new Linear(inFeatures, 512), ReLU.inPlace(), new Linear(512, 256), ReLU.inPlace(),
                new Linear(256, classes));
    }

    /**
     * LeNet-5 for 1×28×28 images: Conv2d(1,6,5,pad 2) – ReLU – MaxPool(2) – Conv2d(6,16,5) – ReLU –
     * MaxPool(2) – Flatten – Linear(400,120) – ReLU – Linear(120,84) – ReLU – Linear(84, classes).
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
     */
    public static Sequential cnnBn(int classes) {
        return new Sequential(conv3x3(1, 8), new BatchNorm2d(8), ReLU.inPlace(), new MaxPool2d(2), conv3x3(8, 16), new BatchNorm2d(16),
                ReLU.inPlace(), new MaxPool2d(2), new Dropout(0.25), new Flatten(), new Linear(16 * 7 * 7, classes));
    }

    private static Conv2d conv3x3(int in, int out) {
        return new Conv2d(in, out, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1, false);
    }
}
