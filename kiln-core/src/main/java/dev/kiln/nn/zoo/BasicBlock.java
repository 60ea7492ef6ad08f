package dev.kiln.nn.zoo;

import dev.kiln.nn.BatchNorm2d;
import dev.kiln.nn.Conv2d;
import dev.kiln.nn.Module;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.functional.ResidualRelu;
import dev.kiln.tensor.Tensor;

/**
 * ResNet's basic block (He et al. 2016): {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))}
 * with 3×3 convolutions without bias; {@code conv1} has the block's stride. The shortcut is the
 * identity, or a 1×1 convolution with the stride followed by batch normalisation when the stride or
 * the channel count changes. Children are named as in the usual PyTorch definition ({@code conv1},
 * {@code bn1}, {@code conv2}, {@code bn2}, {@code shortcut.0}, {@code shortcut.1}), so state dicts
 * match.
 *
 * <p>Shapes: (N, inChannels, H, W) → (N, outChannels, ⌈H/stride⌉, ⌈W/stride⌉).
 */
public final class BasicBlock extends Module {
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Sequential shortcut;

    /**
     * A block mapping {@code inChannels} to {@code outChannels} channels, downsampling by {@code stride}.
     *
     * @param inChannels channels of the input
     * @param outChannels channels of the output
     * @param stride stride of the first convolution (and of the projection shortcut)
     */
    @SuppressWarnings("this-escape") // children are registered in the constructor
    public BasicBlock(int inChannels, int outChannels, int stride) {
        conv1 = registerModule("conv1", Models.conv3x3(inChannels, outChannels, stride));
        bn1 = registerModule("bn1", new BatchNorm2d(outChannels));
        conv2 = registerModule("conv2", Models.conv3x3(outChannels, outChannels, 1));
        bn2 = registerModule("bn2", new BatchNorm2d(outChannels));
        shortcut = registerModule("shortcut", stride != 1 || inChannels != outChannels
                ? new Sequential(new Conv2d(inChannels, outChannels, 1, Conv2d.Options.defaults().withStride(stride)
                        .withBias(false)), new BatchNorm2d(outChannels))
                : new Sequential());
    }

    @Override
    public Tensor forward(Tensor x) {
        // the ReLU after bn1 is fused into its normalisation pass; the residual add and the final ReLU are
        // one pass, written into bn2's output
        Tensor out = bn1.callThenRelu(conv1.call(x));
        out = bn2.call(conv2.call(out));
        return ResidualRelu.addRelu(out, shortcut.call(x));
    }
}
