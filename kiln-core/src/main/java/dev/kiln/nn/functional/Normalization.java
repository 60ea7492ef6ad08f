package dev.kiln.nn.functional;

import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.util.Map;

/**
 * Normalisation functions (PyTorch's {@code F.batch_norm}, {@code F.group_norm},
 * {@code F.layer_norm}, {@code F.instance_norm}, {@code F.local_response_norm} and the weight
 * re-parametrisation of {@code torch.nn.utils.weight_norm}).
 *
 * <p>Each one normalises with a mean μ and the <b>biased</b> variance σ² taken over a set of
 * elements, {@code y = (x − μ)/√(σ² + eps)}, then applies an optional per-channel (or
 * per-element, for layer norm) affine transform {@code y·weight + bias}. They are composed from
 * differentiable tensor ops, so their gradients come from the ops' own backward rules.
 */
@SuppressWarnings("try") // no-grad scopes are never referenced in their bodies
public final class Normalization {
    private Normalization() {
    }

    /**
     * Batch normalisation over every dimension except 1 (the channels).
     *
     * <p>In training, normalises with the batch mean μ and biased variance σ² of each channel and,
     * when running statistics are given, updates them in place:
     * {@code running_mean = (1 − momentum)·running_mean + momentum·μ} and
     * {@code running_var = (1 − momentum)·running_var + momentum·σ²·n/(n − 1)} (the unbiased
     * variance), n = N·L or N·H·W. In evaluation, normalises with the running statistics.
     *
     *
     * @param input (N, C), (N, C, L) or (N, C, H, W)
     * @param runningMean (C) or null (then {@code training} must be true)
     * @param runningVar (C) or null
     * @param weight (C) or null
     * @param bias (C) or null
     * @param training true to normalise with the batch statistics (and update the running ones), false to use the running ones
     * @param momentum the weight of the new batch statistics in the running averages, in [0, 1]
     * @param eps a small positive term that keeps the computation finite
     * @return a tensor of the input's shape
     */
    public static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean training, double momentum, double eps) {
        return batchNorm(input, runningMean, runningVar, weight, bias, training, momentum, eps, FusedBatchNorm.NO_RELU);
    }

    /** {@link #batchNorm}, rectified when {@code floor} is {@link FusedBatchNorm#RELU}. */
    private static Tensor batchNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean training, double momentum, double eps, float floor) {
        if (floor == FusedBatchNorm.RELU && Tracing.isRecording()) {
            // an export sees the two ops it knows
            return Activations.relu(batchNorm(input, runningMean, runningVar, weight, bias, training, momentum, eps,
                    FusedBatchNorm.NO_RELU));
        }
        String op = "batch_norm";
        if (input.dim() < 2) {
            throw new IllegalArgumentException(op + ": expected an input of at least 2 dimensions (N, C, …), got "
                    + Shape.str(input.shape()));
        }
        int c = input.size(1);
        checkChannelVector(op, "running_mean", runningMean, c);
        checkChannelVector(op, "running_var", runningVar, c);
        checkChannelVector(op, "weight", weight, c);
        checkChannelVector(op, "bias", bias, c);
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException(op + ": running_mean and running_var must be given together");
        }
        int[] dims = allBut1(input.dim());
        int n = input.numel() / Math.max(1, c);
        if ((training ? n > 1 : runningMean != null) && FusedBatchNorm.applies(input, weight, bias, training, eps)) {
            Tensor out = FusedBatchNorm.forward(input, runningMean, runningVar, weight, bias, training, momentum, eps, floor);
            if (!training && Tracing.isRecording()) {
                Tracing.record(op, out, Map.of("eps", eps), input, runningMean, runningVar, weight, bias);
            }
            return out;
        }
        Tensor y;
        if (training) {
            if (n <= 1) {
                throw new IllegalArgumentException(op + ": expected more than 1 value per channel when training, got input "
                        + Shape.str(input.shape()));
            }
            Tensor mean = accurateMean(input, dims);
            Tensor centred = input.sub(mean);
            Tensor var = centred.square().mean(dims, true);
            Tensor invStd;
            if (eps == 0) {
                // PyTorch's InvStd: 0 (not ∞) for a constant channel with eps = 0, so the output is the
                // bias; the unused branch takes 1/√1 so that its gradient stays finite
                Tensor constant = var.eq(0);
                Tensor safeVar = Tensor.where(constant, Tensor.scalar(var.dtype(), 1), var);
                invStd = Tensor.where(constant, Tensor.scalar(var.dtype(), 0), safeVar.rsqrt());
            } else {
                invStd = var.add(eps).rsqrt();
            }
            y = centred.mul(invStd);
            if (runningMean != null) {
                try (var scope = GradMode.disabled()) {
                    Tensor m = mean.detach().reshape(c).to(runningMean.dtype());
                    Tensor v = var.detach().reshape(c).mul((double) n / (n - 1)).to(runningVar.dtype());
                    runningMean.mul_(1 - momentum).add_(m, momentum);
                    runningVar.mul_(1 - momentum).add_(v, momentum);
                }
            }
        } else {
            if (runningMean == null) {
                throw new IllegalArgumentException(op + ": running_mean and running_var are needed when not training");
            }
            int[] cs = channelShape(input.dim(), c);
            Tensor rm = runningMean.detach().reshape(cs).to(input.dtype());
            Tensor rv = runningVar.detach().reshape(cs).to(input.dtype());
            y = input.sub(rm).mul(rv.add(eps).rsqrt());
        }
        Tensor out = affine(y, weight, bias, channelShape(input.dim(), c));
        if (!training && Tracing.isRecording()) {
            Tracing.record(op, out, Map.of("eps", eps), input, runningMean, runningVar, weight, bias);
        }
        return floor == FusedBatchNorm.RELU ? Activations.relu(out) : out;
    }

    /**
     * {@return relu(batchNorm(…)), the block "BN – ReLU" of convolutional networks, in one pass over the
     * data for the forward (normalise, affine and rectify) and one fused node for the backward} The values
     * and gradients are those of {@code Activations.relu(batchNorm(input, …))} (the ReLU's mask is read
     * from the output: y &gt; 0 exactly where the normalised value is); that composition runs where the
     * fused kernel does not apply (float64, non-contiguous input, eps = 0, an evaluation that records
     * gradients) and while a {@link dev.kiln.autograd.Trace} records, so that ONNX export sees both ops.
     *
     * @param input (N, C), (N, C, L) or (N, C, H, W)
     * @param runningMean (C) or null (then {@code training} must be true)
     * @param runningVar (C) or null
     * @param weight (C) or null
     * @param bias (C) or null
     * @param training true to normalise with the batch statistics (and update the running ones), false to use the running ones
     * @param momentum the weight of the new batch statistics in the running averages, in [0, 1]
     * @param eps a small positive term that keeps the computation finite
     * @return a tensor of the input's shape, every element ≥ 0 (or NaN)
     * @see #batchNorm
     */
    public static Tensor batchNormRelu(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean training, double momentum, double eps) {
        return batchNorm(input, runningMean, runningVar, weight, bias, training, momentum, eps, FusedBatchNorm.RELU);
    }

    /**
     * {@return group normalisation: the C channels are split into {@code numGroups} groups, and each
     * (sample, group) is normalised over its channels and all their positions; then the
     * per-channel affine transform is applied}
     *
     *
     * @param input (N, C, …) with C divisible by numGroups
     * @param weight (C) or null
     * @param bias (C) or null
     * @param numGroups the number of groups the channels are split into (divides C)
     * @param eps a small positive term that keeps the computation finite
     */
    public static Tensor groupNorm(Tensor input, int numGroups, Tensor weight, Tensor bias, double eps) {
        String op = "group_norm";
        if (input.dim() < 2) {
            throw new IllegalArgumentException(op + ": expected an input (N, C, …), got " + Shape.str(input.shape()));
        }
        int n = input.size(0), c = input.size(1);
        if (numGroups < 1 || c % numGroups != 0) {
            throw new IllegalArgumentException(op + ": the number of channels " + c + " must be divisible by num_groups "
                    + numGroups);
        }
        checkChannelVector(op, "weight", weight, c);
        checkChannelVector(op, "bias", bias, c);
        Tensor grouped = input.reshape(n, numGroups, -1);
        Tensor y = standardise(grouped, new int[] {2}, eps).reshape(input.shape());
        Tensor out = affine(y, weight, bias, channelShape(input.dim(), c));
        if (Tracing.isRecording()) {
            Tracing.record(op, out, Map.of("groups", numGroups, "eps", eps), input, weight, bias);
        }
        return out;
    }

    /**
     * {@return layer normalisation over the trailing dimensions {@code normalizedShape}}
     *
     *
     * @param weight null or a tensor of shape normalizedShape
     * @param bias null or a tensor of shape normalizedShape
     * @param input (…, normalizedShape)
     * @param normalizedShape the trailing shape normalised over
     * @param eps a small positive term that keeps the computation finite
     */
    public static Tensor layerNorm(Tensor input, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        String op = "layer_norm";
        int k = normalizedShape.length;
        int r = input.dim();
        boolean ok = k >= 1 && k <= r;
        for (int i = 0; ok && i < k; i++) {
            ok = input.size(r - k + i) == normalizedShape[i];
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": normalized_shape " + Shape.str(normalizedShape)
                    + " does not match the trailing dimensions of input " + Shape.str(input.shape()));
        }
        for (Tensor t : new Tensor[] {weight, bias}) {
            if (t != null && !Shape.same(t.shape(), normalizedShape)) {
                throw new IllegalArgumentException(op + ": expected weight and bias of shape " + Shape.str(normalizedShape)
                        + ", got " + Shape.str(t.shape()));
            }
        }
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) {
            dims[i] = r - k + i;
        }
        Tensor y = standardise(input, dims, eps);
        if (weight != null) {
            y = y.mul(weight);
        }
        if (bias != null) {
            y = y.add(bias);
        }
        if (Tracing.isRecording()) {
            Tracing.record(op, y, Map.of("shape", normalizedShape.clone(), "eps", eps), input, weight, bias);
        }
        return y;
    }

    /**
     * {@return instance normalisation without running statistics: {@link #instanceNorm(Tensor, Tensor, Tensor, Tensor, Tensor, boolean, double, double)} with input statistics}
     *
     * @param input (N, C, …)
     * @param weight the per-channel (or per-element, layer norm) scale, or null
     * @param bias the per-channel (or per-element, layer norm) shift, or null
     * @param eps a small positive term that keeps the computation finite
     */
    public static Tensor instanceNorm(Tensor input, Tensor weight, Tensor bias, double eps) {
        return instanceNorm(input, null, null, weight, bias, true, 0.1, eps);
    }

    /**
     * {@return instance normalisation: each (sample, channel) plane is normalised over its spatial
     * positions (biased variance), then the per-channel affine transform is applied}
     *
     * <p>With {@code useInputStats} false, the running statistics are used instead (as batch norm
     * does in evaluation). With input statistics and running statistics given, the running
     * statistics are updated in place with the batch averages of the per-instance mean and
     * unbiased variance.
     *
     *
     * @param input (N, C, …) with at least one spatial dimension
     * @param runningMean the running mean (C), or null
     * @param runningVar the running variance (C), or null
     * @param weight the per-channel (or per-element, layer norm) scale, or null
     * @param bias the per-channel (or per-element, layer norm) shift, or null
     * @param useInputStats true to normalise with each instance's statistics, false with the running ones
     * @param momentum the weight of the new batch statistics in the running averages, in [0, 1]
     * @param eps a small positive term that keeps the computation finite
     */
    public static Tensor instanceNorm(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean useInputStats, double momentum, double eps) {
        String op = "instance_norm";
        if (input.dim() < 3) {
            throw new IllegalArgumentException(op + ": expected an input (N, C, …) with spatial dimensions, got "
                    + Shape.str(input.shape()));
        }
        int c = input.size(1);
        checkChannelVector(op, "weight", weight, c);
        checkChannelVector(op, "bias", bias, c);
        checkChannelVector(op, "running_mean", runningMean, c);
        checkChannelVector(op, "running_var", runningVar, c);
        int[] cs = channelShape(input.dim(), c);
        if (!useInputStats) {
            if (runningMean == null || runningVar == null) {
                throw new IllegalArgumentException(op + ": running_mean and running_var are needed without input statistics");
            }
            Tensor rm = runningMean.detach().reshape(cs).to(input.dtype());
            Tensor rv = runningVar.detach().reshape(cs).to(input.dtype());
            return affine(input.sub(rm).mul(rv.add(eps).rsqrt()), weight, bias, cs);
        }
        int[] dims = new int[input.dim() - 2];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i + 2;
        }
        int m = 1;
        for (int d : dims) {
            m *= input.size(d);
        }
        if (m <= 1) {
            throw new IllegalArgumentException(op + ": expected more than 1 spatial element per channel, got input "
                    + Shape.str(input.shape()));
        }
        Tensor mean = accurateMean(input, dims);
        Tensor centred = input.sub(mean);
        Tensor var = centred.square().mean(dims, true);
        if (runningMean != null && runningVar != null) {
            try (var scope = GradMode.disabled()) {
                int n = input.size(0);
                Tensor bm = mean.detach().reshape(n, c).mean(0, false).to(runningMean.dtype());
                Tensor bv = var.detach().reshape(n, c).mean(0, false).mul((double) m / (m - 1)).to(runningVar.dtype());
                runningMean.mul_(1 - momentum).add_(bm, momentum);
                runningVar.mul_(1 - momentum).add_(bv, momentum);
            }
        }
        Tensor out = affine(centred.mul(var.add(eps).rsqrt()), weight, bias, cs);
        if (Tracing.isRecording()) {
            Tracing.record(op, out, Map.of("eps", eps), input, weight, bias);
        }
        return out;
    }

    /**
     * {@return local response normalisation across channels:
     * {@code b_c = a_c / (k + alpha/n · Σ_{c' = c − floor(n/2)}^{c + floor((n−1)/2)} a_{c'}²)^beta},
     * with channels outside [0, C) counting as zero and the divisor n always n.
     * }
     *
     * @param input (N, C, …), at least 3 dimensions
     * @param size n, the number of neighbouring channels
     * @param alpha the scale of the sum of squares
     * @param beta the exponent of the denominator
     * @param k the additive constant of the denominator
     */
    public static Tensor localResponseNorm(Tensor input, int size, double alpha, double beta, double k) {
        String op = "local_response_norm";
        if (input.dim() < 3) {
            throw new IllegalArgumentException(op + ": expected an input of 3 or more dimensions (N, C, …), got "
                    + Shape.str(input.shape()));
        }
        if (size < 1) {
            throw new IllegalArgumentException(op + ": size must be positive, got " + size);
        }
        int n = input.size(0), c = input.size(1);
        Tensor sq = input.square().reshape(n, c, -1);
        Tensor avg = Pooling.channelWindowMean(sq, size).reshape(input.shape());
        Tensor div = avg.mul(alpha).add(k).pow(beta);
        Tensor out = input.div(div);
        if (Tracing.isRecording()) {
            Tracing.record(op, out, Map.of("size", size, "alpha", alpha, "beta", beta, "k", k), input);
        }
        return out;
    }

    /**
     * {@return the weight-norm re-parametrisation {@code w = g · v / ‖v‖}, where the 2-norm runs over every
     * dimension except {@code dim}; {@code g} has v's size along dim and 1 elsewhere} With
     * {@code dim} null, the norm is over the whole tensor and g is a scalar.
     *
     * @param v the direction, the weight's shape
     * @param g the magnitude, of {@code v}'s shape with size 1 except along {@code dim}
     * @param dim the dimension the norm keeps (null to take the norm over everything)
     */
    public static Tensor weightNorm(Tensor v, Tensor g, Integer dim) {
        String op = "weight_norm";
        if (dim == null) {
            if (g.numel() != 1) {
                throw new IllegalArgumentException(op + ": with dim=None, g must be a scalar, got " + Shape.str(g.shape()));
            }
            return v.mul(g.div(normExceptDim(v, null)));
        }
        int d = Shape.wrapDim(op, dim, v.dim());
        int[] gs = normShape(v.shape(), d);
        if (!Shape.same(g.shape(), gs) && g.numel() != v.size(d)) {
            throw new IllegalArgumentException(op + ": expected g of shape " + Shape.str(gs) + " for v "
                    + Shape.str(v.shape()) + " and dim " + dim + ", got " + Shape.str(g.shape()));
        }
        return v.mul(g.reshape(gs).div(normExceptDim(v, d)));
    }

    /**
     * {@return the shape of g for weight norm along {@code dim}: v's size there, 1 elsewhere}
     *
     * @param vShape the direction's shape
     * @param dim the dimension kept
     */
    public static int[] normShape(int[] vShape, int dim) {
        int[] gs = new int[vShape.length];
        java.util.Arrays.fill(gs, 1);
        gs[dim] = vShape[dim];
        return gs;
    }

    /**
     * {@return the norm of v over every dimension except dim (keeping them as 1), or the whole norm when dim is null}
     *
     * @param v the direction, the weight's shape
     * @param dim the dimension the norm keeps (null to take the norm over everything)
     */
    public static Tensor normExceptDim(Tensor v, Integer dim) {
        if (dim == null) {
            return v.square().sum().sqrt();
        }
        int d = Shape.wrapDim("weight_norm", dim, v.dim());
        int[] dims = new int[v.dim() - 1];
        for (int i = 0, j = 0; i < v.dim(); i++) {
            if (i != d) {
                dims[j++] = i;
            }
        }
        return dims.length == 0 ? v.abs() : v.square().sum(dims, true).sqrt();
    }

    // ------------------------------------------------------------------ helpers

    /** (x − mean)/√(var + eps) over dims, biased variance. */
    private static Tensor standardise(Tensor x, int[] dims, double eps) {
        Tensor centred = x.sub(accurateMean(x, dims));
        Tensor var = centred.square().mean(dims, true);
        return centred.mul(var.add(eps).rsqrt());
    }

    /**
     * The mean over {@code dims} (kept), corrected by a second pass: m + mean(x − m). The rounding
     * of the first sum is removed, so a constant slice gets exactly its value as mean and normalises
     * to exactly 0 (its output is the bias) instead of rounding noise amplified by 1/√eps. The
     * correction is 0 in exact arithmetic, so it carries no gradient.
     */
    private static Tensor accurateMean(Tensor x, int[] dims) {
        Tensor mean = x.mean(dims, true);
        Tensor correction;
        try (var off = GradMode.disabled()) {
            correction = x.detach().sub(mean.detach()).mean(dims, true);
        }
        return mean.add(correction);
    }

    private static Tensor affine(Tensor y, Tensor weight, Tensor bias, int[] channelShape) {
        if (weight != null) {
            y = y.mul(weight.reshape(channelShape));
        }
        if (bias != null) {
            y = y.add(bias.reshape(channelShape));
        }
        return y;
    }

    private static int[] allBut1(int rank) {
        int[] dims = new int[rank - 1];
        dims[0] = 0;
        for (int i = 2; i < rank; i++) {
            dims[i - 1] = i;
        }
        return dims;
    }

    private static int[] channelShape(int rank, int c) {
        int[] s = new int[rank];
        java.util.Arrays.fill(s, 1);
        s[1] = c;
        return s;
    }

    private static void checkChannelVector(String op, String name, Tensor t, int c) {
        if (t != null && (t.dim() != 1 || t.size(0) != c)) {
            throw new IllegalArgumentException(op + ": expected " + name + " of shape (" + c + "), got "
                    + Shape.str(t.shape()));
        }
        if (t != null && t.dtype() != DType.FLOAT32 && t.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException(op + ": expected a float " + name + ", got " + t.dtype());
        }
    }
}
