package dev.kiln.onnx;

import dev.kiln.nn.AdaptiveAvgPool2d;
import dev.kiln.nn.AlphaDropout;
import dev.kiln.nn.AvgPool2d;
import dev.kiln.nn.BatchNorm1d;
import dev.kiln.nn.BatchNorm2d;
import dev.kiln.nn.Bilinear;
import dev.kiln.nn.Conv1d;
import dev.kiln.nn.Conv2d;
import dev.kiln.nn.ConvTranspose2d;
import dev.kiln.nn.Dropout;
import dev.kiln.nn.Dropout2d;
import dev.kiln.nn.Embedding;
import dev.kiln.nn.Flatten;
import dev.kiln.nn.GroupNorm;
import dev.kiln.nn.Identity;
import dev.kiln.nn.InstanceNorm2d;
import dev.kiln.nn.LayerNorm;
import dev.kiln.nn.Linear;
import dev.kiln.nn.LocalResponseNorm;
import dev.kiln.nn.MaxPool1d;
import dev.kiln.nn.MaxPool2d;
import dev.kiln.nn.Module;
import dev.kiln.nn.ModuleDict;
import dev.kiln.nn.ModuleList;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.Unflatten;
import dev.kiln.nn.WeightNorm;
import dev.kiln.nn.activation.*;
import dev.kiln.nn.functional.Padding;
import dev.kiln.nn.zoo.Models;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The models the export test runs through ONNX Runtime: every layer, every activation, the zoo, user modules. */
final class ExportCases {
    private ExportCases() {
    }

