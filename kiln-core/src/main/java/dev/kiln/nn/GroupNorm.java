package dev.kiln.nn;

import dev.kiln.nn.functional.Normalization;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;

/**
 * Group normalisation: channels are split into groups, each (sample, group) is normalised over
 * its channels and positions, then a per-channel affine transform is applied (see
 * {@link Normalization#groupNorm}). Behaves the same in training and evaluation.
 *
 * <pre>{@code
 * GroupNorm gn = new GroupNorm(4, 16);
 * Tensor y = gn.forward(Tensor.randn(2, 16, 8, 8));
 * }</pre>
 */
@SuppressWarnings("this-escape") // layers register their state in the constructor
public class GroupNorm extends Module {
    /**
     * The settings of a group normalisation beyond its groups and channels, with PyTorch's
     * defaults; each {@code with…} returns a changed copy.
     *
     * @param eps the term added to the variance for numerical stability (&gt; 0)
     * @param affine whether to learn per-channel {@code weight} (ones) and {@code bias} (zeros)
     */
    public record Options(double eps, boolean affine) {
        /**
         * {@return PyTorch's defaults: eps 1e-5, affine}
         */
        public static Options defaults() {
            return new Options(1e-5, true);
        }

        /**
         * {@return a copy with another eps}
         *
         * @param v added to the variance, &gt; 0
         */
        public Options withEps(double v) {
            return new Options(v, affine);
        }

        /**
         * {@return a copy with or without the learned per-channel scale and shift}
         *
         * @param v whether to learn weight and bias
         */
        public Options withAffine(boolean v) {
            return new Options(eps, v);
        }
    }

    private final int numGroups;
    private final int numChannels;
    private final double eps;
    private final boolean affine;

    /**
     * Affine, eps 1e-5.
     *
     * @param numGroups the number of groups the channels are split into (divides {@code numChannels})
     * @param numChannels C, the number of channels of the input
     */
    public GroupNorm(int numGroups, int numChannels) {
        this(numGroups, numChannels, Options.defaults());
    }

    /**
     * Group normalisation with the given options.
     *
     * @param numGroups the number of groups the channels are split into (divides {@code numChannels})
     * @param numChannels C, the number of channels of the input
     * @param options eps and affine
     */
    public GroupNorm(int numGroups, int numChannels, Options options) {
        if (numGroups < 1 || numChannels < 1 || numChannels % numGroups != 0) {
            throw new IllegalArgumentException("GroupNorm: num_channels " + numChannels
                    + " must be a positive multiple of num_groups " + numGroups);
        }
        this.numGroups = numGroups;
        this.numChannels = numChannels;
        this.eps = options.eps();
        this.affine = options.affine();
        if (affine) {
            registerParameter("weight", Tensor.ones(DType.FLOAT32, numChannels));
            registerParameter("bias", Tensor.zeros(DType.FLOAT32, numChannels));
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input.dim() < 2 || input.size(1) != numChannels) {
            throw new IllegalArgumentException("GroupNorm: expected input (N, " + numChannels + ", …), got "
                    + Shape.str(input.shape()));
        }
        return Normalization.groupNorm(input, numGroups, localParameters().get("weight"), localParameters().get("bias"), eps);
    }

    @Override
    public String extraRepr() {
        return numGroups + ", " + numChannels + ", eps=" + eps + ", affine=" + (affine ? "True" : "False");
    }
}
