package dev.kiln.nn.functional;

import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.SavedTensor;
import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.LibraryNode;
import dev.kiln.backend.Backend;
import dev.kiln.backend.Workspace;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.ForwardArrays;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;

/**
 * The float32 kernel of {@link Normalization#batchNorm} (and {@link Normalization#batchNormRelu}) for a
 * contiguous input (N, C, …): statistics in one pass, normalise and affine — and the ReLU that follows,
 * when fused — in a second (the {@link Backend}'s {@code batchNorm*} primitives), instead of the dozen
 * broadcasting ops of the composed form.
 *
 * <p>Training: μ, σ² per channel over n = N·L elements, {@code y = max((x − μ)·a + β, floor)} with
 * {@code a = γ/√(σ² + eps)} and floor −∞ (plain) or 0 (fused ReLU). Backward (one node for the layer,
 * ReLU included), with g = dy, masked to 0 where a fused ReLU's output y ≤ 0, x̂ = (x − μ)/σ̂ and
 * σ̂ = √(σ² + eps): {@code dβ = Σ g}, {@code dγ = Σ g·x̂} and
 * {@code dx = (γ/σ̂)·(g − dβ/n − x̂·dγ/n)}, as one reduction pass and one element-wise pass. When the
 * backward is itself recorded (create_graph), the same formulas are evaluated with differentiable tensor
 * ops instead. Evaluation without gradients: the running statistics give μ and a, one pass.
 */
final class FusedBatchNorm {
    /** The floor of plain batch normalisation: no lower bound. */
    static final float NO_RELU = Float.NEGATIVE_INFINITY;
    /** The floor of batch normalisation fused with the ReLU that follows it. */
    static final float RELU = 0f;

    private FusedBatchNorm() {
    }

    /**
     * True when the kernel applies: a contiguous float32 input, float32 (or absent) weight and bias,
     * eps > 0, and in evaluation mode no gradient wanted (the composed form handles that rare case).
     */
    static boolean applies(Tensor input, Tensor weight, Tensor bias, boolean training, double eps) {
        return input.dtype() == DType.FLOAT32 && input.isContiguous() && eps > 0
                && (weight == null || weight.dtype() == DType.FLOAT32) && (bias == null || bias.dtype() == DType.FLOAT32)
                && (training || !Engine.needsGrad(input, weight, bias));
    }

    /**
     * Batch normalisation of a checked input, rectified when {@code floor} is {@link #RELU}; see
     * {@link Normalization#batchNorm} and {@link Normalization#batchNormRelu}.
     */
    static Tensor forward(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, boolean training,
            double momentum, double eps, float floor) {
        Backend backend = input.device().backend();
        int batch = input.size(0);
        int channels = input.size(1);
        int plane = input.numel() / Math.max(1, batch * channels);
        float[] x = TensorInternals.floats(input);
        double[] mean;
        double[] var;
        if (training) {
            mean = new double[channels];
            var = new double[channels];
            backend.batchNormStatistics(x, input.offset(), batch, channels, plane, mean, var);
            if (runningMean != null) {
                updateRunning(runningMean, runningVar, mean, var, (long) batch * plane, momentum);
            }
        } else {
            mean = runningMean.toDoubleArray();
            var = runningVar.toDoubleArray();
        }
        float[] w = weight == null ? null : weight.toFloatArray();
        float[] b = bias == null ? null : bias.toFloatArray();
        float[] scale = new float[channels];
        float[] shift = new float[channels];
        float[] meanF = new float[channels];
        float[] invStd = new float[channels];
        for (int c = 0; c < channels; c++) {
            double inv = 1.0 / Math.sqrt(var[c] + eps);
            double a = (w == null ? 1.0 : w[c]) * inv;
            scale[c] = (float) a;
            shift[c] = b == null ? 0f : b[c];
            meanF[c] = (float) mean[c];
            invStd[c] = (float) inv;
        }
        Storage storage = ForwardArrays.floats(input.numel()); // written whole
        backend.batchNormForward(x, input.offset(), storage.floats(), 0, batch, channels, plane, meanF, scale, shift, floor);
        Tensor out = TensorInternals.markFreshOutput(TensorInternals.wrap(storage, input.shape()));
        if (training && Engine.needsGrad(input, weight, bias)) {
            Engine.record(out, new BatchNormBackward(input, weight, bias, floor == RELU ? out : null, meanF, invStd, eps));
        }
        return out;
    }

    /** running = (1 − momentum)·running + momentum·batch statistic (the unbiased variance for running_var). */
    @SuppressWarnings("try") // the no-grad scope is not referenced in its body
    private static void updateRunning(Tensor runningMean, Tensor runningVar, double[] mean, double[] var, long n,
            double momentum) {
        int channels = mean.length;
        double[] unbiased = new double[channels];
        for (int c = 0; c < channels; c++) {
            unbiased[c] = var[c] * n / (n - 1);
        }
        try (var off = GradMode.disabled()) {
            runningMean.mul_(1 - momentum).add_(Tensor.fromArray(mean, channels).to(runningMean.dtype()), momentum);
            runningVar.mul_(1 - momentum).add_(Tensor.fromArray(unbiased, channels).to(runningVar.dtype()), momentum);
        }
    }

