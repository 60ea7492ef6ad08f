package dev.kiln.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@link Bench}, with the same meaning as {@code bench_torch.py}'s.
 *
 * @param workloads workload ids in run order, lower case ({@code w1}, {@code w4} …)
 * @param threads the number of threads ops may use
 * @param config a free label written into every record
 * @param out a JSONL file the records are appended to, or null
 * @param sizes the matrix sizes of W1
 * @param quick tiny iteration counts (smoke test)
 * @param compare with {@code --compare KILN.jsonl TORCH.jsonl}: the two files to tabulate instead of running
 * @param seeds the number of seeds (0…seeds−1) of the hpo workload
 * @param samplers the samplers the hpo workload runs (empty: all)
 */
public record BenchOptions(List<String> workloads, int threads, String config, String out, int[] sizes, boolean quick,
                           List<String> compare, int seeds, List<String> samplers) {

    static final String USAGE = """
            usage: Bench --workload W1[,W4,...] [--threads N] [--config NAME] [--out FILE.jsonl]
                         [--sizes 64,128,...] [--quick] [--seeds 10] [--samplers gp,tpe,...]
                   Bench --compare KILN.jsonl TORCH.jsonl
              workloads: W1 SGEMM, W2 MLP train, W3 LeNet train, W4 overhead, W5 element-wise, W6 MLP inference,
                W3LAYERS LeNet per layer (Kiln only; PyTorch: kiln-bench/w3_layers_torch.py),
                HPO hyper-parameter search (../shared/bench/HPO.md; Optuna: kiln-bench/hpo_optuna.py)
              (see /work/shared/bench/WORKLOADS.md; the records have bench_torch.py's field names)""";

    /** Parses the arguments; throws IllegalArgumentException with the usage on bad input. */
    public static BenchOptions parse(String... args) {
        List<String> workloads = new ArrayList<>();
        int threads = 2;
        String config = "kiln";
        String out = null;
        int[] sizes = {64, 128, 256, 512, 1024, 2048};
        boolean quick = false;
        List<String> compare = null;
        int seeds = 10;
        List<String> samplers = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--workload", "-w" -> {
                    for (String w : value(args, ++i, a).split(",")) {
                        if (!w.isBlank()) {
                            workloads.add(w.trim().toLowerCase(java.util.Locale.ROOT));
                        }
                    }
                }
                case "--threads" -> threads = Integer.parseInt(value(args, ++i, a));
                case "--config" -> config = value(args, ++i, a);
                case "--out" -> out = value(args, ++i, a);
                case "--sizes" -> {
                    String[] p = value(args, ++i, a).split(",");
                    sizes = new int[p.length];
                    for (int k = 0; k < p.length; k++) {
                        sizes[k] = Integer.parseInt(p[k].trim());
                    }
                }
                case "--quick" -> quick = true;
                case "--seeds" -> seeds = Integer.parseInt(value(args, ++i, a));
                case "--samplers" -> {
                    for (String name : value(args, ++i, a).split(",")) {
                        if (!name.isBlank()) {
                            samplers.add(name.trim());
                        }
                    }
                }
                case "--compare" -> compare = List.of(value(args, ++i, a), value(args, ++i, a));
                case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
                    }
                    workloads.add(a.toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
        }
        if (workloads.isEmpty() && compare == null) {
            throw new IllegalArgumentException("no workload given\n" + USAGE);
        }
        return new BenchOptions(List.copyOf(workloads), threads, config, out, sizes, quick, compare, seeds,
                List.copyOf(samplers));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }
}
