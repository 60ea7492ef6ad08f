package dev.kiln.bench;

import dev.kiln.backend.cpu.Parallel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kiln's side of the standard workloads W1–W9 (WORKLOADS.md), mirroring {@code bench_torch.py}:
 * same definitions, same protocol, one JSON record per figure with the same field names.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... dev.kiln.bench.Bench --workload W1 --threads 2
 * java ... dev.kiln.bench.Bench --compare kiln.jsonl torch.jsonl     # side-by-side Markdown table
 * </pre>
 *
 * A workload whose building blocks are not in the library yet emits
 * {@code {"bench": …, "status": "pending", "reason": …}} instead of figures.
 */
public final class Bench {
    private Bench() {
    }

    /** Every workload by id, in run order. */
    static Map<String, Workload> workloads() {
        Map<String, Workload> m = new LinkedHashMap<>();
        for (Workload w : List.of(new W1Sgemm(), new W2MlpTrain(), new W3LeNetTrain(), new W4Overhead(),
                new W5Elementwise(), new W6MlpInference(), new W7VggTrain(), new W8ResNetTrain(), new W9ResNetInference(), new W3Layers(),
                new W8Layers(W8Layers.Pass.TRAINING), new W8Layers(W8Layers.Pass.INFERENCE), new HpoWorkload())) {
            m.put(w.id(), w);
        }
        return m;
    }

    /** The bench name a pending workload's record carries. */
    static String pendingName(String id) {
        return switch (id) {
            case "w1" -> "w1_sgemm";
            case "w2" -> "w2_mlp_train";
            case "w3" -> "w3_lenet_train";
            case "w4" -> "w4c_tiny_train_step";
            case "w6" -> "w6_mlp_infer";
            case "w7" -> "w7_cifar_vgg_train";
            case "w8" -> "w8_resnet18_train";
            case "w9" -> "w9_resnet18_infer";
            default -> id;
        };
    }

    public static void main(String[] args) throws IOException {
        BenchOptions o;
        try {
            o = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (o.compare() != null) {
            Compare.run(Path.of(o.compare().get(0)), Path.of(o.compare().get(1)));
            return;
        }
        Map<String, Workload> all = workloads();
        for (String id : o.workloads()) {
            if (!all.containsKey(id)) {
                System.err.println("unknown workload " + id + " (known: " + String.join(", ", all.keySet()) + ")");
                System.exit(2);
            }
        }
        Parallel.setThreads(o.threads());
        BenchContext ctx = new BenchContext(o, System.out);
        for (String id : o.workloads()) {
            try {
                all.get(id).run(ctx);
            } catch (Workload.PendingException e) {
                Map<String, Object> rec = ctx.record(pendingName(id));
                rec.put("status", "pending");
                rec.put("reason", e.getMessage());
                ctx.emit(rec);
            }
        }
        System.exit(0);
    }
}
