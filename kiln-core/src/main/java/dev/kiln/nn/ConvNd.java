package dev.kiln.nn;

import dev.kiln.autograd.GradMode;
import dev.kiln.nn.functional.Padding;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.util.Objects;

/**
 * The common part of {@link Conv1d}, {@link Conv2d} and {@link ConvTranspose2d} (PyTorch's
 * {@code _ConvNd}): the channels and the per-dimension kernel size, stride, padding and dilation,
 * the parameters {@code weight} (C_out, C_in/groups, k…), or (C_in, C_out/groups, k…) when
 * transposed, and {@code bias} (C_out), their initialisation and the repr. The layers check
 * their arguments before handing them over.
 */
@SuppressWarnings({"this-escape", "try"}) // layers register state in their constructors; no-grad scopes are unused resources
public abstract class ConvNd extends Module {
    /**
     * The settings of a convolution beyond its channels and kernel size, with PyTorch's defaults
     * (stride 1, padding 0, dilation 1, one group, a bias); each {@code with…} returns a changed copy.
     * Sizes take one value (every spatial dimension) or one per dimension.
     *
     * <pre>{@code
     * var conv = new Conv2d(3, 64, 3, Conv2d.Options.defaults().withPadding(1).withBias(false));
     * var same = new Conv1d(8, 8, 5, Conv1d.Options.defaults().withPadding(Padding.SAME));
     * }</pre>
     *
     * @param stride the step between windows
     * @param padding the zeros added on both sides of each spatial dimension (ignored with a padding rule)
     * @param paddingRule {@link Padding#SAME} or {@link Padding#VALID}, or null when {@code padding} gives the numbers
     * @param outputPadding transposed convolutions only: added to one side of the output, smaller than stride or dilation
     * @param dilation the spacing between the elements a window reads (1 for adjacent)
     * @param groups the number of groups the channels are split into (divides C_in and C_out)
     * @param bias whether to learn an additive bias
     */
    public record Options(int[] stride, int[] padding, Padding paddingRule, int[] outputPadding, int[] dilation, int groups,
            boolean bias) {
        /** Copies the arrays, so that an options value cannot change after it is made. */
        public Options {
            stride = stride.clone();
            padding = padding.clone();
            outputPadding = outputPadding.clone();
            dilation = dilation.clone();
        }

        /**
         * {@return PyTorch's defaults: stride 1, padding 0, output padding 0, dilation 1, one group, a bias}
         */
        public static Options defaults() {
            return new Options(new int[] {1}, new int[] {0}, null, new int[] {0}, new int[] {1}, 1, true);
        }

        /**
         * {@return a copy with another stride}
         *
         * @param v one value, or one per spatial dimension
         */
        public Options withStride(int... v) {
            return new Options(v, padding, paddingRule, outputPadding, dilation, groups, bias);
        }

        /**
         * {@return a copy with numeric zero padding on both sides}
         *
         * @param v one value, or one per spatial dimension
         */
        public Options withPadding(int... v) {
            return new Options(stride, v, null, outputPadding, dilation, groups, bias);
        }

        /**
         * {@return a copy with padding {@code "same"} or {@code "valid"}}
         *
         * @param rule the padding rule
         */
        public Options withPadding(Padding rule) {
            return new Options(stride, new int[] {0}, Objects.requireNonNull(rule, "padding rule"), outputPadding,
                    dilation, groups, bias);
        }

        /**
         * {@return a copy with another output padding (transposed convolutions only)}
         *
         * @param v one value, or one per spatial dimension
         */
        public Options withOutputPadding(int... v) {
            return new Options(stride, padding, paddingRule, v, dilation, groups, bias);
        }

        /**
         * {@return a copy with another dilation}
         *
         * @param v one value, or one per spatial dimension
         */
        public Options withDilation(int... v) {
            return new Options(stride, padding, paddingRule, outputPadding, v, groups, bias);
        }

        /**
         * {@return a copy with another number of groups}
         *
         * @param v divides both C_in and C_out
         */
        public Options withGroups(int v) {
            return new Options(stride, padding, paddingRule, outputPadding, dilation, v, bias);
        }

        /**
         * {@return a copy with or without the bias}
         *
         * @param v whether to learn an additive bias
         */
        public Options withBias(boolean v) {
            return new Options(stride, padding, paddingRule, outputPadding, dilation, groups, v);
        }
    }

