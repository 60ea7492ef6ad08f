package dev.kiln.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabCommandTest {
    @Test
    void withoutASubcommandListsTheExperiments() {
        LabTesting.Outcome o = LabTesting.lab();
        assertEquals(0, o.exitCode());
        for (String name : new String[] {"init", "gradients", "symmetry", "activations", "schedules", "optimizers"}) {
            assertTrue(o.out().contains(name), name + " listed in\n" + o.out());
        }
    }

    @Test
    void anOutputFolderThatCannotBeCreatedGivesOneLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        LabTesting.Outcome o = LabTesting.lab("gradients", "--out", file.resolve("sub").toString(), "--depth", "2", "--width", "8");
        assertEquals(1, o.exitCode());
        String err = o.err().strip();
        assertTrue(err.startsWith("kiln: cannot create the output folder"), err);
        assertFalse(err.contains("\n"), err);
    }

    @Test
    void aMalformedNumberIsReportedByTheParserWithoutAStackTrace() {
        LabTesting.Outcome o = LabTesting.lab("init", "--seed", "abc");
        assertEquals(2, o.exitCode());
        assertTrue(o.err().contains("--seed") && !o.err().contains("at dev.kiln"), o.err());
    }
}