    /**
     * One model to export: how to build it and the shape of one input sample (without the batch).
     * {@code tokens} > 0 means an int64 input of indices below it.
     */
    record Case(String name, Supplier<Module> model, int[] sample, int tokens) {
        Case(String name, Supplier<Module> model, int... sample) {
            this(name, model, sample, 0);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> layers() {
        return List.of(
                new Case("Linear", () -> new Linear(6, 5), 6),
                new Case("Linear without bias on 3-d input", () -> new Linear(6, 5, Linear.Options.defaults().withBias(false)), 4, 6),
                new Case("Bilinear", BilinearOfItself::new, 6),
                new Case("Conv1d", () -> new Conv1d(3, 4, 3, Conv1d.Options.defaults().withStride(2).withPadding(1).withDilation(2)), 3, 17),
                new Case("Conv2d", () -> new Conv2d(3, 4, 3, 1, 1), 3, 9, 8),
                new Case("Conv2d strided dilated grouped", () -> new Conv2d(4, 6, new int[] {3, 2},
                        Conv2d.Options.defaults().withStride(2, 1).withPadding(1, 0).withDilation(2, 1).withGroups(2).withBias(false)), 4, 11, 9),
                new Case("Conv2d padding same", () -> new Conv2d(3, 4, new int[] {4, 3},
                        Conv2d.Options.defaults().withPadding(Padding.SAME)), 3, 8, 7),
                new Case("ConvTranspose2d", () -> new ConvTranspose2d(3, 4, 3, 2), 3, 5, 6),
                new Case("ConvTranspose2d padded grouped", () -> new ConvTranspose2d(4, 6, 3,
                        ConvTranspose2d.Options.defaults().withStride(2).withPadding(1).withOutputPadding(1).withGroups(2)), 4, 5, 5),
                new Case("MaxPool1d", () -> new MaxPool1d(3, MaxPool1d.Options.defaults().withStride(2).withPadding(1)), 3, 12),
                new Case("MaxPool2d", () -> new MaxPool2d(2), 3, 8, 8),
                new Case("MaxPool2d padded dilated ceil", () -> new MaxPool2d(3,
                        MaxPool2d.Options.defaults().withStride(2).withPadding(1).withDilation(1, 2).withCeilMode(true)), 2, 9, 10),
                new Case("AvgPool2d", () -> new AvgPool2d(2), 3, 8, 8),
                new Case("AvgPool2d padded", () -> new AvgPool2d(3,
                        AvgPool2d.Options.defaults().withStride(2).withPadding(1).withCountIncludePad(false)), 2, 9, 10),
                new Case("AdaptiveAvgPool2d global", () -> new AdaptiveAvgPool2d(1), 3, 7, 7),
                new Case("AdaptiveAvgPool2d 2x2", () -> new AdaptiveAvgPool2d(2), 3, 8, 6),
                new Case("BatchNorm1d", () -> new BatchNorm1d(6), 6),
                new Case("BatchNorm2d", () -> new BatchNorm2d(3), 3, 5, 5),
                new Case("BatchNorm2d without affine", () -> new BatchNorm2d(3, BatchNorm2d.Options.defaults().withEps(1e-3).withAffine(false)), 3, 4, 4),
                new Case("LayerNorm", () -> new LayerNorm(6), 4, 6),
                new Case("LayerNorm over 2 dims, no bias", () -> new LayerNorm(new int[] {4, 6}, LayerNorm.Options.defaults().withBias(false)), 4, 6),
                new Case("GroupNorm", () -> new GroupNorm(2, 6), 6, 4, 3),
                new Case("InstanceNorm2d", () -> new InstanceNorm2d(3, InstanceNorm2d.defaults().withAffine(true)), 3, 5, 4),
                new Case("LocalResponseNorm", () -> new LocalResponseNorm(3, 1e-2, 0.75, 2), 6, 4, 4),
                new Case("LocalResponseNorm even size on 3-d input", () -> new LocalResponseNorm(4, 0.1, 0.6, 1.5), 7, 5),
                new Case("Dropout", () -> new Sequential(new Linear(6, 6), new Dropout(0.5)), 6),
                new Case("Dropout2d", () -> new Sequential(new Conv2d(3, 3, 1), new Dropout2d(0.5)), 3, 4, 4),
                new Case("AlphaDropout", () -> new Sequential(new Linear(6, 6), new AlphaDropout(0.5)), 6),
                new Case("Flatten", () -> new Sequential(new Flatten(), new Linear(24, 3)), 2, 3, 4),
                new Case("Flatten(2, 3)", () -> new Flatten(2, 3), 2, 3, 4),
                new Case("Unflatten", () -> new Unflatten(1, 2, 3), 6),
                new Case("Identity", Identity::new, 5),
                new Case("Embedding", () -> new Sequential(new Embedding(10, 4), new Flatten()), new int[] {7}, 10),
                new Case("WeightNorm(Linear)", () -> new WeightNorm(new Linear(6, 4)), 6),
                new Case("ModuleList and ModuleDict", Containers::new, 6));
    }

    static List<Case> activations() {
        return List.of(
                new Case("CELU", () -> new CELU(0.7), 4, 6), new Case("CReLU", CReLU::new, 4, 6),
                new Case("ELU", () -> new ELU(0.5), 4, 6), new Case("GELU", GELU::new, 4, 6),
                new Case("GELU tanh", () -> new GELU(GELU.Approximation.TANH), 4, 6), new Case("GLU", GLU::new, 4, 6),
                new Case("Hardshrink", () -> new Hardshrink(0.7), 4, 6), new Case("Hardsigmoid", Hardsigmoid::new, 4, 6),
                new Case("Hardswish", Hardswish::new, 4, 6), new Case("Hardtanh", () -> new Hardtanh(-2, 1.5), 4, 6),
                new Case("LeakyReLU", () -> new LeakyReLU(0.2), 4, 6), new Case("LogSigmoid", LogSigmoid::new, 4, 6),
                new Case("LogSoftmax", () -> new LogSoftmax(1), 4, 6), new Case("Maxout", () -> new Maxout(2), 4, 6),
                new Case("Mish", Mish::new, 4, 6), new Case("PReLU", () -> new PReLU(4, 0.3), 4, 6),
                new Case("PReLU shared", PReLU::new, 4, 6), new Case("RReLU", RReLU::new, 4, 6),
                new Case("ReLU", ReLU::new, 4, 6), new Case("ReLU6", ReLU6::new, 4, 6), new Case("SELU", SELU::new, 4, 6),
                new Case("SiLU", SiLU::new, 4, 6), new Case("Sigmoid", Sigmoid::new, 4, 6),
                new Case("Softmax", () -> new Softmax(-1), 4, 6), new Case("Softmin", () -> new Softmin(1), 4, 6),
                new Case("Softplus", Softplus::new, 4, 6), new Case("Softplus beta 2 threshold 1", () -> new Softplus(2, 1), 4, 6),
                new Case("Softshrink", () -> new Softshrink(0.7), 4, 6), new Case("Softsign", Softsign::new, 4, 6),
                new Case("Tanh", Tanh::new, 4, 6), new Case("Tanhshrink", Tanhshrink::new, 4, 6),
                new Case("Threshold", () -> new Threshold(0.3, -2), 4, 6));
    }

    static List<Case> models() {
        return List.of(
                new Case("zoo mlp", () -> Models.mlp(784, 10), 1, 28, 28),
                new Case("zoo lenet5", () -> Models.lenet5(10), 1, 28, 28),
                new Case("zoo cnnBn", () -> Models.cnnBn(10), 1, 28, 28),
                new Case("residual network", ResidualNet::new, 3, 8, 8),
                new Case("in-place residual", InPlaceResidual::new, 6),
                new Case("flip, index_select and argmax", Indexed::new, 6));
    }

    /** A user module: conv stem, a residual block, a concatenation, a reshape by the batch size, a mean. */
    static final class ResidualNet extends Module {
        private final Conv2d stem = registerModule("stem", new Conv2d(3, 8, 3, 1, 1));
        private final ResidualBlock block = registerModule("block", new ResidualBlock(8));
        private final Linear head = registerModule("head", new Linear(16 * 4 * 4 + 16, 5));

        @Override
        public Tensor forward(Tensor x) {
            Tensor h = block.forward(stem.forward(x).relu());
            Tensor both = Tensor.cat(List.of(h, h.mul(0.5).sub(1)), 1);                 // (N, 16, 8, 8)
            Tensor pooled = both.view(x.size(0), 16, 4, 2, 4, 2).amax(new int[] {3, 5}, false);
            Tensor summary = both.mean(new int[] {2, 3}, false);                        // (N, 16)
            Tensor flat = pooled.reshape(x.size(0), -1);
            return head.forward(Tensor.cat(List.of(flat, summary), 1)).transpose(0, 1).t();
        }
    }

    /** conv–bn–relu–conv–bn plus the identity, then relu (ResNet's basic block). */
    static final class ResidualBlock extends Module {
        private final Conv2d conv1;
        private final BatchNorm2d bn1;
        private final Conv2d conv2;
        private final BatchNorm2d bn2;

        ResidualBlock(int channels) {
            conv1 = registerModule("conv1", new Conv2d(channels, channels, 3,
                    Conv2d.Options.defaults().withPadding(1).withBias(false)));
            bn1 = registerModule("bn1", new BatchNorm2d(channels));
            conv2 = registerModule("conv2", new Conv2d(channels, channels, 3,
                    Conv2d.Options.defaults().withPadding(1).withBias(false)));
            bn2 = registerModule("bn2", new BatchNorm2d(channels));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor out = bn1.forward(conv1.forward(x)).relu();
            out = bn2.forward(conv2.forward(out));
            return out.add(x).relu();
        }
    }

    /** A residual written with in-place operations: out = relu_(fc(x)); out.add_(x); out.mul_(0.5). */
    static final class InPlaceResidual extends Module {
        private final Linear fc = registerModule("fc", new Linear(6, 6));

        @Override
        public Tensor forward(Tensor x) {
            Tensor out = fc.forward(x).relu_();
            out.add_(x);
            return out.mul_(0.5);
        }
    }

    /** Index operations in forward: flip (an index_select), an index_select by constant indices, argmax as a feature. */
    static final class Indexed extends Module {
        @Override
        public Tensor forward(Tensor x) {
            Tensor picked = x.flip(1).indexSelect(1, Tensor.fromArray(new long[] {0, 2, 2, 5}, 4));
            return picked.add(x.argmax(1, true).to(dev.kiln.tensor.DType.FLOAT32));
        }
    }

    /** Bilinear takes two inputs; a user module feeds it the input and its square. */
    static final class BilinearOfItself extends Module {
        private final Bilinear bilinear = registerModule("bilinear", new Bilinear(6, 6, 3));

        @Override
        public Tensor forward(Tensor x) {
            return bilinear.forward(x, x.square());
        }
    }

    /** Children kept in a ModuleList and a ModuleDict, iterated in forward. */
    static final class Containers extends Module {
        private final ModuleList list = registerModule("list", new ModuleList(new Linear(6, 6), new Tanh(), new Linear(6, 4)));
        private final ModuleDict dict = registerModule("dict", new ModuleDict(Map.of("act", new Sigmoid())));

        @Override
        public Tensor forward(Tensor x) {
            for (Module m : list) {
                x = m.forward(x);
            }
            return dict.get("act").forward(x);
        }
    }
}
