package dev.kiln.bench;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;

/**
 * A stack of fully connected layers written with plain tensor ops: each layer computes
 * {@code x·Wᵀ + b}, with a ReLU (or tanh) between layers and none after the last. The weights
 * and biases are initialised like PyTorch's {@code nn.Linear}: U(−1/√in, 1/√in).
 */
final class Mlp {
    final Tensor[] weights;
    final Tensor[] biases;
    private final boolean tanh;

    /**
     * @param sizes layer widths, input first: {784, 512, 256, 10} is W2's MLP
     * @param tanh tanh between layers instead of ReLU
     */
    Mlp(Generator g, boolean tanh, int... sizes) {
        this.tanh = tanh;
        int layers = sizes.length - 1;
        weights = new Tensor[layers];
        biases = new Tensor[layers];
        for (int i = 0; i < layers; i++) {
            double bound = 1 / Math.sqrt(sizes[i]);
            weights[i] = Tensor.uniform(g, -bound, bound, sizes[i + 1], sizes[i]).requiresGrad(true);
            biases[i] = Tensor.uniform(g, -bound, bound, sizes[i + 1]).requiresGrad(true);
        }
    }

    /** The forward pass for a batch {@code x} of shape [batch, sizes[0]]. */
    Tensor forward(Tensor x) {
        Tensor h = x;
        for (int i = 0; i < weights.length; i++) {
            h = h.matmul(weights[i].t()).add(biases[i]);
            if (i < weights.length - 1) {
                h = tanh ? h.tanh() : h.relu();
            }
        }
        return h;
    }

    /** Every weight and bias. */
    Tensor[] parameters() {
        Tensor[] p = new Tensor[2 * weights.length];
        for (int i = 0; i < weights.length; i++) {
            p[2 * i] = weights[i];
            p[2 * i + 1] = biases[i];
        }
        return p;
    }
}
