package dev.kiln.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.io.Json;
import dev.kiln.optim.lr.ChainedScheduler;
import dev.kiln.optim.lr.ConstantLR;
import dev.kiln.optim.lr.CosineAnnealingWarmRestarts;
import dev.kiln.optim.lr.ExponentialLR;
import dev.kiln.optim.lr.LRScheduler;
import dev.kiln.optim.lr.MultiplicativeLR;
import dev.kiln.optim.lr.OneCycleLR;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Stopping a run, saving optimiser and scheduler state, loading it into new objects and going on
 * gives bit-identical parameters to the uninterrupted run. The state goes through JSON text (the
 * scalars) and tensor copies, as a checkpoint would.
 */
class ResumeTest {
    private static final int STEPS = 24;
    private static final int STOP = 11;

    /** A tiny linear regression written with raw tensors: y ≈ Σ_j x_ij·w_j + b. */
    private static final class Model {
        final Tensor w;
        final Tensor b;

        Model(Tensor w, Tensor b) {
            this.w = w;
            this.b = b;
        }

        static Model fresh() {
            Generator g = new Generator(7);
            return new Model(Tensor.randn(g, 4).requiresGrad(true), Tensor.zeros(1).requiresGrad(true));
        }

        Model copy() {
            return new Model(w.detach().clone().requiresGrad(true), b.detach().clone().requiresGrad(true));
        }

        List<Tensor> params() {
            return List.of(w, b);
        }

        void lossBackward(int step) {
            Generator g = new Generator(100 + step);
            Tensor x = Tensor.randn(g, 8, 4);
            Tensor y = Tensor.randn(g, 8);
            Tensor pred = x.mul(w).sum(1, false).add(b);
            pred.sub(y).pow(2).mean().backward();
        }
    }

    private record Run(Optimizer<?> opt, LRScheduler sched) {
    }

    private static void train(Model m, Run r, int from, int to) {
        for (int s = from; s < to; s++) {
            r.opt().zeroGrad(true);
            m.lossBackward(s);
            r.opt().step();
            r.sched().step();
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkResume(String name, Function<List<Tensor>, Run> make) {
        Model straight = Model.fresh();
        train(straight, make.apply(straight.params()), 0, STEPS);

        Model first = Model.fresh();
        Run r1 = make.apply(first.params());
        train(first, r1, 0, STOP);
        OptimizerStateDict saved = r1.opt().stateDict();
        String optJson = Json.write(saved.json());
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        saved.tensors().forEach((k, v) -> tensors.put(k, Tensor.fromArray(v.toDoubleArray(), v.shape()).to(v.dtype())));
        String schedJson = Json.write(r1.sched().stateDict());

        Model resumed = first.copy();
        Run r2 = make.apply(resumed.params());
        r2.opt().loadStateDict(new OptimizerStateDict(tensors, Json.parseObject(optJson)));
        r2.sched().loadStateDict(Json.parseObject(schedJson));
        // the learning rates of the optimiser come back with the parameter groups
        assertEquals(r1.opt().paramGroups().get(0).lr(), r2.opt().paramGroups().get(0).lr(), name + ": lr after loading");
        train(resumed, r2, STOP, STEPS);

        assertArrayEquals(straight.w.toFloatArray(), resumed.w.toFloatArray(), name + ": w differs after resuming");
        assertArrayEquals(straight.b.toFloatArray(), resumed.b.toFloatArray(), name + ": b differs after resuming");
    }

    @Test
    void sgdNesterovWithWarmRestarts() {
        checkResume("SGD", p -> {
            var opt = new SGD(p, SGD.Options.of(0.05).withMomentum(0.9).withNesterov(true).withWeightDecay(1e-3));
            return new Run(opt, new CosineAnnealingWarmRestarts(opt, 5, 2, 1e-3));
        });
    }

    @Test
    void adamWAmsgradWithOneCycle() {
        checkResume("AdamW", p -> {
            var opt = new AdamW(p, AdamW.defaults(0.01).withAmsgrad(true));
            return new Run(opt, new OneCycleLR(opt, new OneCycleLR.Options(new double[] {0.05}, STEPS)));
        });
    }

    @Test
    void nadamWithMultiplicative() {
        checkResume("NAdam", p -> {
            var opt = new NAdam(p, NAdam.Options.of(0.01));
            return new Run(opt, new MultiplicativeLR(opt, t -> 0.97));
        });
    }

    @Test
    void rmspropCenteredWithChain() {
        checkResume("RMSprop", p -> {
            var opt = new RMSprop(p, RMSprop.Options.of(0.01).withMomentum(0.5).withCentered(true));
            return new Run(opt, new ChainedScheduler(List.of(new ConstantLR(opt, 0.5, 3), new ExponentialLR(opt, 0.95))));
        });
    }

    @Test
    void asgdAndRpropAndLamb() {
        checkResume("ASGD", p -> {
            var opt = new ASGD(p, ASGD.Options.of(0.05));
            return new Run(opt, new ExponentialLR(opt, 0.99));
        });
        checkResume("Rprop", p -> {
            var opt = new Rprop(p, Rprop.Options.of(0.01));
            return new Run(opt, new ExponentialLR(opt, 0.99));
        });
        checkResume("LAMB", p -> {
            var opt = new LAMB(p, LAMB.defaults(0.01));
            return new Run(opt, new ExponentialLR(opt, 0.99));
        });
    }

    @Test
    void lbfgsHistoryIsRestored() {
        Function<Model, Optimizer.Closure> closure = m -> () -> {
            m.w.setGrad(null);
            m.b.setGrad(null);
            Generator g = new Generator(5);
            Tensor x = Tensor.randn(g, 8, 4);
            Tensor y = Tensor.randn(g, 8);
            Tensor loss = x.mul(m.w).sum(1, false).add(m.b).sub(y).pow(2).mean();
            loss.backward();
            return loss.item();
        };
        Model straight = Model.fresh();
        var o1 = new LBFGS(straight.params(), LBFGS.Options.of(0.5).withMaxIter(3).withHistorySize(4));
        for (int i = 0; i < 6; i++) {
            o1.step(closure.apply(straight));
        }
        Model first = Model.fresh();
        var o2 = new LBFGS(first.params(), LBFGS.Options.of(0.5).withMaxIter(3).withHistorySize(4));
        for (int i = 0; i < 3; i++) {
            o2.step(closure.apply(first));
        }
        OptimizerStateDict saved = o2.stateDict();
        Model resumed = first.copy();
        var o3 = new LBFGS(resumed.params(), LBFGS.Options.of(0.5).withMaxIter(3).withHistorySize(4));
        o3.loadStateDict(new OptimizerStateDict(saved.tensors(), Json.parseObject(Json.write(saved.json()))));
        for (int i = 0; i < 3; i++) {
            o3.step(closure.apply(resumed));
        }
        assertArrayEquals(straight.w.toFloatArray(), resumed.w.toFloatArray());
        assertArrayEquals(straight.b.toFloatArray(), resumed.b.toFloatArray());
        List<String> keys = new ArrayList<>(saved.tensors().keySet());
        assertEquals(true, keys.contains("state.0.old_dirs.0"), "history tensors are saved: " + keys);
    }
}
