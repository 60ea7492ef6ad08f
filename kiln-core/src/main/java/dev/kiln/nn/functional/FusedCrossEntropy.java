package dev.kiln.nn.functional;

import dev.kiln.autograd.SavedTensor;
import dev.kiln.autograd.internal.Engine;
import dev.kiln.autograd.internal.LibraryNode;
import dev.kiln.backend.Backend;
import dev.kiln.backend.CrossEntropyTargets;
import dev.kiln.backend.ReferenceBackend;
import dev.kiln.backend.Workspace;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.Storage;
import dev.kiln.tensor.internal.TensorInternals;

/**
 * Cross-entropy with class-index targets as one fused primitive: per sample, the log-sum-exp of the
 * logits, the NLL term and the label-smoothing term in one pass over the C logits, and in the
 * backward the gradient recomputed from the saved logits and per-sample log-sum-exp (no (N, C)
 * intermediate is kept); the formulas are {@link CrossEntropyTargets}'. Float32 runs on the logits'
 * backend ({@link Backend#crossEntropy}, {@link Backend#crossEntropyBackward}), float64 through
 * {@link ReferenceBackend}; the rows of an (N, C, d1, …) input are strided along the class
 * dimension ({@link CrossEntropyTargets#inner()}).
 */
final class FusedCrossEntropy {
    private FusedCrossEntropy() {
    }

    /** Per-sample losses (the target's shape); ignored samples give 0. */
    static Tensor perSample(Tensor input, ClassTargets ct, Tensor weight, Long ignore, double eps) {
        Tensor z = Pointwise.floating(input).contiguous();
        int n = ct.target.length;
        CrossEntropyTargets t = ct.rows(weight, ignore, eps);
        double[] lse = new double[n];
        double[] loss = new double[n];
        if (z.dtype() == DType.FLOAT32) {
            z.device().backend().crossEntropy(TensorInternals.floats(z), z.offset(), t, lse, loss);
        } else {
            ReferenceBackend.INSTANCE.crossEntropy(TensorInternals.doubles(z), z.offset(), t, lse, loss);
        }
        Tensor out = TensorInternals.wrap(Storage.wrap(loss), ct.targetShape);
        out = z.dtype() == DType.FLOAT64 ? out : out.to(z.dtype());
        if (Engine.needsGrad(input)) {
            Engine.record(out, new CrossEntropyBackward(z, t, lse));
        }
        return out;
    }

    private static final class CrossEntropyBackward extends LibraryNode {
        private final SavedTensor logits;
        private final CrossEntropyTargets targets;
        private final double[] lse;

        CrossEntropyBackward(Tensor logits, CrossEntropyTargets targets, double[] lse) {
            super(logits);
            this.logits = save(logits);
            this.targets = targets;
            this.lse = lse;
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor z = logits.get(this);
            double[] gs = g.toDoubleArray();
            int size = z.numel();
            Tensor r;
            if (z.dtype() == DType.FLOAT32) {
                float[] gz = Workspace.floats(size); // written whole
                z.device().backend().crossEntropyBackward(TensorInternals.floats(z), z.offset(), targets, lse, gs, gz);
                r = TensorInternals.markExclusiveGrad(TensorInternals.wrap(Storage.wrap(gz), z.shape()));
            } else {
                double[] gz = new double[size];
                ReferenceBackend.INSTANCE.crossEntropyBackward(TensorInternals.doubles(z), z.offset(), targets, lse, gs, gz);
                r = TensorInternals.wrap(Storage.wrap(gz), z.shape());
            }
            return new Tensor[] {r};
        }

        @Override
        public String name() {
            return "CrossEntropyBackward";
        }
    }
}
