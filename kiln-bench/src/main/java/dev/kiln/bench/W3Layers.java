package dev.kiln.bench;

import dev.kiln.nn.Module;
import dev.kiln.nn.Sequential;
import dev.kiln.nn.zoo.Models;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * W3 layer by layer (Kiln only; {@code kiln-bench/w3_layers_torch.py} prints PyTorch's side): each
 * layer of LeNet-5 on its W3 input (batch 64), forward and then backward with a fixed random output
 * gradient, 300 calls, best of 5 blocks, µs per call. The input of every layer but the first requires
 * grad (so the backward computes it, as in training); it is a leaf here, so its gradient is dropped after
 * each call. Where W3 loses time, this says which layer.
 */
final class W3Layers implements Workload {
    @Override
    public String id() {
        return "w3layers";
    }

    @Override
    public String title() {
        return "LeNet-5 (W3) forward and backward per layer, batch 64";
    }

    @Override
    public void run(BenchContext ctx) {
        Kiln.manualSeed(0);
        Sequential model = Models.lenet5(10);
        Generator g = new Generator(0);
        List<Module> layers = new ArrayList<>();
        model.children().forEach(layers::add);
        Tensor x = Tensor.randn(g, W3LeNetTrain.BATCH, 1, 28, 28);
        int calls = ctx.quick() ? 3 : 300;
        int blocks = ctx.quick() ? 1 : 5;
        for (int i = 0; i < layers.size(); i++) {
            Module layer = layers.get(i);
            Tensor in = x.detach().requiresGrad(i > 0);
            Tensor out = layer.forward(in);
            Tensor gy = Tensor.randn(g, out.shape());
            double bestF = Double.MAX_VALUE;
            double bestB = Double.MAX_VALUE;
            for (int b = 0; b < blocks + 1; b++) {
                long f = 0;
                long bw = 0;
                for (int c = 0; c < calls; c++) {
                    long t0 = System.nanoTime();
                    Tensor y = layer.forward(in);
                    long t1 = System.nanoTime();
                    y.backward(gy);
                    bw += System.nanoTime() - t1;
                    f += t1 - t0;
                    for (Tensor p : layer.parameters()) {
                        p.setGrad(null);
                    }
                    if (in.requiresGrad()) {
                        in.setGrad(null);
                    }
                }
                if (b > 0) {
                    // block 0 warms the JIT up
                    bestF = Math.min(bestF, f / 1e3 / calls);
                    bestB = Math.min(bestB, bw / 1e3 / calls);
                }
            }
            Map<String, Object> rec = ctx.record("w3_layer");
            rec.put("index", i);
            rec.put("layer", layer.getClass().getSimpleName());
            rec.put("forward_us_best", bestF);
            rec.put("backward_us_best", bestB);
            ctx.emit(rec);
            x = out.detach();
        }
    }
}
