package dev.kiln.nn.functional;

import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.SavedTensor;
import dev.kiln.autograd.Trace;
import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.LibraryNode;
import dev.kiln.backend.Activation;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.ForwardArrays;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;

/**
 * The tail of a residual block, {@code y = relu(x + shortcut)}, in one pass instead of two (an add
 * writing a fresh array, then a ReLU reading it), as the fused "add + ReLU" of inference engines and
 * PyTorch's compiled blocks.
 *
 * <p>Forward: {@code y = max(x + shortcut, 0)}, written into {@code x}'s own storage when {@code x} is a
 * fresh layer output that nothing else references (a batch normalisation's result, as in ResNet's
 * {@code bn2(conv2(·)) + shortcut}); otherwise into a new array. Backward: both inputs receive
 * {@code g·[y > 0]} (one pass; the mask is read from the saved output, which is positive exactly where
 * {@code x + shortcut} is). The values and gradients are those of {@code x.add(shortcut).relu()}, which is
 * what runs for other dtypes, broadcasting shapes, non-contiguous inputs, a recorded backward
 * (create_graph) and while a {@link Trace} records (so that ONNX export sees the add and the ReLU).
 */
public final class ResidualRelu {
    private ResidualRelu() {
    }

    /**
     * {@return relu(x + shortcut)}
     *
     * @param x the block's main branch, (N, C, H, W) or any shape; its storage may be reused when it is a
     *     fresh layer output
     * @param shortcut the identity or projection branch, the same shape as {@code x}
     */
    public static Tensor addRelu(Tensor x, Tensor shortcut) {
        if (x.dtype() != DType.FLOAT32 || shortcut.dtype() != DType.FLOAT32 || !Shape.same(x.shape(), shortcut.shape())
                || !shortcut.isContiguous() || Trace.isRecording()) {
            return Activations.relu(x.add(shortcut));
        }
        int n = x.numel();
        boolean reuseX = x.isContiguous() && x.offset() == 0 && n == TensorInternals.storage(x).length()
                && !(x.requiresGrad() && x.isLeaf()) && TensorInternals.takeFreshOutput(x);
        Tensor xc = x.contiguous();
        float[] a = TensorInternals.floats(xc);
        int ao = xc.offset();
        float[] b = TensorInternals.floats(shortcut);
        int bo = shortcut.offset();
        Storage storage = reuseX ? TensorInternals.storage(x) : ForwardArrays.floats(n); // written whole
        xc.device().backend().addRelu(a, ao, b, bo, storage.floats(), 0, n);
        if (reuseX) {
            storage.bumpVersion();
        }
        Tensor out = TensorInternals.wrap(storage, x.shape());
        if (Engine.needsGrad(x, shortcut)) {
            Engine.record(out, new AddReluBackward(x, shortcut, out));
        }
        return out;
    }

    /** dx = dshortcut = g·[y &gt; 0]. */
    private static final class AddReluBackward extends LibraryNode {
        private final SavedTensor output;

        AddReluBackward(Tensor x, Tensor shortcut, Tensor output) {
            super(x, shortcut);
            this.output = save(output);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor y = output.get(this);
            Tensor gx;
            if (GradMode.isEnabled() || g.dtype() != DType.FLOAT32) {
                gx = g.mul(y.gt(0).to(g.dtype()));
            } else {
                // relu'(x + shortcut) read from the output: y > 0 exactly where x + shortcut > 0
                gx = Pointwise.kernelGradient(new Activation.Relu(), y, g);
            }
            // one array for both inputs: the engine sees it shared and lets neither overwrite it
            return new Tensor[] {needsGrad(0) ? gx : null, needsGrad(1) ? gx : null};
        }

        @Override
        public String name() {
            return "AddReluBackward";
        }
    }
}
