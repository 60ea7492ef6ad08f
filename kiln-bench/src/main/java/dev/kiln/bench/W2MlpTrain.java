package dev.kiln.bench;

import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.ReLU;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.optim.Adam;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Map;

/**
 * W2: one training step of Linear(784,512)-ReLU-Linear(512,256)-ReLU-Linear(256,10) with
 * cross-entropy and Adam(lr 1e-3), batch 128, x ~ N(0,1), random labels; 20 warm-up steps then
 * 3 × 200 timed steps ({@link BenchContext#trainBench}).
 *
 * <p>Two Kiln-only figures follow the protocol's one: {@code w2_mlp_fwd_bwd}, the same step without
 * the optimiser (zero grad, forward, loss, backward), and {@code w2_adam_share}, the share of the full
 * step's time spent in {@code opt.step()}.
 */
final class W2MlpTrain implements Workload {
    static final int BATCH = 128;

    @Override
    public String id() {
        return "w2";
    }

    @Override
    public String title() {
        return "MLP 784-512-256-10 training step, cross-entropy, Adam, batch 128";
    }

    @Override
    public void run(BenchContext ctx) {
        Generator g = new Generator(0);
        Tensor x = Tensor.randn(g, BATCH, 784);
        Tensor y = Tensor.randint(g, 0, 10, BATCH);
        Setup full = new Setup(g, x, y);
        ctx.trainBench("w2_mlp_train", BATCH, full::step);
        Setup noOpt = new Setup(g, x, y);
        ctx.trainBench("w2_mlp_fwd_bwd", BATCH, noOpt::forwardBackward);
        adamShare(ctx, full);
    }

    /** The model, loss, optimiser and batch of one W2 run. */
    static final class Setup {
        final Module model;
        final CrossEntropyLoss loss = new CrossEntropyLoss();
        final Adam opt;
        final Tensor x;
        final Tensor y;

        Setup(Generator g, Tensor x, Tensor y) {
            model = new Sequential(new Linear(784, 512, true, g), new ReLU(), new Linear(512, 256, true, g), new ReLU(),
                    new Linear(256, 10, true, g));
            opt = new Adam(model.parameters(), Adam.Options.of(1e-3));
            this.x = x;
            this.y = y;
        }

        /** zero grad, forward, loss, backward, Adam step; returns the loss. */
        double step() {
            opt.zeroGrad();
            Tensor l = loss.forward(model.forward(x), y);
            l.backward();
            opt.step();
            return l.item();
        }

        /** The step without the optimiser. */
        double forwardBackward() {
            opt.zeroGrad();
            Tensor l = loss.forward(model.forward(x), y);
            l.backward();
            return l.item();
        }
    }

    /** Times 3 × 200 full steps with {@code opt.step()} timed on its own; emits its share of the step. */
    static void adamShare(BenchContext ctx, Setup s) {
        int steps = ctx.quick() ? 5 : 200;
        for (int i = 0; i < 20; i++) {
            s.step();
        }
        double[] share = new double[3];
        double[] adamMs = new double[3];
        double[] stepMs = new double[3];
        for (int r = 0; r < 3; r++) {
            long opt = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                s.opt.zeroGrad();
                Tensor l = s.loss.forward(s.model.forward(s.x), s.y);
                l.backward();
                long a = System.nanoTime();
                s.opt.step();
                opt += System.nanoTime() - a;
                l.item();
            }
            long total = System.nanoTime() - t0;
            share[r] = 100.0 * opt / total;
            adamMs[r] = opt / 1e6 / steps;
            stepMs[r] = total / 1e6 / steps;
        }
        Stats sh = Stats.of(share);
        Map<String, Object> rec = ctx.record("w2_adam_share");
        rec.put("steps", steps);
        rec.put("repeats", 3);
        rec.put("adam_share_percent_median", sh.median());
        rec.put("adam_share_percent_all", share);
        rec.put("adam_ms_per_step_median", Stats.of(adamMs).median());
        rec.put("step_ms_median", Stats.of(stepMs).median());
        ctx.emit(rec);
    }
}
