package dev.kiln.tune;

import dev.kiln.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalysisTest {
    @TempDir
    Path dir;

    @Test
    void importanceRanksTheParameterThatDrivesTheObjectiveFirst() {
        Study study = Study.minimize(Samplers.random(0));
        study.optimize(t -> {
            double x = t.suggestFloat("x", 0, 1);
            double y = t.suggestLogFloat("y", 1e-3, 1);
            String c = t.suggestCategorical("c", List.of("a", "b", "c"));
            return 10 * (x - 0.3) * (x - 0.3) + 0.01 * y + (c.equals("b") ? 1 : 0);
        }, 200);
        Map<String, Double> imp = Importances.pedAnova(study);
        assertEquals(List.of("x", "c", "y"), List.copyOf(imp.keySet()), imp.toString());
        assertEquals(1.0, imp.values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
        assertTrue(imp.get("x") > 0.5, imp.toString());
    }

    @Test
    void multiObjectiveFrontAndConstraints() {
        Study study = Study.builder().directions(StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE)
                .sampler(Samplers.tpe(0)).create();
        study.optimizeMulti(t -> {
            double x = t.suggestFloat("x", 0, 1);
            t.setConstraints(0.2 - x); // feasible when x ≥ 0.2
            return new double[] {x * x, x};
        }, 40);
        List<FrozenTrial> front = study.bestTrials();
        assertTrue(!front.isEmpty());
        // Minimise x², maximise x, over x ∈ [0.2, 1]: every feasible trial is Pareto-optimal.
        long feasible = study.completedTrials().stream().filter(FrozenTrial::feasible).count();
        assertEquals(feasible, front.size());
        for (FrozenTrial t : front) {
            assertTrue((double) t.params().get("x") >= 0.2);
        }
        Study single = Study.minimize(Samplers.random(1));
        single.optimize(t -> {
            double x = t.suggestFloat("x", -1, 1);
            t.setConstraints(0.5 - x);
            return x;
        }, 60);
        assertTrue((double) single.bestParams().get("x") >= 0.5, "best trial is the best feasible one");
    }

    @Test
    void paretoDominance() {
        List<StudyDirection> mm = List.of(StudyDirection.MINIMIZE, StudyDirection.MAXIMIZE);
        assertTrue(ParetoFront.dominates(List.of(1.0, 5.0), List.of(2.0, 5.0), mm));
        assertTrue(!ParetoFront.dominates(List.of(1.0, 4.0), List.of(2.0, 5.0), mm));
        assertEquals(1.0 * 1.0 + 0.0, Hypervolume.compute(new double[][] {{0, 0}}, new double[] {1, 1}), 0);
        assertEquals(0.75, Hypervolume.compute(new double[][] {{0, 0.5}, {0.5, 0}}, new double[] {1, 1}), 1e-15);
        assertEquals(1 - 0.125, Hypervolume.compute(new double[][] {{0.5, 0, 0}, {0, 0.5, 0}, {0, 0, 0.5}}, new double[] {1, 1, 1}), 1e-15);
        assertEquals(List.of(0, 0, 1, 2), java.util.Arrays.stream(Hypervolume.nonDominationRanks(
                new double[][] {{0, 1}, {1, 0}, {1, 1}, {2, 2}})).boxed().toList());
    }

    @Test
    void csvAndJsonExportEveryTrial() throws Exception {
        Study study = Study.minimize(Samplers.random(0));
        study.enqueue(Map.of("lr", 0.01, "opt", "a,b"));
        study.optimize(t -> {
            double lr = t.suggestLogFloat("lr", 1e-4, 1);
            t.suggestCategorical("opt", List.of("a,b", "c"));
            t.setUserAttr("epochs", 3);
            return lr;
        }, 5);
        study.optimize(t -> {
            throw new IllegalArgumentException("diverged");
        }, 1);
        Path csv = dir.resolve("out/trials.csv");
        TrialsExport.writeCsv(study, csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(7, lines.size());
        assertEquals("number,state,value,params_lr,params_opt,user_attrs_epochs,constraints,datetime_start,datetime_complete,duration_s,fail_reason",
                lines.getFirst());
        assertTrue(lines.get(1).startsWith("0,COMPLETE,0.01,0.01,\"a,b\",3,"), lines.get(1));
        assertTrue(lines.get(6).startsWith("5,FAIL,,,,,") && lines.get(6).endsWith("IllegalArgumentException: diverged"), lines.get(6));
        Path json = dir.resolve("trials.json");
        TrialsExport.writeJson(study, json);
        List<?> parsed = (List<?>) Json.parse(Files.readString(json));
        assertEquals(6, parsed.size());
        assertEquals("a,b", ((Map<?, ?>) ((Map<?, ?>) parsed.getFirst()).get("params")).get("opt"));
        try (var files = Files.list(dir.resolve("out"))) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }
}
