package dev.kiln.tune;

import java.util.Arrays;
import java.util.function.LongFunction;

/**
 * Prints the median best-so-far regret over seeds 0–9 after 50 and 100 trials on Branin,
 * Hartmann-6 and Rosenbrock-10 (../shared/bench/HPO.md), for a sampler named on the command line
 * (tpe, tpe:startup:candidates[:minBandwidth[:ON|OFF multivariate]], random, qmc), and the sampler's time per 100 trials;
 * with more than 10 seeds also the median and mean log10 regret over all of them. Not a test: run by hand.
 */
public final class RegretMain {
    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "tpe";
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        System.out.println(which + ", seeds 0.." + (seeds - 1));
        String[] parts = which.split(":");
        LongFunction<Sampler> factory = switch (parts[0]) {
            case "tpe" -> parts.length == 1 ? Samplers::tpe : seed -> Samplers.tpe(seed, TpeOptions.defaults()
                    .withStartupTrials(Integer.parseInt(parts[1])).withEiCandidates(Integer.parseInt(parts[2]))
                    .withMinBandwidth(parts.length > 3 ? Double.parseDouble(parts[3]) : TpeOptions.DEFAULT_MIN_BANDWIDTH)
                    .withMultivariate(parts.length > 4 ? TpeOptions.Mode.valueOf(parts[4]) : TpeOptions.Mode.AUTO));
            case "random" -> Samplers::random;
            case "qmc" -> Samplers::qmc;
            default -> throw new IllegalArgumentException("unknown sampler " + which);
        };
        run("Branin", TestFunctions.BRANIN, factory, seeds);
        run("Hartmann-6", TestFunctions.HARTMANN6, factory, seeds);
        run("Rosenbrock-10", TestFunctions.ROSENBROCK10, factory, seeds);
    }

    private static void run(String name, Objective f, LongFunction<Sampler> factory, int seeds) {
        double[] at50 = new double[seeds];
        double[] at100 = new double[seeds];
        long t0 = System.nanoTime();
        for (int s = 0; s < seeds; s++) {
            Study study = Study.minimize(factory.apply(s));
            study.optimize(f, 100);
            double best = Double.POSITIVE_INFINITY;
            for (FrozenTrial t : study.trials()) {
                best = Math.min(best, t.value());
                if (t.number() == 49) {
                    at50[s] = best;
                }
            }
            at100[s] = best;
        }
        double secondsPer100 = (System.nanoTime() - t0) / 1e9 / seeds;
        System.out.printf("%-14s median@100 %.4g  median@50 %.4g  s/100 trials %.3f%s%n", name,
                median(Arrays.copyOf(at100, Math.min(10, seeds))), median(Arrays.copyOf(at50, Math.min(10, seeds))), secondsPer100,
                seeds > 10 ? String.format("  all %d seeds: median@100 %.4g  median@50 %.4g  mean log10@100 %.3f", seeds, median(at100), median(at50), meanLog(at100)) : "");
    }

    private static double meanLog(double[] v) {
        double s = 0;
        for (double x : v) {
            s += Math.log10(Math.max(x, 1e-12));
        }
        return s / v.length;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
