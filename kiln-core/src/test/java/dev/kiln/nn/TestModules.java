package dev.kiln.nn;

import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;

/** Small modules for tests that must not depend on other packages' layers. */
final class TestModules {
    private TestModules() {
    }

    /** max(x, 0), as nn.activation's ReLU (owned elsewhere). */
    static final class Relu extends Module {
        @Override
        public Tensor forward(Tensor x) {
            return x.relu();
        }
    }

    /** A stand-in for a batch-norm layer: a weight and bias, and the buffers PyTorch registers. */
    static final class FakeNorm extends Module {
        final Tensor weight;
        final Tensor runningMean;

        FakeNorm(int channels) {
            weight = registerParameter("weight", Tensor.ones(channels));
            registerParameter("bias", Tensor.zeros(channels));
            runningMean = registerBuffer("running_mean", Tensor.zeros(channels));
            registerBuffer("running_var", Tensor.ones(channels));
            registerBuffer("num_batches_tracked", Tensor.zeros(DType.INT64));
        }

        @Override
        public Tensor forward(Tensor x) {
            return x.mul(weight);
        }
    }

    /** features (a Sequential whose index 3 has a bias) + bn + head, to exercise nested names. */
    static final class Net extends Module {
        final Sequential features = registerModule("features", new Sequential(new Embedding(10, 4), new Identity(), new Relu(),
                new FakeNorm(4)));
        final FakeNorm bn = registerModule("bn", new FakeNorm(4));
        final Embedding head = registerModule("head", new Embedding(10, 4));

        @Override
        public Tensor forward(Tensor idx) {
            return bn.forward(features.forward(idx)).add(head.forward(idx));
        }
    }
}
