package dev.kiln.cli.lab;

import dev.kiln.autograd.GradMode;
import dev.kiln.nn.functional.Entropy;
import dev.kiln.nn.functional.Softmax;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Generator;
import dev.kiln.tensor.Tensor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Entropy, cross-entropy and relative entropy in nats: self-information I(x) = −log p(x); the
 * Bernoulli entropy H(p) = −p log p − (1 − p) log(1 − p), largest (ln 2) at p = ½; and, on random
 * distributions P, Q, the identity H(P, Q) = D_KL(P‖Q) + H(P) with D_KL ≥ 0 (zero only for P = Q).
 * Computed with {@link Entropy}.
 */
final class EntropyExperiment extends DescribedExperiment {
    /** Pairs of random distributions checked. */
    static final int PAIRS = 10_000;
    /** Outcomes per random distribution. */
    static final int OUTCOMES = 6;

    EntropyExperiment() {
        super("entropy", "Entropy, cross-entropy and KL divergence", Chapter.S000,
                "Self-information is −log p; the Bernoulli entropy is largest, ln 2, at p = 0.5 and 0 at p = 0 or 1; "
                        + "cross-entropy = relative entropy + entropy, H(P,Q) = D_KL(P‖Q) + H(P), and D_KL ≥ 0 with equality for P = Q.");
    }

    /** The identity check on random pairs: {max |H(P,Q) − D_KL − H(P)|, min D_KL, max |D_KL(P‖P)|}. */
    static double[] identity(long seed) {
        Generator g = new Generator(seed);
        try (var off = GradMode.disabled()) {
            Tensor p = Softmax.softmax(Tensor.randn(g, PAIRS, OUTCOMES).mul(2).to(DType.FLOAT64), 1);
            Tensor q = Softmax.softmax(Tensor.randn(g, PAIRS, OUTCOMES).mul(2).to(DType.FLOAT64), 1);
            Tensor h = Entropy.entropy(p, 1);
            Tensor hpq = Entropy.crossEntropy(p, q, 1);
            Tensor kl = Entropy.klDivergence(p, q, 1);
            return new double[] {hpq.sub(kl).sub(h).abs().max().item(), kl.min().item(),
                Entropy.klDivergence(p, p, 1).abs().max().item()};
        }
    }

    @Override
    public Finding run(LabReport r, long seed) throws IOException {
        double[] p = grid(0, 1, 201);
        Tensor pt = Tensor.fromArray(p, p.length).to(DType.FLOAT64);
        double[] hb = Entropy.binaryEntropy(pt).toDoubleArray();
        double[] selfInfo = grid(0.01, 1, 100);
        double[] info = Tensor.fromArray(selfInfo, selfInfo.length).to(DType.FLOAT64).log().neg().toDoubleArray();
        r.lineChart("self_information.png", "Self-information I(x) = −log p(x): rare outcomes carry more information", "p(x)",
                "I(x) in nats", selfInfo, Map.of("−log p", info), false);
        r.lineChart("bernoulli_entropy.png", "Entropy of a Bernoulli(p) distribution", "p", "H(p) in nats", p,
                Map.of("H(p)", hb), false);
        double[] id = identity(seed);
        // D_KL(P‖Q) as Q moves away from P = (0.5, 0.3, 0.2) along Q(t) = (1 − t)P + t·(0.1, 0.1, 0.8)
        double[] t = grid(0, 0.99, 100);
        double[] kl = new double[t.length];
        double[] ce = new double[t.length];
        double[] hP = new double[t.length];
        Tensor pp = Tensor.of(0.5, 0.3, 0.2);
        Tensor far = Tensor.of(0.1, 0.1, 0.8);
        for (int i = 0; i < t.length; i++) {
            Tensor q = pp.mul(1 - t[i]).add(far.mul(t[i]));
            kl[i] = Entropy.klDivergence(pp, q, 0).item();
            ce[i] = Entropy.crossEntropy(pp, q, 0).item();
            hP[i] = Entropy.entropy(pp, 0).item();
        }
        Map<String, double[]> s = new LinkedHashMap<>();
        s.put("H(P,Q)", ce);
        s.put("D_KL(P‖Q)", kl);
        s.put("H(P)", hP);
        r.lineChart("cross_entropy.png", "H(P,Q) = D_KL(P‖Q) + H(P) as Q moves away from P = (0.5, 0.3, 0.2)", "t", "nats", t, s,
                false);
        r.table(List.of("check", "value"), List.of(
                List.of("Bernoulli H(0.5)", String.format(Locale.ROOT, "%.6f", hb[100])),
                List.of("ln 2", String.format(Locale.ROOT, "%.6f", Math.log(2))),
                List.of("Bernoulli H(0), H(1)", LabReport.num(hb[0] + 0.0) + ", " + LabReport.num(hb[200] + 0.0)),
                List.of("max |H(P,Q) − D_KL(P‖Q) − H(P)| over " + PAIRS + " random pairs", LabReport.num(id[0])),
                List.of("min D_KL(P‖Q) over the pairs", LabReport.num(id[1])),
                List.of("max |D_KL(P‖P)|", LabReport.num(id[2]))));
        int peak = 0;
        for (int i = 1; i < hb.length; i++) {
            peak = hb[i] > hb[peak] ? i : peak;
        }
        boolean holds = peak == 100 && Math.abs(hb[100] - Math.log(2)) < 1e-12 && hb[0] == 0 && hb[200] == 0 && id[0] < 1e-12
                && id[1] >= 0 && id[2] < 1e-12;
        return new Finding(String.format(Locale.ROOT, "Bernoulli entropy peaks at p = %s with %.6f (ln 2 = %.6f), H(0) = %s, "
                + "H(1) = %s; max |H(P,Q) − D_KL − H(P)| = %s and min D_KL = %s over %d random pairs",
                LabReport.num(p[peak]), hb[peak], Math.log(2), LabReport.num(hb[0] + 0.0), LabReport.num(hb[200] + 0.0), LabReport.num(id[0]),
                LabReport.num(id[1]), PAIRS), holds);
    }
}
