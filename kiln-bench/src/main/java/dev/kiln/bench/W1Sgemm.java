package dev.kiln.bench;

import dev.kiln.backend.Workspace;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.util.Map;

/** W1: SGEMM C = A·B in float32 for square n; GFLOP/s = 2n³/t with t the median single-call time. */
final class W1Sgemm implements Workload {
    @Override
    public String id() {
        return "w1";
    }

    @Override
    public String title() {
        return "SGEMM C = A·B, float32, square n";
    }

    @Override
    public void run(BenchContext ctx) {
        double budget = ctx.quick() ? 0.2 : 1.5;
        for (int n : ctx.options().sizes()) {
            Generator g = new Generator(0);
            Tensor a = Tensor.randn(g, n, n);
            Tensor b = Tensor.randn(g, n, n);
            try {
                a.matmul(b);
            } catch (UnsupportedOperationException e) {
                throw new PendingException("W1 needs Tensor.matmul (" + e.getMessage() + " is not implemented yet)");
            }
            // the product's packing buffers are reused from one call to the next, as a BLAS library keeps its own: the
            // calls run in one Workspace (without one, each call allocates them, docs/benchmarks.md session 9)
            Workspace workspace = new Workspace();
            BenchContext.CallTimes ct = ctx.timeCalls(() -> workspace.run(() -> Sink.consume(a.matmul(b))), 3, budget, 2000,
                    n >= 1024 ? 1 : 3);
            Stats s = Stats.of(ct.seconds());
            double flops = 2.0 * n * n * n;
            Map<String, Object> rec = ctx.record("w1_sgemm");
            rec.put("n", n);
            rec.put("gflops_median", flops / s.median() / 1e9);
            rec.put("gflops_best", flops / s.min() / 1e9);
            rec.put("gflops_worst", flops / s.max() / 1e9);
            rec.put("ms_median", s.median() * 1e3);
            rec.put("reps", s.n());
            rec.put("foreign_cpus", ct.clean().probe().foreignCpus);
            rec.put("steal_cpus", ct.clean().probe().stealCpus);
            rec.put("discarded_noisy_attempts", ct.clean().discarded());
            ctx.emit(rec);
        }
    }
}
