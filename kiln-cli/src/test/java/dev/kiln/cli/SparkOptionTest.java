package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without Spark on the class path (this module's tests exclude it), --spark says how to add it and nothing else runs. */
class SparkOptionTest {
    @Test
    void sparkIsReallyAbsentHere() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.spark.api.java.JavaSparkContext"));
    }

    @Test
    void trainWithSparkButNoSparkIsOneClearLine(@TempDir Path dir) {
        Path out = dir.resolve("run");
        CliRun.Result r = CliRun.kiln("train", "--spark", "local[2]", "--epochs", "1", "--out", out.toString());
        assertEquals(1, r.status());
        assertEquals("kiln: " + SparkLauncher.HOW_TO_ADD, r.err().strip());
        assertFalse(Files.exists(out), "no run folder is made");
    }

    @Test
    void syncBatchNormWithoutSparkIsOneClearLine(@TempDir Path dir) {
        Path out = dir.resolve("run");
        CliRun.Result r = CliRun.kiln("train", "--sync-bn", "--epochs", "1", "--out", out.toString());
        assertEquals(1, r.status());
        assertEquals("kiln: --sync-bn synchronises BatchNorm across Spark replicas; it needs --spark MASTER", r.err().strip());
        assertFalse(Files.exists(out), "no run folder is made");
    }

    @Test
    void tuneWithSparkButNoSparkIsOneClearLine(@TempDir Path dir) {
        CliRun.Result r = CliRun.kiln("tune", "--spark", "local[2]", "--parallel", "2", "--trials", "2", "--out", dir.resolve("t").toString());
        assertEquals(1, r.status());
        assertEquals("kiln: " + SparkLauncher.HOW_TO_ADD, r.err().strip());
    }
}
