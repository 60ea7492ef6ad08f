package dev.kiln.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.cli.lab.OptimizersExperiment.Method;
import dev.kiln.cli.lab.OptimizersExperiment.Problem;
import dev.kiln.cli.lab.OptimizersExperiment.Trajectory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizersExperimentTest {
    private static Map<String, Trajectory> runAll(Problem p, int steps) {
        Map<String, Trajectory> out = new HashMap<>();
        List<Method> methods = OptimizersExperiment.methods();
        for (int m = 0; m < methods.size(); m++) {
            out.put(methods.get(m).name(), OptimizersExperiment.run(p, methods.get(m), p.lrs()[m], steps));
        }
        return out;
    }

    @Test
    void functionsHaveTheirMinimaWhereExpected() {
        for (Problem p : OptimizersExperiment.problems()) {
            double atMin = p.f().apply(dev.kiln.tensor.Tensor.fromArray(p.minimum().clone(), 2)).item();
            assertEquals(0, atMin, 0, p.name());
        }
    }

    @Test
    void rosenbrockMomentumAndAdamBeatPlainSgdAndLbfgsConverges() {
        Map<String, Trajectory> t = runAll(OptimizersExperiment.problems().get(0), 1000);
        double sgd = t.get("SGD").finalLoss();
        assertTrue(sgd > 0.1, "SGD crawls along the valley: " + sgd);
        assertTrue(t.get("Momentum").finalLoss() < sgd * 1e-2, "momentum " + t.get("Momentum").finalLoss());
        assertTrue(t.get("Nesterov").finalLoss() < sgd * 1e-2, "nesterov " + t.get("Nesterov").finalLoss());
        assertTrue(t.get("Adam").finalLoss() < 1e-5, "adam " + t.get("Adam").finalLoss());
        assertTrue(t.get("L-BFGS").finalLoss() < 1e-8, "lbfgs " + t.get("L-BFGS").finalLoss());
        assertTrue(t.get("L-BFGS").distance(new double[] {1, 1}) < 1e-3);
        for (Trajectory tr : t.values()) {
            assertTrue(Double.isFinite(tr.finalLoss()), tr.method() + " diverged");
            assertEquals(1001, tr.xs().length);
            assertEquals(-1.5, tr.xs()[0], 0);
            assertEquals(2, tr.ys()[0], 0);
        }
    }

    @Test
    void quadraticIsSolvedByTheFirstOrderMethodsAndFastestByLbfgs() {
        Map<String, Trajectory> t = runAll(OptimizersExperiment.problems().get(1), 300);
        for (String m : List.of("SGD", "Momentum", "Nesterov", "Adam", "AdamW", "AMSGrad")) {
            assertTrue(t.get(m).finalLoss() < 1e-10, m + " " + t.get(m).finalLoss());
        }
        assertTrue(t.get("L-BFGS").loss()[10] < 1e-6, "L-BFGS after 10 steps " + t.get("L-BFGS").loss()[10]);
        assertTrue(t.get("SGD").loss()[10] > 1e-3);
    }

    @Test
    void commandWritesChartsAndPage(@TempDir Path dir) throws Exception {
        LabTesting.Outcome o = LabTesting.lab("optimizers", "--out", dir.toString(), "--steps", "40");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("L-BFGS") && o.out().contains("AMSGrad"), o.out());
        LabTesting.assertReport(dir, List.of("rosenbrock_paths.png", "rosenbrock_paths_grid.png", "rosenbrock_loss.png",
                "quadratic_paths.png", "quadratic_paths_grid.png", "quadratic_loss.png"));
        assertEquals(1, LabTesting.lab("optimizers", "--steps", "0").exitCode());
    }

    @Test
    void theClaimHoldsAtTheDefaults(@TempDir Path dir) throws Exception {
        LabTesting.runAndCheck(new OptimizersExperiment(), dir);
    }
}
