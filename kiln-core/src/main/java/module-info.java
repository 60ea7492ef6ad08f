/**
 * Kiln's core: tensors with reverse-mode automatic differentiation, neural-network layers,
 * losses, optimisers, learning-rate schedules, data loading and a training loop, in the style of
 * PyTorch. It depends on nothing beyond the JDK; its speed comes from the Vector API
 * ({@code jdk.incubator.vector}, so a program runs with {@code --add-modules jdk.incubator.vector}).
 *
 * <p>The exported packages are the user API. The library's internals — the tensor's storage and
 * engine state ({@code dev.kiln.tensor.internal}), the autograd engine's hooks for ops
 * ({@code dev.kiln.autograd.internal}), the op implementations behind {@code Tensor}'s methods
 * ({@code dev.kiln.tensor.ops}) and the CPU kernels ({@code dev.kiln.backend.cpu}) — are not
 * exported: a program on the module path cannot reach them, and none of them is a second way to
 * do what the exported API does. (Kiln's own other modules, kiln-tune, kiln-onnx, kiln-cli and
 * kiln-bench, run on the class path; only kiln-bench, which measures kernels, reads internals.)
 *
 * <p>{@code dev.kiln.nn.Module} shares its simple name with {@code java.lang.Module}: after
 * {@code import dev.kiln.nn.*;} the name {@code Module} still means {@code java.lang.Module}
 * (single-type imports and {@code java.lang} win over on-demand imports), so import it by name,
 * {@code import dev.kiln.nn.Module;}, as every Kiln example does.
 */
module dev.kiln.core {
    requires jdk.incubator.vector;
    requires transitive java.desktop; // ImageIO decodes image folders; ImageDecoder's API shows BufferedImage

    exports dev.kiln.tensor;
    exports dev.kiln.autograd;
    exports dev.kiln.nn;
    exports dev.kiln.nn.activation;
    exports dev.kiln.nn.functional;
    exports dev.kiln.nn.init;
    exports dev.kiln.nn.loss;
    exports dev.kiln.nn.zoo;
    exports dev.kiln.optim;
    exports dev.kiln.optim.lr;
    exports dev.kiln.data;
    exports dev.kiln.data.transforms;
    exports dev.kiln.train;
    exports dev.kiln.io;
    exports dev.kiln.backend;   // Device (Tensor.device()) and the Backend boundary a new device implements
}
