package dev.kiln.bench;

import dev.kiln.autograd.GradMode;
import dev.kiln.backend.Workspace;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.ReLU;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Map;

/** W6: W2's MLP (784-512-256-10, the nn modules) forward without grad, batch 1 and 128; µs per batch. */
final class W6MlpInference implements Workload {
    @Override
    public String id() {
        return "w6";
    }

    @Override
    public String title() {
        return "MLP 784-512-256-10 forward, no grad, batch 1 and 128";
    }

    @Override
    public void run(BenchContext ctx) {
        Generator g = new Generator(0);
        Module model = new Sequential(new Linear(784, 512, g), ReLU.inPlace(), new Linear(512, 256, g), ReLU.inPlace(),
                new Linear(256, 10, g)).eval();
        int[][] cases = {{1, 20_000}, {128, 5_000}};
        for (int[] c : cases) {
            int batch = c[0];
            Tensor x = Tensor.randn(g, batch, 784);
            // a serving loop: the GEMMs' packing buffers are reused from one call to the next (one Workspace)
            Workspace workspace = new Workspace();
            Runnable fwd = () -> workspace.run(() -> {
                try (var off = GradMode.disabled()) {
                    Sink.consume(model.forward(x));
                }
            });
            ctx.loopBench("w6_mlp_infer", fwd, c[1], 3, 20, Map.of("batch", batch), 2.0);
        }
    }
}
