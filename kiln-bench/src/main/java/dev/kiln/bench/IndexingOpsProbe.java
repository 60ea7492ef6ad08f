package dev.kiln.bench;

import dev.kiln.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Times the float32 indexing ops that training uses — index_select forward and backward (an embedding
 * lookup), gather's backward (scatter-add), argmax for accuracy, max along a dimension, cumsum, the
 * comparisons and sort — as the median µs per call of nine batches after a warm-up, printed on one line
 * after a label. Run it on two builds alternately to compare them (docs/benchmarks.md, session 9 "index").
 *
 * <pre>{@code
 * java --add-modules jdk.incubator.vector -cp kiln-core/target/classes:kiln-bench/target/classes \
 *     dev.kiln.bench.IndexingOpsProbe branch
 * }</pre>
 */
public final class IndexingOpsProbe {
    private IndexingOpsProbe() {
    }

    /** {@return the median µs per call of {@code op} over nine batches of 40 calls, after 300 warm-up calls} */
    private static double time(Supplier<Tensor> op) {
        for (int i = 0; i < 300; i++) {
            Sink.consume(op.get());
        }
        double[] t = new double[9];
        for (int b = 0; b < t.length; b++) {
            int reps = 40;
            long s = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                Sink.consume(op.get());
            }
            t[b] = (System.nanoTime() - s) / 1e3 / reps;
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }

    /**
     * Prints the label and the time of each op.
     *
     * @param args the label of the build measured (one argument)
     */
    public static void main(String[] args) {
        Tensor table = Tensor.randn(10000, 64);
        Tensor rows = Tensor.randint(0, 10000, 4096);
        Tensor logits = Tensor.randn(256, 1000);
        Tensor targets = Tensor.randint(0, 1000, 256, 1);
        Tensor cube = Tensor.randn(64, 128, 256);
        Tensor a = Tensor.randn(1 << 20);
        Tensor b = Tensor.randn(1 << 20);
        StringBuilder out = new StringBuilder(args.length > 0 ? args[0] : "kiln");
        out.append(String.format(" indexSelect %.1f", time(() -> table.indexSelect(0, rows))));
        out.append(String.format(" indexSelect+bwd %.1f", time(() -> {
            Tensor w = table.detach().requiresGrad(true);
            w.indexSelect(0, rows).sum().backward();
            return w.grad();
        })));
        out.append(String.format(" gather+bwd %.1f", time(() -> {
            Tensor z = logits.detach().requiresGrad(true);
            z.gather(1, targets).sum().backward();
            return z.grad();
        })));
        out.append(String.format(" argmax %.1f", time(() -> logits.argmax(1, false))));
        out.append(String.format(" max(dim1) %.1f", time(() -> logits.max(1).values())));
        out.append(String.format(" max(mid) %.1f", time(() -> cube.max(1).values())));
        out.append(String.format(" cumsum(1) %.1f", time(() -> logits.cumsum(1))));
        out.append(String.format(" cumsum(0) %.1f", time(() -> logits.cumsum(0))));
        out.append(String.format(" eq %.1f", time(() -> a.eq(b))));
        out.append(String.format(" lt(0.5) %.1f", time(() -> a.lt(0.5))));
        out.append(String.format(" sort %.1f", time(() -> logits.sort(1, false).values())));
        System.out.println(out);
    }
}