    /**
     * The gradients of training-mode batch normalisation (followed by a ReLU when the rectified output is
     * saved) with respect to x, γ and β.
     */
    private static final class BatchNormBackward extends LibraryNode {
        private final SavedTensor x;
        private final SavedTensor weight;
        /** The node's own output when a ReLU was fused: its mask (y &gt; 0) gates the incoming gradient. */
        private final SavedTensor rectified;
        private final float[] mean;
        private final float[] invStd;
        private final double eps;

        BatchNormBackward(Tensor x, Tensor weight, Tensor bias, Tensor rectified, float[] mean, float[] invStd, double eps) {
            super(x, weight, bias);
            this.x = save(x);
            this.weight = weight == null ? null : save(weight);
            this.rectified = rectified == null ? null : save(rectified);
            this.mean = mean;
            this.invStd = invStd;
            this.eps = eps;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor xt = x.get(this);
            Tensor wt = weight == null ? null : weight.get(this);
            Tensor yt = rectified == null ? null : rectified.get(this);
            if (GradMode.isEnabled() || g.dtype() != DType.FLOAT32) {
                return differentiable(yt == null ? g : g.mul(yt.gt(0).to(g.dtype())), xt, wt);
            }
            Backend backend = xt.device().backend();
            float[] y = yt == null ? null : TensorInternals.floats(yt);
            int yo = yt == null ? 0 : yt.offset();
            Tensor dy = g.contiguous();
            int batch = xt.size(0);
            int channels = xt.size(1);
            int plane = xt.numel() / Math.max(1, batch * channels);
            double n = (double) batch * plane;
            double[] sumDy = new double[channels];
            double[] sumDyXc = new double[channels];
            backend.batchNormGradientSums(TensorInternals.floats(dy), dy.offset(), TensorInternals.floats(xt), xt.offset(), y, yo,
                    batch, channels, plane, mean, sumDy, sumDyXc);
            float[] w = wt == null ? null : wt.toFloatArray();
            float[] a = new float[channels];
            float[] b = new float[channels];
            float[] d = new float[channels];
            float[] dGamma = new float[channels];
            float[] dBeta = new float[channels];
            for (int c = 0; c < channels; c++) {
                double inv = invStd[c];
                double scale = (w == null ? 1.0 : w[c]) * inv;
                double bc = -scale * inv * inv * sumDyXc[c] / n;
                a[c] = (float) scale;
                b[c] = (float) bc;
                d[c] = (float) (-scale * sumDy[c] / n - bc * mean[c]);
                dGamma[c] = (float) (sumDyXc[c] * inv);
                dBeta[c] = (float) sumDy[c];
            }
            Tensor gx = null;
            if (needsGrad(0)) {
                float[] dx = Workspace.floats(xt.numel()); // written whole
                backend.batchNormInputGradient(TensorInternals.floats(dy), dy.offset(), TensorInternals.floats(xt), xt.offset(), y, yo,
                        dx, 0, batch, channels, plane, a, b, d);
                gx = TensorInternals.markExclusiveGrad(TensorInternals.wrap(Storage.wrap(dx), xt.shape()));
            }
            Tensor gw = needsGrad(1) ? TensorInternals.markExclusiveGrad(TensorInternals.wrap(Storage.wrap(dGamma), channels)) : null;
            Tensor gb = needsGrad(2) ? TensorInternals.markExclusiveGrad(TensorInternals.wrap(Storage.wrap(dBeta), channels)) : null;
            return new Tensor[] {gx, gw, gb};
        }

        /** The same gradients as differentiable tensor ops of x, γ and the (masked) dy (for a recorded backward). */
        private Tensor[] differentiable(Tensor g, Tensor xt, Tensor wt) {
            int rank = xt.dim();
            int[] dims = new int[rank - 1];
            int[] channelShape = new int[rank];
            java.util.Arrays.fill(channelShape, 1);
            channelShape[1] = xt.size(1);
            for (int i = 1; i < rank; i++) {
                dims[i - 1] = i == 1 ? 0 : i;
            }
            double n = (double) xt.numel() / xt.size(1);
            Tensor centred = xt.sub(xt.mean(dims, true));
            Tensor inv = centred.square().mean(dims, true).add(eps).rsqrt();
            Tensor xHat = centred.mul(inv);
            Tensor dBeta = g.sum(dims, true);
            Tensor dGamma = g.mul(xHat).sum(dims, true);
            Tensor gx = null;
            if (needsGrad(0)) {
                Tensor scale = wt == null ? inv : inv.mul(wt.reshape(channelShape));
                gx = scale.mul(g.sub(dBeta.div(n)).sub(xHat.mul(dGamma.div(n))));
            }
            return new Tensor[] {gx, needsGrad(1) ? dGamma.reshape(xt.size(1)) : null,
                    needsGrad(2) ? dBeta.reshape(xt.size(1)) : null};
        }

        @Override
        public String name() {
            return rectified == null ? "NativeBatchNormBackward" : "NativeBatchNormReluBackward";
        }
    }
}
