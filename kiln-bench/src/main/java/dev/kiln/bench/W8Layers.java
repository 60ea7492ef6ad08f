package dev.kiln.bench;

import dev.kiln.autograd.GradMode;
import dev.kiln.nn.AdaptiveAvgPool2d;
import dev.kiln.nn.BatchNorm2d;
import dev.kiln.nn.Conv2d;
import dev.kiln.nn.Linear;
import dev.kiln.nn.Module;
import dev.kiln.nn.activation.ReLU;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Kiln;
import dev.kiln.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * W8 layer by layer (Kiln only; {@code kiln-bench/w8_layers_torch.py} prints PyTorch's side): every
 * distinct layer of ResNet-18 (CIFAR variant, batch 32) on its W8 input shape, forward and then backward
 * with a fixed random output gradient (input requiring grad, as in training), with how many times the
 * step runs it; best of 5 blocks after 30 warm-up calls and a warm-up block. Each record has wall-clock ms and the calling
 * thread's CPU ms per call: with {@code --threads 1} the kernels run on the calling thread, so the CPU
 * figure is a fair comparison even on a loaded machine. Multiplying by the count says where a W8 step's
 * time goes. The {@link Pass#INFERENCE} variant ({@code w9layers}; {@code w8_layers_torch.py 1 forward} on PyTorch's
 * side) times the same layers as W9's batch 32 runs them: evaluation mode, no grad, forward only.
 */
final class W8Layers implements Workload {
    /** Forward and backward calls of every layer before it is timed (JIT warm-up). */
    private static final int WARMUP_CALLS = 30;

    /** What is timed per layer. */
    enum Pass {
        /** Training mode, forward then backward with the input requiring grad (W8): records "w8_layer". */
        TRAINING,
        /** Evaluation mode, forward without grad (W9 batch 32): records "w9_layer". */
        INFERENCE
    }

    private final Pass pass;

    W8Layers(Pass pass) {
        this.pass = pass;
    }

    /** One layer of the network: a label, the module, its input shape and how often one step runs it. */
    private record Layer(String label, Module module, int[] input, int count) {
    }

    @Override
    public String id() {
        return pass == Pass.TRAINING ? "w8layers" : "w9layers";
    }

    @Override
    public String title() {
        return pass == Pass.TRAINING ? "ResNet-18 (W8) forward and backward per distinct layer, batch 32"
                : "ResNet-18 (W9) inference forward per distinct layer, batch 32";
    }

    static List<Layer> layers(int batch) {
        List<Layer> l = new ArrayList<>();
        l.add(new Layer("conv3x3 3->64 @32", conv(3, 64, 3, 1), new int[] {batch, 3, 32, 32}, 1));
        int[] widths = {64, 128, 256, 512};
        int in = 64;
        int size = 32;
        for (int w : widths) {
            int stride = w == 64 ? 1 : 2;
            int out = size / stride;
            if (stride == 2) {
                l.add(new Layer("conv3x3 " + in + "->" + w + " s2 @" + size, conv(in, w, 3, 2), new int[] {batch, in, size, size}, 1));
                l.add(new Layer("conv1x1 " + in + "->" + w + " s2 @" + size, conv(in, w, 1, 2), new int[] {batch, in, size, size}, 1));
            }
            l.add(new Layer("conv3x3 " + w + "->" + w + " @" + out, conv(w, w, 3, 1), new int[] {batch, w, out, out},
                    stride == 2 ? 3 : 4));
            l.add(new Layer("batchnorm " + w + " @" + out, new BatchNorm2d(w), new int[] {batch, w, out, out}, 5));
            l.add(new Layer("relu " + w + " @" + out, new ReLU(), new int[] {batch, w, out, out}, w == 64 ? 5 : 4));
            in = w;
            size = out;
        }
        l.add(new Layer("avgpool 512 @4", new AdaptiveAvgPool2d(1), new int[] {batch, 512, 4, 4}, 1));
        l.add(new Layer("linear 512->10", new Linear(512, 10), new int[] {batch, 512}, 1));
        return l;
    }

    private static Conv2d conv(int in, int out, int k, int stride) {
        return new Conv2d(in, out, k, Conv2d.Options.defaults().withStride(stride).withPadding(k / 2).withBias(false));
    }

    @Override
    public void run(BenchContext ctx) {
        Kiln.manualSeed(0);
        Generator g = new Generator(0);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int blocks = ctx.quick() ? 1 : 5;
        for (Layer layer : layers(W8ResNetTrain.BATCH)) {
            if (pass == Pass.INFERENCE) {
                try (var off = GradMode.disabled()) {
                    inference(ctx, layer, Tensor.randn(g, layer.input()), blocks);
                }
                continue;
            }
            Module m = layer.module().train();
            Tensor in = Tensor.randn(g, layer.input()).requiresGrad(true);
            Tensor gy = Tensor.randn(g, m.forward(in).shape());
            // C2 compiles the large generated kernels (LaneConv's, for the first layer) only after some 15 calls: with
            // the few calls a slow layer gets below, the first layer was timed in C1 code (33 ms instead of 2)
            for (int c = ctx.quick() ? 0 : WARMUP_CALLS; c > 0; c--) {
                m.forward(in).backward(gy);
                for (Tensor p : m.parameters()) {
                    p.setGrad(null);
                }
                in.setGrad(null);
            }
            long probe = System.nanoTime();
            m.forward(in).backward(gy);
            int calls = ctx.quick() ? 2 : (int) Math.max(3, Math.min(200, 0.3e9 / Math.max(1, System.nanoTime() - probe)));
            double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
            for (int b = 0; b < blocks + 1; b++) {
                long f = 0;
                long bw = 0;
                long fc = 0;
                long bc = 0;
                for (int c = 0; c < calls; c++) {
                    long c0 = mx.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    Tensor y = m.forward(in);
                    long t1 = System.nanoTime();
                    long c1 = mx.getCurrentThreadCpuTime();
                    y.backward(gy);
                    bc += mx.getCurrentThreadCpuTime() - c1;
                    bw += System.nanoTime() - t1;
                    f += t1 - t0;
                    fc += c1 - c0;
                    for (Tensor p : m.parameters()) {
                        p.setGrad(null);
                    }
                    in.setGrad(null);
                }
                if (b > 0) { // block 0 warms the JIT up
                    best[0] = Math.min(best[0], f / 1e6 / calls);
                    best[1] = Math.min(best[1], bw / 1e6 / calls);
                    best[2] = Math.min(best[2], fc / 1e6 / calls);
                    best[3] = Math.min(best[3], bc / 1e6 / calls);
                }
            }
            Map<String, Object> rec = ctx.record("w8_layer");
            rec.put("layer", layer.label());
            rec.put("count", layer.count());
            rec.put("forward_ms_best", best[0]);
            rec.put("backward_ms_best", best[1]);
            rec.put("forward_cpu_ms_best", best[2]);
            rec.put("backward_cpu_ms_best", best[3]);
            ctx.emit(rec);
        }
    }

    /** One "w9_layer" record: the layer in evaluation mode, forward only (grad off), best of the blocks. */
    private static void inference(BenchContext ctx, Layer layer, Tensor in, int blocks) {
        Module m = layer.module().eval();
        for (int c = ctx.quick() ? 0 : WARMUP_CALLS; c > 0; c--) {
            Sink.consume(m.forward(in));
        }
        long probe = System.nanoTime();
        Sink.consume(m.forward(in));
        int calls = ctx.quick() ? 2 : (int) Math.max(3, Math.min(200, 0.3e9 / Math.max(1, System.nanoTime() - probe)));
        BlockTiming best = BlockTiming.best(blocks, calls, () -> Sink.consume(m.forward(in)));
        Map<String, Object> rec = ctx.record("w9_layer");
        rec.put("layer", layer.label());
        rec.put("count", layer.count());
        rec.put("forward_ms_best", best.wallMs());
        rec.put("forward_cpu_ms_best", best.cpuMs());
        ctx.emit(rec);
    }
}
