package dev.kiln.bench;

import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Map;

/**
 * W5: element-wise ops on 16M float32: relu(x) and x·2+1, out of place and into preallocated
 * outputs; effective GB/s = (bytes of x read + bytes of y written) / t = 2·4·16M / t.
 * The preallocated x·2+1 runs as two ops (into tmp, then into out), as PyTorch's does.
 */
final class W5Elementwise implements Workload {
    static final int N = 16 * 1024 * 1024;

    @Override
    public String id() {
        return "w5";
    }

    @Override
    public String title() {
        return "element-wise relu and x*2+1 on 16M float32";
    }

    @Override
    public void run(BenchContext ctx) {
        Tensor x = Tensor.randn(new Generator(0), N);
        Tensor out = Tensor.empty(dev.kiln.tensor.DType.FLOAT32, N);
        Tensor tmp = Tensor.empty(dev.kiln.tensor.DType.FLOAT32, N);
        double effBytes = 2.0 * 4 * N;
        Object[][] cases = {
            {"relu", (Runnable) () -> Sink.touch(x.relu()), 2},
            {"mul2_add1", (Runnable) () -> Sink.touch(x.mul(2).add(1)), 4},
            {"relu_into_prealloc", (Runnable) () -> Sink.touch(x.reluInto(out)), 2},
            {"mul2_add1_into_prealloc", (Runnable) () -> Sink.touch(x.mulInto(2, tmp).addInto(1, out)), 4},
        };
        for (Object[] c : cases) {
            String name = (String) c[0];
            Runnable fn = (Runnable) c[1];
            int passes = (Integer) c[2];
            System.gc(); // start each figure from a clean heap: x, tmp and out move to the old generation once
            BenchContext.CallTimes ct = ctx.timeCalls(fn, 10, ctx.quick() ? 0.3 : 2.0, 200, 3);
            Stats s = Stats.of(ct.seconds());
            Map<String, Object> rec = ctx.record("w5_elementwise");
            rec.put("op", name);
            rec.put("n", N);
            rec.put("reps", s.n());
            rec.put("ms_median", s.median() * 1e3);
            rec.put("ms_min", s.min() * 1e3);
            rec.put("ms_max", s.max() * 1e3);
            rec.put("eff_gbs_median", effBytes / s.median() / 1e9);
            rec.put("eff_gbs_best", effBytes / s.min() / 1e9);
            rec.put("eff_gbs_worst", effBytes / s.max() / 1e9);
            rec.put("actual_passes_of_64MB", passes);
            rec.put("actual_gbs_median", passes * 4.0 * N / s.median() / 1e9);
            rec.put("foreign_cpus", ct.clean().probe().foreignCpus);
            rec.put("discarded_noisy_attempts", ct.clean().discarded());
            ctx.emit(rec);
        }
    }
}