    final int inChannels;
    final int outChannels;
    final int[] kernelSize;
    final int[] stride;
    final int[] padding;
    /** {@link Padding#SAME} or {@link Padding#VALID}, or null for the numeric {@link #padding}. */
    final Padding paddingRule;
    final int[] dilation;
    /** Null unless transposed. */
    final int[] outputPadding;
    final int groups;

    /**
     * Checks the options for a layer of {@code dims} spatial dimensions and makes its parameters.
     *
     * @param layer the layer's name, for messages
     * @param dims the number of spatial dimensions (1 or 2)
     * @param transposed whether the weight is (C_in, C_out/groups, k…)
     */
    ConvNd(String layer, int dims, int inChannels, int outChannels, int[] kernelSize, Options o, boolean transposed) {
        checkChannels(layer, inChannels, outChannels, o.groups());
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = sizes(layer, "kernel_size", kernelSize, dims, 1);
        this.stride = sizes(layer, "stride", o.stride(), dims, 1);
        this.padding = sizes(layer, "padding", o.padding(), dims, 0);
        this.paddingRule = o.paddingRule();
        this.dilation = sizes(layer, "dilation", o.dilation(), dims, 1);
        int[] op = sizes(layer, "output_padding", o.outputPadding(), dims, 0);
        this.groups = o.groups();
        if (transposed) {
            if (paddingRule != null) {
                throw new IllegalArgumentException(layer + ": padding '" + paddingRule.pytorchName()
                        + "' is not supported, give the padding as numbers");
            }
            for (int i = 0; i < dims; i++) {
                if (op[i] >= Math.max(stride[i], dilation[i])) {
                    throw new IllegalArgumentException(layer + ": output_padding must be smaller than either stride "
                            + "or dilation, got output_padding " + tuple(op));
                }
            }
        } else {
            if (!all(op, 0)) {
                throw new IllegalArgumentException(layer + ": output_padding is for transposed convolutions only, got "
                        + tuple(op));
            }
            if (paddingRule == Padding.SAME && !all(stride, 1)) {
                throw new IllegalArgumentException(layer + ": padding='same' is not supported for strided convolutions");
            }
        }
        this.outputPadding = transposed ? op : null;
        int[] weightShape = new int[2 + dims];
        weightShape[0] = transposed ? inChannels : outChannels;
        weightShape[1] = transposed ? outChannels / groups : inChannels / groups;
        System.arraycopy(this.kernelSize, 0, weightShape, 2, dims);
        registerParameter("weight", Tensor.empty(DType.FLOAT32, weightShape));
        registerParameter("bias", o.bias() ? Tensor.empty(DType.FLOAT32, outChannels) : null);
        resetParameters();
    }

    /**
     * Checks the input's shape (N, C_in, spatial…).
     *
     * @param layer the layer's name
     * @param input the input batch
     * @param dims the number of spatial dimensions
     * @param spatial how the spatial dimensions are written in the message ("L", "H, W")
     */
    final void checkInput(String layer, Tensor input, int dims, String spatial) {
        if (input.dim() != 2 + dims || input.size(1) != inChannels) {
            throw new IllegalArgumentException(layer + ": expected input (N, " + inChannels + ", " + spatial + "), got "
                    + Shape.str(input.shape()));
        }
    }

