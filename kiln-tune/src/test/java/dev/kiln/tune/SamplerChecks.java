package dev.kiln.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
