package dev.kiln.tune.gp;

import java.util.List;

/**
 * The sum of acquisition functions, a(x) = Σ_i a_i(x): e.g. log EI + Σ log P(feasible), the log of the
 * product EI·Π P(feasible). The length scales for preconditioning are those of the first term.
 */
public final class SumAcquisition implements Acquisition {
    private final List<Acquisition> terms;

    /** @param terms at least one */
    public SumAcquisition(List<Acquisition> terms) {
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("SumAcquisition: no terms");
        }
        this.terms = List.copyOf(terms);
    }

    @Override
    public double value(double[] x) {
        double s = 0;
        for (Acquisition a : terms) {
            s += a.value(x);
        }
        return s;
    }

    @Override
    public double valueAndGradient(double[] x, double[] gradient) {
        java.util.Arrays.fill(gradient, 0.0);
        double[] g = new double[x.length];
        double s = 0;
        for (Acquisition a : terms) {
            s += a.valueAndGradient(x, g);
            for (int j = 0; j < g.length; j++) {
                gradient[j] += g[j];
            }
        }
        return s;
    }

    @Override
    public double[] lengthScales() {
        return terms.getFirst().lengthScales();
    }
}
