package dev.kiln.tune;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Quasi-Monte Carlo search (Optuna's QMCSampler): trial i takes point i of a scrambled Sobol
 * sequence over the search space of the first completed trial, mapped through each parameter's
 * uniform (log-uniform for log ranges) inverse CDF. Points of a scrambled Sobol sequence cover the
 * box more evenly than independent random draws. Trials before the space is known, and
 * parameters outside it, are drawn at random. The point index is the trial number, so parallel
 * and sequential studies draw the same points.
 */
final class QmcSampler implements Sampler {
    private final long seed;
    private final RandomSampler random;
    private volatile Sobol sobol;
    private volatile Map<String, Distribution> space;
    private volatile int firstNumber;

    QmcSampler(long seed) {
        this.seed = seed;
        this.random = new RandomSampler(seed);
    }

    @Override
    public Map<String, Distribution> inferRelativeSearchSpace(Study study, FrozenTrial trial) {
        if (space == null) {
            synchronized (this) {
                if (space == null) {
                    for (FrozenTrial t : study.trials()) {
                        if (t.state() == TrialState.COMPLETE) {
                            Map<String, Distribution> s = new LinkedHashMap<>();
                            new java.util.TreeMap<>(t.distributions()).forEach((k, v) -> {
                                if (!v.isSingle()) {
                                    s.put(k, v);
                                }
                            });
                            if (s.isEmpty()) {
                                return Map.of();
                            }
                            sobol = new Sobol(s.size(), seed, Sobol.Scrambling.SCRAMBLED);
                            firstNumber = t.number();
                            space = s;
                            break;
                        }
                    }
                }
            }
        }
        return space == null ? Map.of() : space;
    }

    @Override
    public Map<String, Object> sampleRelative(Study study, FrozenTrial trial, Map<String, Distribution> search) {
        if (search.isEmpty() || space == null) {
            return Map.of();
        }
        long index = trial.number() - firstNumber - 1L;
        if (index < 0) {
            return Map.of();
        }
        double[] u = sobol.point(index);
        Map<String, Object> out = new LinkedHashMap<>();
        int j = 0;
        for (Map.Entry<String, Distribution> e : space.entrySet()) {
            if (search.containsKey(e.getKey())) {
                out.put(e.getKey(), e.getValue().toExternal(RandomSampler.fromUnit(u[j], e.getValue())));
            }
            j++;
        }
        return out;
    }

    @Override
    public Object sampleIndependent(Study study, FrozenTrial trial, String name, Distribution distribution) {
        return random.sampleIndependent(study, trial, name, distribution);
    }
}
