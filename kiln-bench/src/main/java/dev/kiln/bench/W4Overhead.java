package dev.kiln.bench;

import dev.kiln.autograd.GradMode;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Map;

/**
 * W4: per-op overhead. (a) {@code x + x} on ones(8,8), no graph; (b) the same with x requiring grad
 * (a node is recorded each time); (c) one training step of Linear(2,16)-Tanh-Linear(16,1), MSE,
 * SGD(lr 0.1), batch 4 (written with plain tensor ops; targets y = x₀·x₁).
 */
final class W4Overhead implements Workload {
    @Override
    public String id() {
        return "w4";
    }

    @Override
    public String title() {
        return "overhead: 8x8 add without and with grad, tiny training step";
    }

    @Override
    public void run(BenchContext ctx) {
        Tensor x = Tensor.ones(8, 8);
        ctx.loopBench("w4a_add_8x8_nograd", () -> Sink.consume(x.add(x)), 100_000, 3, 1000, null, 0);
        Tensor xg = Tensor.ones(8, 8).requiresGrad(true);
        ctx.loopBench("w4b_add_8x8_requires_grad", () -> Sink.consume(xg.add(xg)), 100_000, 3, 1000, null, 0);
        TinyTrain t = new TinyTrain(new Generator(0));
        try {
            t.step();
        } catch (UnsupportedOperationException e) {
            throw new PendingException("W4c needs Tensor.matmul (" + e.getMessage() + " is not implemented yet)");
        }
        TinyTrain fresh = new TinyTrain(new Generator(0));
        double lossBefore;
        try (var off = GradMode.disabled()) {
            lossBefore = fresh.loss().item();
        }
        // bench_torch.py evaluates its "final_loss" extra before the loop runs, so it is the loss before timing
        ctx.loopBench("w4c_tiny_train_step", fresh::step, 20_000, 3, 500, Map.of("final_loss", lossBefore), 0);
    }

    /** Linear(2,16)-Tanh-Linear(16,1) trained with MSE and plain SGD on a fixed batch of 4. */
    static final class TinyTrain {
        static final double LR = 0.1;
        final Mlp model;
        final Tensor x;
        final Tensor y;

        TinyTrain(Generator g) {
            model = new Mlp(g, true, 2, 16, 1);
            x = Tensor.randn(g, 4, 2);
            y = x.narrow(1, 0, 1).mul(x.narrow(1, 1, 1));
        }

        Tensor loss() {
            return model.forward(x).sub(y).square().mean();
        }

        /** zero grad (in place, as PyTorch 1.13's zero_grad), forward, MSE, backward, p ← p − lr·∇p. */
        void step() {
            for (Tensor p : model.parameters()) {
                if (p.grad() != null) {
                    p.grad().zero_();
                }
            }
            loss().backward();
            try (var off = GradMode.disabled()) {
                for (Tensor p : model.parameters()) {
                    p.add_(p.grad(), -LR);
                }
            }
        }
    }
}
