package dev.kiln.bench;

import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.ReLU;
import dev.kiln.nn.loss.CrossEntropyLoss;
import dev.kiln.optim.Adam;
import dev.kiln.tensor.Generator;
import dev.kiln.backend.cpu.Parallel;
import dev.kiln.tensor.Tensor;
import dev.kiln.tensor.internal.TensorInternals;
import java.util.List;
import java.util.Map;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * W2: one training step of Linear(784,512)-ReLU-Linear(512,256)-ReLU-Linear(256,10) with
 * cross-entropy and Adam(lr 1e-3), batch 128, x ~ N(0,1), random labels; 20 warm-up steps then
 * 3 × 200 timed steps ({@link BenchContext#trainBench}).
 *
 * <p>Three Kiln-only figures follow the protocol's one: {@code w2_mlp_fwd_bwd}, the same step without
 * the optimiser (zero grad, forward, loss, backward); {@code w2_adam_share}, the share of the full
 * step's time spent in {@code opt.step()}; and {@code w2_adam_traffic}, which alternates steps that
 * end with {@code opt.step()} and steps that end with a kernel moving exactly Adam's bytes (read p, g,
 * m, v; write p, m, v) with a multiply in place of the square root and the division — the update's
 * cost if it did no arithmetic.
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
        adamTraffic(ctx, new Setup(g, x, y));
    }

    /** The model, loss, optimiser and batch of one W2 run. */
    static final class Setup {
        final Module model;
        final CrossEntropyLoss loss = new CrossEntropyLoss();
        final Adam opt;
        final Tensor x;
        final Tensor y;

        Setup(Generator g, Tensor x, Tensor y) {
            model = new Sequential(new Linear(784, 512, g), ReLU.inPlace(), new Linear(512, 256, g), ReLU.inPlace(),
                    new Linear(256, 10, g));
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

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /**
     * Times, inside the training loop, {@code opt.step()} on even steps and {@link #traffic} over the same
     * parameters and gradients (and moment buffers of the same sizes) on odd steps, 3 × 200 steps.
     */
    static void adamTraffic(BenchContext ctx, Setup s) {
        int steps = ctx.quick() ? 6 : 200;
        List<Tensor> ps = s.model.parameters();
        float[][] m = new float[ps.size()][];
        float[][] v = new float[ps.size()][];
        for (int i = 0; i < ps.size(); i++) {
            m[i] = new float[ps.get(i).numel()];
            v[i] = new float[ps.get(i).numel()];
        }
        for (int i = 0; i < 20; i++) {
            s.step();
        }
        double[] adamMs = new double[3];
        double[] trafficMs = new double[3];
        for (int r = 0; r < 3; r++) {
            long adam = 0;
            long traffic = 0;
            for (int i = 0; i < steps; i++) {
                s.forwardBackward();
                long t0 = System.nanoTime();
                if (i % 2 == 0) {
                    s.opt.step();
                    adam += System.nanoTime() - t0;
                } else {
                    for (int j = 0; j < ps.size(); j++) {
                        float[] p = TensorInternals.floats(ps.get(j));
                        float[] g = TensorInternals.floats(ps.get(j).grad());
                        float[] mj = m[j];
                        float[] vj = v[j];
                        if (Parallel.runsInline(p.length, Parallel.ELEMENTWISE_GRAIN)) {
                            traffic(p, g, mj, vj, 0, p.length);
                        } else {
                            Parallel.forRange(p.length / S.length(), Parallel.ELEMENTWISE_GRAIN / S.length(),
                                    (lo, hi) -> traffic(p, g, mj, vj, lo * S.length(),
                                            hi == p.length / S.length() ? p.length : hi * S.length()));
                        }
                    }
                    traffic += System.nanoTime() - t0;
                }
            }
            adamMs[r] = adam / 1e6 / (steps / 2);
            trafficMs[r] = traffic / 1e6 / (steps / 2);
        }
        Map<String, Object> rec = ctx.record("w2_adam_traffic");
        rec.put("steps", steps);
        rec.put("repeats", 3);
        rec.put("adam_ms_per_step_median", Stats.of(adamMs).median());
        rec.put("traffic_only_ms_per_step_median", Stats.of(trafficMs).median());
        ctx.emit(rec);
    }

    /**
     * Adam's memory traffic over [lo, hi) without its square root and division: m ← 0.9·m + 0.1·g,
     * v ← 0.999·v + 0.001·g², p ← p − 1e-9·m·v (the parameters barely move).
     */
    static void traffic(float[] p, float[] g, float[] m, float[] v, int lo, int hi) {
        int i = lo;
        for (int up = lo + S.loopBound(hi - lo); i < up; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector mv = FloatVector.fromArray(S, m, i).mul(0.9f).add(gv.mul(0.1f));
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(0.999f).add(gv.mul(gv).mul(0.001f));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            FloatVector.fromArray(S, p, i).sub(mv.mul(vv).mul(1e-9f)).intoArray(p, i);
        }
        for (; i < hi; i++) {
            m[i] = 0.9f * m[i] + 0.1f * g[i];
            v[i] = 0.999f * v[i] + 0.001f * g[i] * g[i];
            p[i] -= 1e-9f * m[i] * v[i];
        }
    }
}
