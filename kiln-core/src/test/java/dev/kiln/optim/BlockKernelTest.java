package dev.kiln.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.kiln.optim.PerElementOptimizers.OldASGD;
import dev.kiln.optim.PerElementOptimizers.OldAdadelta;
import dev.kiln.optim.PerElementOptimizers.OldAdagrad;
import dev.kiln.optim.PerElementOptimizers.OldLAMB;
import dev.kiln.optim.PerElementOptimizers.OldLARS;
import dev.kiln.optim.PerElementOptimizers.OldNAdam;
import dev.kiln.optim.PerElementOptimizers.OldRAdam;
import dev.kiln.optim.PerElementOptimizers.OldRMSprop;
import dev.kiln.optim.PerElementOptimizers.OldRprop;
import dev.kiln.tensor.DType;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The element-wise optimisers' block kernels ({@link Elements#forEachBlock}) against the same
 * optimisers updating one element at a time ({@link PerElementOptimizers}), bit for bit: float32 over
 * sizes that end inside a block (1, 511, 1300 with blocks of 512) and float64, several steps, with the
 * options that switch branches (maximize, weight decay, centred RMSprop with momentum, ASGD past t0).
 */
class BlockKernelTest {
    private static final int STEPS = 4;

    /** One optimiser configuration, built both ways from the same parameter. */
    private record Case(String name, Function<Tensor, Optimizer<?>> blocks, Function<Tensor, Optimizer<?>> perElement) {
    }

    private static List<Case> cases() {
        var adagrad = Adagrad.Options.of(0.1).withLrDecay(0.01).withWeightDecay(0.02).withInitialAccumulatorValue(0.1).withMaximize(true);
        var rmsPlain = RMSprop.Options.of(0.01);
        var rmsFull = RMSprop.Options.of(0.01).withCentered(true).withMomentum(0.9).withWeightDecay(0.01).withMaximize(true);
        var nadam = NAdam.Options.of(0.01).withWeightDecay(0.01);
        var radamEarly = RAdam.Options.of(0.01).withWeightDecay(0.01);   // ρ_t ≤ 5 for the first steps
        var radamAdaptive = RAdam.Options.of(0.01).withBeta2(0.5);       // ρ_t > 5 from the first step
        var adadelta = Adadelta.Options.of(1.0).withWeightDecay(0.01).withMaximize(true);
        var asgd = ASGD.Options.of(0.05).withT0(2).withWeightDecay(0.01).withMaximize(true);
        var rprop = Rprop.Options.of(0.01).withMaximize(true);
        var lamb = LAMB.defaults(0.01).withWeightDecay(0.01);
        var lars = LARS.Options.of(0.1).withMomentum(0.9).withWeightDecay(1e-3);
        return List.of(
                new Case("Adagrad", p -> new Adagrad(List.of(p), adagrad), p -> new OldAdagrad(List.of(p), adagrad)),
                new Case("RMSprop", p -> new RMSprop(List.of(p), rmsPlain), p -> new OldRMSprop(List.of(p), rmsPlain)),
                new Case("RMSprop centred", p -> new RMSprop(List.of(p), rmsFull), p -> new OldRMSprop(List.of(p), rmsFull)),
                new Case("NAdam", p -> new NAdam(List.of(p), nadam), p -> new OldNAdam(List.of(p), nadam)),
                new Case("RAdam", p -> new RAdam(List.of(p), radamEarly), p -> new OldRAdam(List.of(p), radamEarly)),
                new Case("RAdam adaptive", p -> new RAdam(List.of(p), radamAdaptive), p -> new OldRAdam(List.of(p), radamAdaptive)),
                new Case("Adadelta", p -> new Adadelta(List.of(p), adadelta), p -> new OldAdadelta(List.of(p), adadelta)),
                new Case("ASGD", p -> new ASGD(List.of(p), asgd), p -> new OldASGD(List.of(p), asgd)),
                new Case("Rprop", p -> new Rprop(List.of(p), rprop), p -> new OldRprop(List.of(p), rprop)),
                new Case("LAMB", p -> new LAMB(List.of(p), lamb), p -> new OldLAMB(List.of(p), lamb)),
                new Case("LARS", p -> new LARS(List.of(p), lars), p -> new OldLARS(List.of(p), lars)));
    }

    @Test
    void float32MatchesThePerElementUpdateBitForBit() {
        for (int n : new int[] {1, 511, 1300}) {
            for (Case c : cases()) {
                assertSameSteps(c, n, DType.FLOAT32);
            }
        }
    }

    @Test
    void float64MatchesThePerElementUpdateBitForBit() {
        for (Case c : cases()) {
            assertSameSteps(c, 1300, DType.FLOAT64);
        }
    }

    private static void assertSameSteps(Case c, int n, DType dtype) {
        double[] p0 = random(n, 1);
        Tensor blockParam = Tensor.of(p0.clone()).to(dtype).requiresGrad(true);
        Tensor elementParam = Tensor.of(p0.clone()).to(dtype).requiresGrad(true);
        Optimizer<?> blocks = c.blocks().apply(blockParam);
        Optimizer<?> perElement = c.perElement().apply(elementParam);
        for (int t = 0; t < STEPS; t++) {
            double[] g = random(n, 2 + t);
            if (t == 2) {
                g[0] = 0;   // Rprop's "no sign" branch, and a zero in every kernel
            }
            blockParam.setGrad(Tensor.of(g.clone()).to(dtype));
            elementParam.setGrad(Tensor.of(g.clone()).to(dtype));
            blocks.step();
            perElement.step();
            assertArrayEquals(elementParam.toDoubleArray(), blockParam.toDoubleArray(), c.name() + ", " + dtype + ", n=" + n + ", step " + (t + 1));
        }
    }

    /** {@return n uniform values in [−1, 1) from {@code seed}} */
    private static double[] random(int n, long seed) {
        return new Random(seed).doubles(n).map(v -> 2 * v - 1).toArray();
    }
}
