package dev.kiln.nn;

import dev.kiln.nn.functional.Pooling;
import dev.kiln.tensor.Tensor;

/**
 * 2-D average pooling over (N, C, H, W) or (C, H, W) inputs (see {@link Pooling#avgPool2d});
 * no parameters. Other settings go in {@link Options}.
 *
 * <pre>{@code
 * Tensor y = new AvgPool2d(2).forward(Tensor.randn(1, 3, 8, 8)); // (1, 3, 4, 4)
 * var padded = new AvgPool2d(3, AvgPool2d.Options.defaults().withStride(1).withPadding(1).withCountIncludePad(false));
 * }</pre>
 */
public class AvgPool2d extends Module {
    /**
     * The settings of an average pooling beyond its window size, with PyTorch's defaults (stride =
     * the window, no padding, floor mode, padding counted in the divisor, no divisor override);
     * each {@code with…} returns a changed copy.
     *
     * @param stride the step between windows (one value or (sh, sw)); empty for the window size
     * @param padding the zeros added on both sides (one value or (ph, pw)), at most half the window
     * @param ceilMode whether the output size is rounded up (a last partial window) rather than down
     * @param countIncludePad whether the padding counts in the divisor
     * @param divisorOverride the divisor used for every window, or 0 for the window's own count
     */
    public record Options(int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad, int divisorOverride) {
        /** Copies the arrays and checks the divisor. */
        public Options {
            stride = stride.clone();
            padding = padding.clone();
            if (divisorOverride < 0) {
                throw new IllegalArgumentException("AvgPool2d: divisor_override must be positive (or 0 for none), got "
                        + divisorOverride);
            }
        }

        /**
         * {@return PyTorch's defaults: stride = window, padding 0, floor mode, count_include_pad, no divisor override}
         */
        public static Options defaults() {
            return new Options(new int[0], new int[] {0}, false, true, 0);
        }

        /**
         * {@return a copy with another stride}
         *
         * @param v one value or (sh, sw)
         */
        public Options withStride(int... v) {
            return new Options(v, padding, ceilMode, countIncludePad, divisorOverride);
        }

        /**
         * {@return a copy with another padding}
         *
         * @param v one value or (ph, pw)
         */
        public Options withPadding(int... v) {
            return new Options(stride, v, ceilMode, countIncludePad, divisorOverride);
        }

        /**
         * {@return a copy that rounds the output size up (true) or down (false)}
         *
         * @param v whether to keep a last partial window
         */
        public Options withCeilMode(boolean v) {
            return new Options(stride, padding, v, countIncludePad, divisorOverride);
        }

        /**
         * {@return a copy that does or does not count the padding in the divisor}
         *
         * @param v whether padded positions count
         */
        public Options withCountIncludePad(boolean v) {
            return new Options(stride, padding, ceilMode, v, divisorOverride);
        }

        /**
         * {@return a copy that divides every window's sum by {@code v}}
         *
         * @param v the divisor, positive
         */
        public Options withDivisorOverride(int v) {
            if (v <= 0) {
                throw new IllegalArgumentException("AvgPool2d: divisor_override must be positive, got " + v);
            }
            return new Options(stride, padding, ceilMode, countIncludePad, v);
        }
    }

    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final Options options;

    /**
     * Square windows of {@code kernelSize}, stride = kernel size, no padding.
     *
     * @param kernelSize the side of the square window
     */
    public AvgPool2d(int kernelSize) {
        this(new int[] {kernelSize}, Options.defaults());
    }

    /**
     * Square windows with the given options.
     *
     * @param kernelSize the side of the square window
     * @param options stride, padding, ceil mode, count_include_pad and divisor override
     */
    public AvgPool2d(int kernelSize, Options options) {
        this(new int[] {kernelSize}, options);
    }

    /**
     * (kh, kw) windows with the given options.
     *
     * @param kernelSize one value or (kh, kw)
     * @param options stride, padding, ceil mode, count_include_pad and divisor override
     */
    public AvgPool2d(int[] kernelSize, Options options) {
        this.kernelSize = ConvNd.sizes("AvgPool2d", "kernel_size", kernelSize, 2, 1);
        this.stride = options.stride().length == 0 ? this.kernelSize : ConvNd.sizes("AvgPool2d", "stride", options.stride(), 2, 1);
        this.padding = ConvNd.sizes("AvgPool2d", "padding", options.padding(), 2, 0);
        MaxPoolNd.checkHalfWindowPadding("AvgPool2d", padding, this.kernelSize);
        this.options = options;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Pooling.avgPool2d(input, kernelSize, stride, padding, options.ceilMode(), options.countIncludePad(),
                options.divisorOverride() == 0 ? null : options.divisorOverride());
    }

    @Override
    public String extraRepr() {
        return "kernel_size=" + ConvNd.tuple(kernelSize) + ", stride=" + ConvNd.tuple(stride) + ", padding="
                + ConvNd.tuple(padding);
    }
}
