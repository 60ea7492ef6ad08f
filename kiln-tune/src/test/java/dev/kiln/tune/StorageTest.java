package dev.kiln.tune;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StorageTest {
    @TempDir
    Path dir;

    private static Objective everything() {
        return t -> {
            double lr = t.suggestLogFloat("lr", 1e-4, 1e-1);
            int width = t.suggestLogInt("width", 8, 256);
            String opt = t.suggestCategorical("opt", List.of("sgd", "adam"));
            Boolean flag = t.suggestCategorical("flag", java.util.Arrays.asList(true, false, null));
            double step = t.suggestFloat("dropout", 0, 0.5, 0.1);
            t.report(0, Double.NaN);
            t.report(1, lr * width);
            t.setUserAttr("note", Map.of("opt", opt, "widths", List.of(width, 2 * width)));
            t.setConstraints(lr - 0.05);
            return lr * width + (opt.equals("sgd") ? 1 : 0) + step + (flag == null ? 0.5 : 0);
        };
    }

    @Test
    void sqliteRoundTripKeepsEveryField() {
        Path db = dir.resolve("study.db");
        List<FrozenTrial> before;
        try (Storage s = Storages.sqlite(db)) {
            Study study = Study.builder().storage(s).name("rt").sampler(Samplers.tpe(1)).create();
            study.setUserAttr("options", Map.of("--lr", "0.01", "--epochs", 3));
            study.setUserAttr("note", "first");
            study.setUserAttr("note", "second");
            study.enqueue(Map.of("lr", 0.01, "opt", "adam"));
            study.optimize(everything(), 14);
            study.optimize(t -> {
                throw new IllegalStateException("bad");
            }, 1);
            before = study.trials();
            assertEquals(0.01, before.getFirst().params().get("lr"));
            assertTrue(Double.isNaN(before.getFirst().intermediateValues().get(0)));
        }
        try (Storage s = Storages.sqlite(db)) {
            Study again = Study.load(s, "rt");
            assertEquals(before, again.trials());
            assertEquals(Map.of("options", Map.of("--lr", "0.01", "--epochs", 3L), "note", "second"), again.userAttrs());
            assertEquals(TrialState.FAIL, again.trials().getLast().state());
            assertEquals("IllegalStateException: bad", again.trials().getLast().systemAttrs().get(Trial.FAIL_REASON));
            again.optimize(everything(), 2);
            assertEquals(17, again.trials().size());
            assertThrows(IllegalArgumentException.class, () -> Study.load(s, "missing"));
            assertThrows(IllegalArgumentException.class, () -> Study.builder().storage(s).name("rt").create());
        }
    }

    @Test
    void inMemoryAndSqliteGiveTheSameStudy() {
        Study mem = Study.builder().name("a").sampler(Samplers.random(5)).create();
        mem.optimize(everything(), 10);
        mem.setUserAttr("k", List.of(1, 2.5, "x"));
        try (Storage s = Storages.sqlite(dir.resolve("same.db"))) {
            Study db = Study.builder().storage(s).name("a").sampler(Samplers.random(5)).create();
            db.optimize(everything(), 10);
            db.setUserAttr("k", List.of(1, 2.5, "x"));
            assertEquals(mem.userAttrs(), db.userAttrs());
            for (int i = 0; i < 10; i++) {
                FrozenTrial a = mem.trials().get(i);
                FrozenTrial b = db.trials().get(i);
                assertEquals(a.params(), b.params());
                assertEquals(a.values(), b.values());
                assertEquals(a.userAttrs(), b.userAttrs());
                assertEquals(a.constraints(), b.constraints());
            }
        }
    }

    private Process child(String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), CrashChild.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child-" + args[2] + ".log").toFile()).start();
    }

    /** kill -9 in the middle of trial 3: on resume it is FAIL, trials 0–2 are kept, numbering goes on from 4. */
    @Test
    void aStudyKilledMidTrialResumesWithNoLostOrDuplicatedTrial() throws Exception {
        Path db = dir.resolve("crash.db");
        Path marker = dir.resolve("marker");
        Process p = child(db.toString(), "crash", "hang", marker.toString());
        while (!Files.exists(marker)) {
            assertTrue(p.isAlive(), () -> "child died early: " + read(dir.resolve("child-hang.log")));
            Thread.sleep(20);
        }
        p.destroyForcibly();
        p.waitFor();
        try (Storage s = Storages.sqlite(db)) {
            Study study = Study.load(s, "crash");
            List<FrozenTrial> t = study.trials();
            assertEquals(4, t.size());
            for (int i = 0; i < 3; i++) {
                assertEquals(TrialState.COMPLETE, t.get(i).state());
            }
            assertEquals(TrialState.FAIL, t.get(3).state());
            assertEquals(0, t.get(3).intermediateValues().keySet().iterator().next(), "its report survived the kill");
            assertEquals("its process died while it was running", t.get(3).systemAttrs().get(Trial.FAIL_REASON));
            study.optimize(tr -> tr.suggestFloat("x", -1, 1), 3);
            List<Integer> numbers = study.trials().stream().map(FrozenTrial::number).toList();
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), numbers);
            assertEquals(6, study.completedTrials().size());
        }
    }

    /** Two processes write one study at once: every trial is kept, numbers are unique and gap-free. */
    @Test
    void twoProcessesShareOneStudy() throws Exception {
        Path db = dir.resolve("shared.db");
        try (Storage s = Storages.sqlite(db)) {
            Study.builder().storage(s).name("shared").create();
        }
        Process a = child(db.toString(), "shared", "run", "15");
        Process b = child2(db);
        assertEquals(0, a.waitFor(), () -> read(dir.resolve("child-run.log")));
        assertEquals(0, b.waitFor(), () -> read(dir.resolve("child-run2.log")));
        try (Storage s = Storages.sqlite(db)) {
            Study study = Study.load(s, "shared");
            List<FrozenTrial> t = study.trials();
            assertEquals(30, t.size());
            Set<Object> pids = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                assertEquals(i, t.get(i).number());
                assertEquals(TrialState.COMPLETE, t.get(i).state());
                pids.add(t.get(i).userAttrs().get("pid"));
            }
            assertEquals(2, pids.size());
        }
    }

    private Process child2(Path db) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), db.toString(), "shared", "run", "15")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child-run2.log").toFile()).start();
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "(no log)";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
