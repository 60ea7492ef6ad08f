package dev.kiln.spark;

import dev.kiln.autograd.Function;
import dev.kiln.autograd.FunctionContext;
import dev.kiln.autograd.GradMode;
import dev.kiln.nn.BatchNorm;
import dev.kiln.nn.Module;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Shape;
import dev.kiln.tensor.Tensor;
import java.util.Objects;

/**
 * Batch normalisation with the statistics of the global batch, PyTorch's {@code SyncBatchNorm}:
 * in training mode every replica normalises with the mean and variance over all replicas'
 * batches, so N replicas of batch B compute what one process computes with batch N·B.
 *
 * <p>{@link #convert} installs it in every {@link BatchNorm} layer of a model (the layers keep
 * their parameters and buffers; evaluation mode is unchanged and communicates nothing).
 *
 * <p><b>Forward.</b> Each replica r computes, per channel c over its {@code m_r} values (batch and
 * spatial positions), the count, the mean {@code μ_r} and the sum of squared deviations
 * {@code M2_r = Σ (x − μ_r)²}; these are gathered from all replicas (one all-reduce of
 * {@code N·(2C+1)} floats, each rank filling its own slot) and combined in double precision, in
 * rank order on every rank (Chan's parallel variance):
 * {@code M = Σ m_r}, {@code μ = Σ m_r·μ_r / M}, {@code σ² = (Σ M2_r + Σ m_r·(μ_r − μ)²) / M}.
 * Then {@code x̂ = (x − μ)/√(σ² + eps)}, {@code y = weight·x̂ + bias}; the running statistics
 * are updated with μ and the unbiased {@code σ²·M/(M−1)}.
 *
 * <p><b>Backward.</b> With {@code g = ∂L_r/∂y}, each replica computes {@code Σ g} and
 * {@code Σ g·x̂} per channel over its batch; the gradients of weight and bias are these local
 * sums (the {@link GradientAverager} averages them like every other gradient). The gradient of
 * x needs the global sums: the data-parallel loss is {@code L = Σ_s (m_s/M)·L_s} (the averager
 * weights each replica by its sample count), so replica r all-reduces {@code m_s·Σ g} and
 * {@code m_s·Σ g·x̂} (2C floats) and, in the units of its own loss L_r,
 * {@code ∂L_r/∂x = weight/√(σ² + eps) · (g − a − x̂·b)} with
 * {@code a = Σ_s m_s·Σ_s g / (m_r·M)} and {@code b = Σ_s m_s·Σ_s g·x̂ / (m_r·M)} — for equal
 * batches, the means of g and g·x̂ over the global batch, as in PyTorch.
 *
 * <p>Every replica must run the same layers in the same order (the collectives pair up by order);
 * float32 only.
 */
public final class SyncBatchNorm implements BatchNorm.TrainingNormalization {
    private final RingAllReduce ring;

    private SyncBatchNorm(RingAllReduce ring) {
        this.ring = Objects.requireNonNull(ring, "sync batch norm: ring");
    }

    /**
     * Makes every {@link BatchNorm} layer of {@code model} synchronise its training-mode
     * statistics over the ranks of {@code ring} (PyTorch's {@code convert_sync_batchnorm}).
     *
     * @param model the replica's model
     * @param ring the replicas' collective
     * @return the number of layers converted
     */
    public static int convert(Module model, RingAllReduce ring) {
        SyncBatchNorm sync = new SyncBatchNorm(ring);
        int converted = 0;
        for (Module m : model.modules()) {
            if (m instanceof BatchNorm bn) {
                bn.setTrainingNormalization(sync);
                converted++;
            }
        }
        return converted;
    }

    @Override
    public Tensor apply(Tensor input, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, double momentum, double eps) {
        if (input.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("sync batch norm: expected a float32 input, got " + input.dtype());
        }
        if (input.dim() < 2) {
            throw new IllegalArgumentException("sync batch norm: expected an input (N, C, …), got " + Shape.str(input.shape()));
        }
        Tensor w = weight != null ? weight : Tensor.ones(DType.FLOAT32, input.size(1));
        Tensor b = bias != null ? bias : Tensor.zeros(DType.FLOAT32, input.size(1));
        return new Normalize(ring, runningMean, runningVar, momentum, eps).apply(input, w, b);
    }

    /** The layout of (N, C, S…) as C channels of {@code batch} runs of {@code plane} values. */
    private record Layout(int batch, int channels, int plane) {
        static Layout of(Tensor x) {
            int c = x.size(1);
            int plane = x.numel() / Math.max(1, x.size(0) * c);
            return new Layout(x.size(0), c, plane);
        }

        long count() {
            return (long) batch * plane;
        }

        int index(int n, int c, int s) {
            return (n * channels + c) * plane + s;
        }
    }

    /** The differentiable operation of one forward: inputs x, weight, bias. */
    private static final class Normalize extends Function {
        private final RingAllReduce ring;
        private final Tensor runningMean;
        private final Tensor runningVar;
        private final double momentum;
        private final double eps;

        Normalize(RingAllReduce ring, Tensor runningMean, Tensor runningVar, double momentum, double eps) {
            this.ring = ring;
            this.runningMean = runningMean;
            this.runningVar = runningVar;
            this.momentum = momentum;
            this.eps = eps;
        }

        @Override
        public String name() {
            return "SyncBatchNorm";
        }

