package dev.kiln.nn;

import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.ValuesIndices;

/**
 * The common part of {@link MaxPool1d} and {@link MaxPool2d} (PyTorch's {@code _MaxPoolNd}): the
 * window, its {@link Options}, the argument checks and the repr; no parameters.
 */
public abstract class MaxPoolNd extends Module {
    /**
     * The settings of a max pooling beyond its window size, with PyTorch's defaults (stride = the
     * window, no padding, dilation 1, output size rounded down); each {@code with…} returns a
     * changed copy. Sizes take one value (every spatial dimension) or one per dimension.
     *
     * <pre>{@code
     * var pool = new MaxPool2d(3, MaxPool2d.Options.defaults().withStride(2).withPadding(1));
     * }</pre>
     *
     * @param stride the step between windows; empty for the window size
     * @param padding the implicit −∞ padding on both sides, at most half the window
     * @param dilation the spacing between the elements a window reads (1 for adjacent)
     * @param ceilMode whether the output size is rounded up (a last partial window) rather than down
     */
    public record Options(int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        /** Copies the arrays, so that an options value cannot change after it is made. */
        public Options {
            stride = stride.clone();
            padding = padding.clone();
            dilation = dilation.clone();
        }

        /**
         * {@return PyTorch's defaults: stride = window, padding 0, dilation 1, floor mode}
         */
        public static Options defaults() {
            return new Options(new int[0], new int[] {0}, new int[] {1}, false);
        }

        /**
         * {@return a copy with another stride}
         *
         * @param v one value, or one per spatial dimension
         */
        public Options withStride(int... v) {
            return new Options(v, padding, dilation, ceilMode);
        }

        /**
         * {@return a copy with another padding}
         *
         * @param v one value, or one per spatial dimension
         */
        public Options withPadding(int... v) {
            return new Options(stride, v, dilation, ceilMode);
        }

        /**
         * {@return a copy with another dilation}
         *
         * @param v one value, or one per spatial dimension
         */
        public Options withDilation(int... v) {
            return new Options(stride, padding, v, ceilMode);
        }

        /**
         * {@return a copy that rounds the output size up (true) or down (false)}
         *
         * @param v whether to keep a last partial window
         */
        public Options withCeilMode(boolean v) {
            return new Options(stride, padding, dilation, v);
        }
    }

    final int[] kernelSize;
    final int[] stride;
    final int[] padding;
    final int[] dilation;
    final boolean ceilMode;

    MaxPoolNd(String layer, int dims, int[] kernelSize, Options o) {
        this.kernelSize = ConvNd.sizes(layer, "kernel_size", kernelSize, dims, 1);
        this.stride = o.stride().length == 0 ? this.kernelSize : ConvNd.sizes(layer, "stride", o.stride(), dims, 1);
        this.padding = ConvNd.sizes(layer, "padding", o.padding(), dims, 0);
        this.dilation = ConvNd.sizes(layer, "dilation", o.dilation(), dims, 1);
        this.ceilMode = o.ceilMode();
        checkHalfWindowPadding(layer, this.padding, this.kernelSize);
    }

    /** PyTorch's rule for pooling: the padding is at most half the window, in every dimension. */
    static void checkHalfWindowPadding(String layer, int[] padding, int[] kernelSize) {
        for (int i = 0; i < padding.length; i++) {
            if (padding[i] > kernelSize[i] / 2) {
                throw new IllegalArgumentException(layer + ": padding should be at most half of kernel size, got padding "
                        + ConvNd.tuple(padding) + " for kernel " + ConvNd.tuple(kernelSize));
            }
        }
    }

    /**
     * {@return the pooled values and the flat position in its input plane of each maximum}
     *
     * @param input the input batch
     */
    public abstract ValuesIndices forwardWithIndices(Tensor input);

    @Override
    public String extraRepr() {
        return "kernel_size=" + size(kernelSize) + ", stride=" + size(stride) + ", padding=" + size(padding) + ", dilation="
                + size(dilation) + ", ceil_mode=" + (ceilMode ? "True" : "False");
    }

    /** A size as PyTorch prints it: the number for a 1-D layer, a tuple otherwise. */
    private static String size(int[] v) {
        return v.length == 1 ? String.valueOf(v[0]) : ConvNd.tuple(v);
    }
}
