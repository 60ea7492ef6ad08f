package dev.kiln.onnx.ops;

import dev.kiln.nn.functional.Layers;
import dev.kiln.tensor.Tensor;

/**
 * Max and average pooling over any number of spatial dimensions, composed from strided views:
 * the input is padded, and for each of the ∏k offsets inside the window the strided view of the
 * elements at that offset is combined (maximum or sum). PyTorch exports LocalResponseNorm as a 3-D
 * AveragePool of kernel (size, 1, 1), which takes this path; 1-D and 2-D pooling use Kiln's kernels.
 * Autograd flows through the views.
 */
final class WindowPooling {
    private WindowPooling() {
    }

    /** Max pooling of (N, C, d1, …, dk) with {@code pads = [begin…, end…]} (floor mode). */
    static Tensor max(Tensor x, int[] kernel, int[] strides, int[] dilations, int[] pads) {
        Tensor padded = Layers.pad(x, Window.kilnPadList(pads), Layers.PadMode.CONSTANT, Double.NEGATIVE_INFINITY);
        return combine(padded, kernel, strides, dilations, true);
    }

    /** Average pooling of (N, C, d1, …, dk), counting the pad in the divisor or not (floor mode). */
    static Tensor average(Tensor x, int[] kernel, int[] strides, int[] pads, boolean countIncludePad) {
        int[] dilations = Window.ones(kernel.length);
        int[] padList = Window.kilnPadList(pads);
        Tensor sums = combine(Layers.pad(x, padList), kernel, strides, dilations, false);
        if (countIncludePad) {
            int size = 1;
            for (int k : kernel) {
                size *= k;
            }
            return sums.div(size);
        }
        int[] one = x.shape().clone();
        one[0] = 1;
        one[1] = 1;
        Tensor counts = combine(Layers.pad(Tensor.ones(x.dtype(), one), padList), kernel, strides, dilations, false);
        return sums.div(counts);
    }

    private static Tensor combine(Tensor x, int[] kernel, int[] strides, int[] dilations, boolean max) {
        int k = kernel.length;
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            int span = (kernel[i] - 1) * dilations[i] + 1;
            out[i] = (x.size(2 + i) - span) / strides[i] + 1;
            if (out[i] < 1) {
                throw new IllegalArgumentException("pooling: window " + span + " is larger than the padded input "
                        + x.size(2 + i));
            }
        }
        int[] offset = new int[k];
        Tensor result = null;
        while (true) {
            Tensor view = x;
            for (int i = 0; i < k; i++) {
                int start = offset[i] * dilations[i];
                view = view.slice(2 + i, start, start + (out[i] - 1) * strides[i] + 1, strides[i]);
            }
            result = result == null ? view : max ? result.maximum(view) : result.add(view);
            int i = k - 1;
            while (i >= 0 && ++offset[i] == kernel[i]) {
                offset[i] = 0;
                i--;
            }
            if (i < 0) {
                return max && result == x ? result.clone() : result;
            }
        }
    }
}
