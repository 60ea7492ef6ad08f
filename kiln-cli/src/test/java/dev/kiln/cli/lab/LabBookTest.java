package dev.kiln.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabBookTest {
    @Test
    void atLeastTwentyFiveExperimentsWithUniqueIdsCoverAllFiveSeedFilesInOrder() {
        List<Experiment> all = Experiments.all();
        assertTrue(all.size() >= 25, all.size() + " experiments");
        Set<String> ids = new HashSet<>();
        EnumSet<Chapter> chapters = EnumSet.noneOf(Chapter.class);
        Chapter previous = Chapter.S000;
        for (Experiment e : all) {
            assertTrue(ids.add(e.id()), "duplicate id " + e.id());
            assertTrue(e.id().matches("[a-z0-9-]+"), e.id());
            assertFalse(e.claim().isBlank());
            assertTrue(e.chapter().compareTo(previous) >= 0, "chapters in the order of the notes at " + e.id());
            previous = e.chapter();
            chapters.add(e.chapter());
        }
        assertEquals(EnumSet.allOf(Chapter.class), chapters);
    }

    @Test
    void listNamesEveryExperimentWithItsSeedFile() {
        LabTesting.Outcome o = LabTesting.lab("list");
        assertEquals(0, o.exitCode(), o.err());
        for (Experiment e : Experiments.all()) {
            assertTrue(o.out().lines().anyMatch(l -> l.startsWith(e.id() + " ") && l.contains(e.chapter().file)
                    && l.contains(e.title())), e.id() + " listed in\n" + o.out());
        }
    }

    @Test
    void oneExperimentByIdWritesItsPage(@TempDir Path dir) throws Exception {
        LabTesting.Outcome o = LabTesting.lab("mse-loss", "--out", dir.toString());
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("Holds:    true"), o.out());
        assertTrue(Files.readString(dir.resolve("index.html")).contains("1.3283"));
    }

    @Test
    void anUnknownIdGivesOneLine() {
        LabTesting.Outcome o = LabTesting.lab("no-such-thing");
        assertEquals(1, o.exitCode());
        assertEquals("kiln: unknown experiment 'no-such-thing' (kiln lab list names them)", o.err().strip());
    }

    @Test
    void theBookHasChaptersInNotesOrderAPagePerExperimentAndLabJson(@TempDir Path dir) throws Exception {
        List<Experiment> some = List.of(new SigmoidGradientExperiment(), new AutogradExperiment(), new EntropyExperiment());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<LabBook.Entry> entries = LabBook.runAll(some, dir, 0, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(3, entries.size());
        String index = Files.readString(dir.resolve("index.html"));
        int c000 = index.indexOf("Notes 000");
        int c001 = index.indexOf("Notes 001");
        int c003 = index.indexOf("Notes 003");
        assertTrue(c000 >= 0 && c000 < c001 && c001 < c003, "chapters in order");
        assertFalse(index.contains("Notes 002"), "empty chapters are left out");
        for (Experiment e : some) {
            assertTrue(index.contains("href=\"" + e.id() + "/index.html\""), e.id());
            assertTrue(Files.isRegularFile(dir.resolve(e.id()).resolve("index.html")));
        }
        String json = Files.readString(dir.resolve("lab.json"));
        assertTrue(json.strip().startsWith("[") && json.strip().endsWith("]"));
        assertEquals(3, json.lines().filter(l -> l.contains("\"id\": ")).count());
        for (LabBook.Entry x : entries) {
            String line = json.lines().filter(l -> l.contains("\"id\": \"" + x.experiment().id() + "\"")).findFirst().orElseThrow();
            assertTrue(line.contains("\"seed\": \"" + x.experiment().chapter().file + "\""), line);
            assertTrue(line.contains("\"holds\": true"), line);
            assertTrue(line.contains("\"title\": ") && line.contains("\"claim\": ") && line.contains("\"measured\": "), line);
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("3 of 3 claims hold"));
    }

    @Test
    void jsonStringsAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", LabBook.quote("a\"b\\c\nd\u0001"));
    }
}