        @Override
        protected Tensor forward(FunctionContext ctx, Tensor... in) {
            Tensor x = in[0];
            Layout l = Layout.of(x);
            int channels = l.channels();
            float[] xs = x.toFloatArray();
            double[] mean = new double[channels];
            double[] m2 = new double[channels];
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                for (int n = 0; n < l.batch(); n++) {
                    for (int s = 0; s < l.plane(); s++) {
                        sum += xs[l.index(n, c, s)];
                    }
                }
                mean[c] = sum / l.count();
                double sq = 0;
                for (int n = 0; n < l.batch(); n++) {
                    for (int s = 0; s < l.plane(); s++) {
                        double d = xs[l.index(n, c, s)] - mean[c];
                        sq += d * d;
                    }
                }
                m2[c] = sq;
            }
            // gather (m_r, μ_r, M2_r) of every rank: rank r fills its own slot, the others are zeros
            int slot = 2 * channels + 1;
            float[] gathered = new float[ring.size() * slot];
            int at = ring.rank() * slot;
            gathered[at] = l.count();
            for (int c = 0; c < channels; c++) {
                gathered[at + 1 + c] = (float) mean[c];
                gathered[at + 1 + channels + c] = (float) m2[c];
            }
            ring.allReduceSum(gathered);
            double[] globalMean = new double[channels];
            double[] globalVar = new double[channels];
            long total = 0;
            for (int r = 0; r < ring.size(); r++) {
                total += (long) gathered[r * slot];
            }
            if (total <= 1) {
                throw new IllegalArgumentException("sync batch norm: expected more than 1 value per channel over all replicas when training, got "
                        + total);
            }
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                for (int r = 0; r < ring.size(); r++) {
                    sum += (double) gathered[r * slot] * gathered[r * slot + 1 + c];
                }
                globalMean[c] = sum / total;
                double sq = 0;
                for (int r = 0; r < ring.size(); r++) {
                    double d = gathered[r * slot + 1 + c] - globalMean[c];
                    sq += gathered[r * slot + 1 + channels + c] + gathered[r * slot] * d * d;
                }
                globalVar[c] = sq / total;
            }
            double[] invStd = new double[channels];
            for (int c = 0; c < channels; c++) {
                invStd[c] = 1 / Math.sqrt(globalVar[c] + eps);
            }
            updateRunning(globalMean, globalVar, total);
            float[] w = in[1].toFloatArray();
            float[] b = in[2].toFloatArray();
            float[] xHat = new float[xs.length];
            float[] y = new float[xs.length];
            for (int n = 0; n < l.batch(); n++) {
                for (int c = 0; c < channels; c++) {
                    for (int s = 0; s < l.plane(); s++) {
                        int i = l.index(n, c, s);
                        xHat[i] = (float) ((xs[i] - globalMean[c]) * invStd[c]);
                        y[i] = xHat[i] * w[c] + b[c];
                    }
                }
            }
            ctx.saveForBackward(Tensor.fromArray(xHat, x.shape()), in[1]);
            ctx.put("invStd", invStd);
            ctx.put("globalCount", total);
            return Tensor.fromArray(y, x.shape());
        }

        private void updateRunning(double[] mean, double[] var, long total) {
            if (runningMean == null) {
                return;
            }
            int channels = mean.length;
            double[] unbiased = new double[channels];
            for (int c = 0; c < channels; c++) {
                unbiased[c] = var[c] * total / (total - 1);
            }
            try (var off = GradMode.disabled()) {
                runningMean.mul_(1 - momentum).add_(Tensor.fromArray(mean, channels).to(runningMean.dtype()), momentum);
                runningVar.mul_(1 - momentum).add_(Tensor.fromArray(unbiased, channels).to(runningVar.dtype()), momentum);
            }
        }

        @Override
        protected Tensor[] backward(FunctionContext ctx, Tensor gradOutput) {
            Tensor[] saved = ctx.savedTensors();
            float[] xHat = saved[0].toFloatArray();
            float[] w = saved[1].toFloatArray();
            float[] g = gradOutput.contiguous().toFloatArray();
            double[] invStd = ctx.get("invStd");
            long globalCount = ctx.get("globalCount");
            Layout l = Layout.of(saved[0]);
            int channels = l.channels();
            double[] sumG = new double[channels];
            double[] sumGxHat = new double[channels];
            for (int n = 0; n < l.batch(); n++) {
                for (int c = 0; c < channels; c++) {
                    for (int s = 0; s < l.plane(); s++) {
                        int i = l.index(n, c, s);
                        sumG[c] += g[i];
                        sumGxHat[c] += (double) g[i] * xHat[i];
                    }
                }
            }
            Tensor gradX = null;
            if (ctx.needsInputGrad(0)) {
                float[] sums = new float[2 * channels];
                for (int c = 0; c < channels; c++) {
                    sums[c] = (float) (l.count() * sumG[c]);
                    sums[channels + c] = (float) (l.count() * sumGxHat[c]);
                }
                ring.allReduceSum(sums);
                double scale = 1.0 / ((double) l.count() * globalCount);
                float[] dx = new float[g.length];
                for (int n = 0; n < l.batch(); n++) {
                    for (int c = 0; c < channels; c++) {
                        double a = sums[c] * scale;
                        double b = sums[channels + c] * scale;
                        double k = w[c] * invStd[c];
                        for (int s = 0; s < l.plane(); s++) {
                            int i = l.index(n, c, s);
                            dx[i] = (float) (k * (g[i] - a - xHat[i] * b));
                        }
                    }
                }
                gradX = Tensor.fromArray(dx, saved[0].shape());
            }
            Tensor gradW = ctx.needsInputGrad(1) ? Tensor.fromArray(toFloats(sumGxHat), channels) : null;
            Tensor gradB = ctx.needsInputGrad(2) ? Tensor.fromArray(toFloats(sumG), channels) : null;
            return new Tensor[] {gradX, gradW, gradB};
        }

        private static float[] toFloats(double[] values) {
            float[] out = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = (float) values[i];
            }
            return out;
        }
    }
}
