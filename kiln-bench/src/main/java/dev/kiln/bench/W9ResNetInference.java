package dev.kiln.bench;

import dev.kiln.autograd.GradMode;
import dev.kiln.backend.Workspace;
import dev.kiln.nn.Module;
import dev.kiln.nn.zoo.Models;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;
import java.util.Map;

/** W9: W8's ResNet-18 in evaluation mode, forward without grad, batch 1 and 32; time per batch. */
final class W9ResNetInference implements Workload {
    @Override
    public String id() {
        return "w9";
    }

    @Override
    public String title() {
        return "ResNet-18 (CIFAR variant) forward in eval mode, no grad, batch 1 and 32";
    }

    @Override
    public void run(BenchContext ctx) {
        Kiln.manualSeed(0);
        Module model = Models.resnet18(3, 10).eval();
        Generator g = new Generator(0);
        int[][] cases = {{1, 200}, {32, 20}};
        for (int[] c : cases) {
            int batch = c[0];
            Tensor x = Tensor.randn(g, batch, 3, 32, 32);
            // a serving loop: the convolutions' column buffers and GEMM scratch are reused from one call to the next
            // (one Workspace; without it each convolution call allocates its own, docs/benchmarks.md session 9)
            Workspace workspace = new Workspace();
            Runnable fwd = () -> workspace.run(() -> {
                try (var off = GradMode.disabled()) {
                    Sink.consume(model.forward(x));
                }
            });
            ctx.loopBench("w9_resnet18_infer", fwd, c[1], 3, 5, Map.of("batch", batch), 2.0);
        }
    }
}