    /**
     * PyTorch's default initialisation: weight ~ kaiming_uniform(a = √5), which is
     * U(−1/√fan_in, 1/√fan_in), and bias ~ U(−1/√fan_in, 1/√fan_in), where fan_in is computed from
     * the weight as PyTorch does, {@code weight.size(1)·Πk} (C_in/groups·Πk for a convolution,
     * C_out/groups·Πk for a transposed one); draws from the default generator.
     */
    public void resetParameters() {
        int fanIn = weight().size(1);
        for (int k : kernelSize) {
            fanIn *= k;
        }
        resetUniform(weight(), bias(), fanIn, Kiln.defaultGenerator());
    }

    /**
     * {@return the weight (C_out, C_in/groups, k…), or (C_in, C_out/groups, k…) when transposed}
     */
    public Tensor weight() {
        return localParameters().get("weight");
    }

    /**
     * {@return the bias (C_out), or null}
     */
    public Tensor bias() {
        return localParameters().get("bias");
    }

    @Override
    public String extraRepr() {
        StringBuilder sb = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(tuple(kernelSize)).append(", stride=").append(tuple(stride));
        if (paddingRule != null) {
            sb.append(", padding=").append(paddingRule.pytorchName());
        } else if (!all(padding, 0)) {
            sb.append(", padding=").append(tuple(padding));
        }
        if (outputPadding != null && !all(outputPadding, 0)) {
            sb.append(", output_padding=").append(tuple(outputPadding));
        }
        if (!all(dilation, 1)) {
            sb.append(", dilation=").append(tuple(dilation));
        }
        if (groups != 1) {
            sb.append(", groups=").append(groups);
        }
        if (bias() == null) {
            sb.append(", bias=False");
        }
        return sb.toString();
    }

    private static boolean all(int[] v, int value) {
        for (int x : v) {
            if (x != value) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------- argument checks and helpers (sizes and tuple also serve the pooling layers)

    /** Fills weight and bias with U(−1/√fanIn, 1/√fanIn) (kaiming_uniform with a = √5, and PyTorch's bias rule). */
    static void resetUniform(Tensor weight, Tensor bias, int fanIn, Generator g) {
        double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
        try (var scope = GradMode.disabled()) {
            // kaiming_uniform(a=√5): gain = √(2/(1+5)), std = gain/√fan_in, bound = √3·std = 1/√fan_in
            weight.uniform_(g, -bound, bound);
            if (bias != null) {
                bias.uniform_(g, -bound, bound);
            }
        }
    }

    static void checkChannels(String layer, int in, int out, int groups) {
        if (in < 1 || out < 1 || groups < 1) {
            throw new IllegalArgumentException(layer + ": in_channels, out_channels and groups must be positive, got "
                    + in + ", " + out + ", " + groups);
        }
        if (in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(layer + ": in_channels " + in + " and out_channels " + out
                    + " must be divisible by groups " + groups);
        }
    }

    /**
     * {@return one value per spatial dimension: {@code v} itself, or its one value repeated}
     *
     * @param layer the layer's name, for messages
     * @param what the argument's name, for messages
     * @param v one value or {@code dims} values
     * @param dims the number of spatial dimensions
     * @param min the smallest value allowed
     */
    static int[] sizes(String layer, String what, int[] v, int dims, int min) {
        if (v == null || (v.length != 1 && v.length != dims)) {
            throw new IllegalArgumentException(layer + ": expected " + (dims == 1 ? "one value" : "one or " + dims + " values")
                    + " for " + what + ", got " + (v == null ? "null" : Shape.str(v)));
        }
        int[] p = new int[dims];
        for (int i = 0; i < dims; i++) {
            p[i] = v[v.length == dims ? i : 0];
        }
        for (int x : p) {
            if (x < min) {
                throw new IllegalArgumentException(layer + ": " + what + " must be at least " + min + ", got " + Shape.str(v));
            }
        }
        return p;
    }

    static String tuple(int... v) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(v[i]);
        }
        return sb.append(v.length == 1 ? ",)" : ")").toString();
    }
}
