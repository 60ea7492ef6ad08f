package dev.kiln.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/** Checks shared by the tests of the model-based samplers (GP, CMA-ES, GA). */
public final class SamplerChecks {
    private SamplerChecks() {}

    /** A shifted quadratic on [−5, 5]², minimum 0 at (1.5, −2). */
    public static double quadratic(Trial t) {
        double x = t.suggestFloat("x", -5, 5);
        double y = t.suggestFloat("y", -5, 5);
        return (x - 1.5) * (x - 1.5) + (y + 2) * (y + 2);
    }

    /**
     * A mixed, conditional space: a categorical, a log float, an int, and a float that exists only for
     * one choice. Minimum 0 at kind=b, lr=1e-2, n=3, extra=0.25.
     */
    public static double mixed(Trial t) {
        String kind = t.suggestCategorical("kind", List.of("a", "b", "c"));
        double lr = t.suggestLogFloat("lr", 1e-4, 1e-1);
        int n = t.suggestInt("n", 1, 8);
        double extra = kind.equals("b") ? t.suggestFloat("extra", -1, 1) : 0.25;
        double penalty = kind.equals("b") ? 0 : 1;
        return Math.pow(Math.log10(lr) + 2, 2) + 0.1 * (n - 3) * (n - 3) + penalty + (extra - 0.25) * (extra - 0.25);
    }

    /** The best value of {@code trials} trials of {@code objective} under the sampler for {@code seed}. */
    public static Study run(LongFunction<Sampler> sampler, long seed, Objective objective, int trials) {
        Study study = Study.minimize(sampler.apply(seed));
        study.optimize(objective, trials);
        return study;
    }

    /** Two studies with the same seed propose the same parameters, trial by trial; another seed differs. */
    public static void assertDeterministic(LongFunction<Sampler> sampler, Objective objective, int trials) {
        List<FrozenTrial> a = run(sampler, 7, objective, trials).trials();
        List<FrozenTrial> b = run(sampler, 7, objective, trials).trials();
        for (int i = 0; i < trials; i++) {
            assertEquals(a.get(i).params(), b.get(i).params(), "trial " + i);
        }
        List<FrozenTrial> c = run(sampler, 8, objective, trials).trials();
        assertTrue(!a.getLast().params().equals(c.getLast().params()), "seeds 7 and 8 gave the same last trial");
    }

    /**
     * The relative sample does not depend on the iteration order of the search-space map (the study hands
     * samplers a {@code Map.copyOf}, whose order changes from one JVM to the next): two samplers with the
     * same seed, given the same history and the space in opposite orders, propose the same point.
     */
    public static void assertIndependentOfSpaceOrder(LongFunction<Sampler> sampler) {
        Study study = run(Samplers::random, 0, t -> {
            double s = 0;
            for (String name : List.of("a", "b", "c", "d")) {
                double v = t.suggestFloat(name, -1, 1);
                s += v * v;
            }
            return s + t.suggestInt("n", 0, 9);
        }, 25);
        FrozenTrial pending = study.ask().frozen();
        Map<String, Distribution> space = SearchSpaces.intersection(study.trials(), TrialState.COMPLETE);
        List<String> names = new ArrayList<>(space.keySet());
        Map<String, Distribution> forward = new LinkedHashMap<>();
        names.forEach(n -> forward.put(n, space.get(n)));
        Map<String, Distribution> backward = new LinkedHashMap<>();
        names.reversed().forEach(n -> backward.put(n, space.get(n)));
        List<Map<String, Object>> proposals = new ArrayList<>();
        for (Map<String, Distribution> order : List.of(forward, backward)) {
            Sampler s = sampler.apply(3);
            for (FrozenTrial t : study.trials()) {
                s.beforeTrial(study, t);
            }
            proposals.add(new TreeMap<>(s.sampleRelative(study, pending, order)));
        }
        assertEquals(5, proposals.getFirst().size(), "a relative sample of all 5 parameters: " + proposals.getFirst());
        assertEquals(proposals.getFirst(), proposals.getLast());
    }

    /** Every trial of a mixed, conditional study holds values in range and the sampler makes progress. */
    public static Study assertHandlesMixedSpace(LongFunction<Sampler> sampler, int trials, double target) {
        Study study = run(sampler, 0, SamplerChecks::mixed, trials);
        for (FrozenTrial t : study.trials()) {
            assertEquals(TrialState.COMPLETE, t.state(), "trial " + t.number() + " " + t.systemAttrs());
            for (var e : t.params().entrySet()) {
                Distribution d = t.distributions().get(e.getKey());
                assertTrue(d.contains(d.toInternal(e.getValue())), e + " outside " + d);
            }
            assertEquals("b".equals(t.params().get("kind")), t.params().containsKey("extra"));
        }
        assertTrue(study.bestValue() < target, "best " + study.bestValue() + " not below " + target);
        return study;
    }
}
