package dev.kiln.cli;

import static dev.kiln.cli.CliRun.kiln;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.cli.CliRun.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln tune} end to end on the bundled wine data, and its errors. */
class TuneCommandTest {
    private static final String[] SMALL = {"tune", "--data", "wine", "--model", "linear(16),relu", "--epochs", "4",
        "--space", "lr=log(1e-4,3e-1); batch-size=choice(16,32)"};

    private static String[] with(String... more) {
        String[] out = new String[SMALL.length + more.length];
        System.arraycopy(SMALL, 0, out, 0, SMALL.length);
        System.arraycopy(more, 0, out, SMALL.length, more.length);
        return out;
    }

    /** The validation accuracy column of trials.csv, by trial number (empty for failed/pruned-without-value). */
    private static List<String[]> rows(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",", -1)).toList();
    }

    @Test
    void tuneOnWineFindsAConfigurationAtLeastAsGoodAsTheDefaultsAndWritesTheStudyFolder(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("study");
        Result r = kiln(with("--trials", "6", "--sampler", "tpe", "--pruner", "median", "--parallel", "2", "--out", dir.toString()));
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(6, r.out().lines().filter(l -> l.startsWith("trial ")).count(), "a progress line per trial:\n" + r.out());
        Matcher m = Pattern.compile("best: trial (\\d+), validation loss ([0-9.]+), accuracy [0-9.]+% \\(trial 0, kiln train's defaults: ([0-9.]+),")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        double best = Double.parseDouble(m.group(2));
        double defaults = Double.parseDouble(m.group(3));
        assertTrue(best <= defaults, "best validation loss " + best + " vs the defaults' " + defaults);
        assertEquals(1, Pattern.compile("test accuracy: ").matcher(r.out()).results().count(), "the test split is used once");

        List<String[]> rows = rows(dir.resolve("trials.csv"));
        assertEquals(6, rows.size());
        assertEquals("COMPLETE", rows.getFirst()[1], "trial 0 (the defaults) is never pruned");
        assertEquals(defaults, Double.parseDouble(rows.getFirst()[2]), 1e-4);
        assertEquals("0.001", rows.getFirst()[3], "trial 0 uses kiln train's lr");
        String html = Files.readString(dir.resolve("study.html"));
        for (String part : List.of("Optimisation history", "Parameter importances", "Parallel coordinates", "Slices", "<table id=\"trials\"")) {
            assertTrue(html.contains(part), part);
        }
        assertTrue(Files.size(dir.resolve("history.png")) > 1000);
        assertTrue(Files.exists(dir.resolve("best/report.html")));
        assertTrue(Files.exists(dir.resolve("best/run.json")));
        assertTrue(Files.exists(dir.resolve("trials.json")));
    }

    @Test
    void aStudyInStorageResumesUpToTheRequestedTrials(@TempDir Path tmp) throws IOException {
        Path db = tmp.resolve("wine.db");
        Result first = kiln(with("--trials", "2", "--sampler", "random", "--storage", db.toString(), "--out", tmp.resolve("a").toString()));
        assertEquals(0, first.status(), first.out() + first.err());
        Result again = kiln(with("--trials", "2", "--storage", db.toString(), "--out", tmp.resolve("b").toString()));
        assertOneLineError(again, "add --resume");
        Result conflicting = kiln("tune", "--storage", db.toString(), "--resume", "--sampler", "tpe", "--out", tmp.resolve("x").toString());
        assertOneLineError(conflicting, "--resume: --sampler tpe differs from the study's random");
        // Without repeating the options: the study's own (wine, its space, random sampler, 4 epochs) are used;
        // an option given again with the same value is accepted.
        Result resumed = kiln("tune", "--trials", "4", "--storage", db.toString(), "--resume", "--epochs", "4",
                "--out", tmp.resolve("c").toString());
        assertEquals(0, resumed.status(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("resumed study kiln-tune: 2 finished trials"), resumed.out());
        assertTrue(resumed.out().contains("kiln tune: wine") && resumed.out().contains("random sampler"), resumed.out());
        assertTrue(resumed.out().contains("space: lr log[1.0E-4, 0.3]; batch-size [16, 32]"), resumed.out());
        List<String[]> rows = rows(tmp.resolve("c/trials.csv"));
        assertEquals(4, rows.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(Integer.toString(i), rows.get(i)[0]);
        }
    }

    @Test
    void badSpacesAndOptionsEndWithOneClearLine(@TempDir Path tmp) {
        String out = tmp.resolve("x").toString();
        assertOneLineError(kiln("tune", "--data", "wine", "--space", "lr=log(1e-4)", "--out", out), "expected 2 arguments, got 1");
        assertOneLineError(kiln("tune", "--data", "wine", "--space", "depth=int(1,3)", "--out", out), "unknown option 'depth'; tunable options are");
        assertOneLineError(kiln("tune", "--data", "wine", "--space", "lr=log(0,1)", "--out", out), "low must be > 0");
        assertOneLineError(kiln("tune", "--data", "wine", "--space", "model=float(1,2)", "--out", out), "model takes names");
        assertOneLineError(kiln("tune", "--data", "wine", "--space", "lr=choice(0.1,'x)", "--out", out), "unclosed quote");
        assertOneLineError(kiln("tune", "--data", "wine", "--space", "batch-size=choice(a,b)", "--out", out), "'a' is not an integer");
        assertOneLineError(kiln("tune", "--data", "wine", "--sampler", "annealing", "--out", out), "--sampler: expected tpe");
        assertOneLineError(kiln("tune", "--data", "wine", "--pruner", "early", "--out", out), "--pruner: expected none");
        assertOneLineError(kiln("tune", "--data", "wine", "--sampler", "grid", "--out", out), "every entry of --space must be choice");
        assertOneLineError(kiln("tune", "--data", "wine", "--resume", "--out", out), "--resume needs --storage");
        Result unknown = kiln("tune", "--frobnicate");
        assertNotEquals(0, unknown.status());
        assertTrue(unknown.err().contains("Unknown option: '--frobnicate'"), unknown.err());
    }

    @Test
    void aTrialThatFailsIsRecordedAndTheStudyGoesOn(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("f");
        // model=lenet needs 28x28 images: those trials fail, the mlp ones complete.
        Result r = kiln("tune", "--data", "wine", "--epochs", "2", "--trials", "4", "--sampler", "grid", "--model", "linear(8),relu",
                "--space", "model=choice('linear(8),relu',lenet); batch-size=choice(16,32)", "--out", dir.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        long failed = rows(dir.resolve("trials.csv")).stream().filter(row -> row[1].equals("FAIL")).count();
        assertEquals(2, failed, r.out());
        assertTrue(r.out().contains("needs 1x28x28 images"), r.out());
    }

    private static void assertOneLineError(Result r, String fragment) {
        assertNotEquals(0, r.status(), r.out() + r.err());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "exactly one line on stderr:\n" + r.err());
        assertTrue(lines.getFirst().startsWith("kiln: "), lines.getFirst());
        assertTrue(lines.getFirst().contains(fragment), lines.getFirst() + " should contain " + fragment);
        assertFalse((r.out() + r.err()).contains("\tat "), "no stack trace");
    }
}
