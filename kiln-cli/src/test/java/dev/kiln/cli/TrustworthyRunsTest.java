package dev.kiln.cli;

import static dev.kiln.cli.CliRun.kiln;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.cli.CliRun.Result;
import dev.kiln.data.Datasets;
import dev.kiln.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs that can be trusted: one labelled test figure, resume semantics (epoch count, conflicting
 * options, logs cut back), run folders (unique, non-empty refused, none left by a failed start,
 * readable files), top-k only where it means something.
 */
class TrustworthyRunsTest {
    private static final String[] IRIS = {"train", "--data", "iris", "--lr", "0.01", "--batch-size", "16", "--scheduler", "step"};

    private static String[] iris(String... more) {
        List<String> a = new ArrayList<>(List.of(IRIS));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static void assertError(Result r, String fragment) {
        assertEquals(1, r.status(), r.out() + r.err());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.getFirst().startsWith("kiln: ") && lines.getFirst().contains(fragment), lines.getFirst());
    }

    private static List<Long> firstColumn(Path csv) throws IOException {
        return Files.readAllLines(csv).stream().skip(1).map(l -> Long.parseLong(l.split(",")[0])).toList();
    }

    @Test
    void trainLabelsItsTestFigureAndEvaluateNamesItsCheckpoint(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("run");
        Result train = kiln(iris("--epochs", "3", "--out", run.toString()));
        assertEquals(0, train.status(), train.out() + train.err());
        Map<String, Object> results = Json.parseObject(Files.readString(run.resolve("results.json")));
        Map<String, Object> best = Json.parseObject(Files.readString(run.resolve("best/state.json")));
        assertEquals("best", results.get("checkpoint"));
        assertEquals(((Number) best.get("best_epoch")).longValue(), ((Number) results.get("checkpoint_epoch")).longValue());
        String label = "(best checkpoint: epoch " + results.get("checkpoint_epoch") + " of 3, by validation accuracy)";
        assertTrue(train.out().contains(String.format(java.util.Locale.ROOT, "test accuracy: %.2f%% %s",
                100 * ((Number) results.get("test_accuracy")).doubleValue(), label)), train.out());
        assertTrue(train.out().contains("last epoch's weights (epoch 3): test accuracy "), train.out());
        assertFalse(results.containsKey("test_top5_accuracy"), "3 classes: top-5 is always 100% and not recorded");
        assertEquals(List.of("setosa", "versicolor", "virginica"), Json.parseObject(Files.readString(run.resolve("run.json"))).get("classes"),
                "the class names of the bundled set's header");

        Result eval = kiln("evaluate", run.toString());
        assertEquals(0, eval.status(), eval.out() + eval.err());
        assertTrue(eval.out().contains("(best checkpoint, epoch " + results.get("checkpoint_epoch") + " of 3)"), eval.out());
        assertTrue(eval.out().contains(String.format(java.util.Locale.ROOT, "test accuracy: %.2f%%",
                100 * ((Number) results.get("test_accuracy")).doubleValue())), "evaluate and train report the same figure:\n" + eval.out());
        assertFalse(eval.out().contains("top-5"), "no top-5 for 3 classes:\n" + eval.out());
        Result last = kiln("evaluate", run.toString(), "--checkpoint", "last");
        assertTrue(last.out().contains("(last checkpoint, epoch 3 of 3)"), last.out());
    }

    @Test
    void resumeContinuesToTheSavedEpochCountWithLogsCutBackToTheCheckpoint(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("run");
        assertEquals(0, kiln(iris("--epochs", "2", "--out", run.toString())).status());
        // the state of a run started with --epochs 4 and stopped (SIGTERM) during epoch 3: its checkpoint
        // is epoch 2, but some of epoch 3 was logged after it
        Map<String, Object> config = Json.parseObject(Files.readString(run.resolve("run.json")));
        config.put("epochs", 4);
        Files.writeString(run.resolve("run.json"), Json.write(config));
        List<Long> steps = firstColumn(run.resolve("lr.csv"));
        long stepsPerEpoch = steps.size() / 2;
        Files.writeString(run.resolve("metrics.csv"), "3,0.1,0.9,0.1,0.9,0.01,1.0,100.0\n", StandardOpenOption.APPEND);
        Files.writeString(run.resolve("lr.csv"), (steps.getLast() + 1) + ",0.01,0.5\n" + (steps.getLast() + 2) + ",0.01,0.4\n",
                StandardOpenOption.APPEND);

        Result conflicting = kiln("train", "--resume", run.toString(), "--lr", "0.5", "--model", "lenet");
        assertError(conflicting, "--model lenet (the run has mlp), --lr 0.5 (the run has 0.01)");
        Result fewer = kiln("train", "--resume", run.toString(), "--epochs", "2");
        assertError(fewer, "has already trained 2 of its 2 epochs");

        Result resumed = kiln("train", "--resume", run.toString(), "--lr", "0.01");
        assertEquals(0, resumed.status(), "an option equal to the saved one is no conflict:\n" + resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("after epoch 2 (3 log rows written after that checkpoint removed)"), resumed.out());
        assertTrue(resumed.out().contains("epoch 4/4: train loss"), "continues to the saved 4 epochs:\n" + resumed.out());
        assertEquals(List.of(1L, 2L, 3L, 4L), firstColumn(run.resolve("metrics.csv")), "each epoch logged once");
        List<Long> after = firstColumn(run.resolve("lr.csv"));
        assertEquals(4 * stepsPerEpoch, after.size(), "each step logged once");
        for (int i = 0; i < after.size(); i++) {
            assertEquals(i + 1, after.get(i).longValue());
        }
        assertEquals(4, Files.readAllLines(run.resolve("metrics.jsonl")).size());
    }

    @Test
    void runFoldersAreUniqueNeverOverwrittenAndNotLeftBehindByAFailedStart(@TempDir Path tmp) throws IOException {
        LocalDateTime now = LocalDateTime.of(2026, 1, 2, 3, 4, 5);
        Path a = RunFolders.createUnique(tmp.resolve("runs"), now);
        Path b = RunFolders.createUnique(tmp.resolve("runs"), now);
        assertEquals("20260102-030405", a.getFileName().toString());
        assertEquals("20260102-030405-2", b.getFileName().toString());

        Path taken = tmp.resolve("taken");
        Files.createDirectories(taken);
        Files.writeString(taken.resolve("notes.txt"), "mine");
        assertError(kiln(iris("--epochs", "1", "--out", taken.toString())), "is not empty");
        assertEquals("mine", Files.readString(taken.resolve("notes.txt")));
        Result forced = kiln(iris("--epochs", "1", "--out", taken.toString(), "--force"));
        assertEquals(0, forced.status(), forced.err());
        assertError(kiln(iris("--epochs", "1", "--out", taken.toString())), "continue it with --resume");
        // forced over a finished run: the new run's logs start anew instead of following the old run's epochs
        Result again = kiln(iris("--epochs", "2", "--out", taken.toString(), "--force"));
        assertEquals(0, again.status(), again.err());
        assertEquals(List.of("1", "2"), Files.readAllLines(taken.resolve("metrics.csv")).stream().skip(1).map(l -> l.split(",")[0]).toList());

        Path never = tmp.resolve("never");
        assertError(kiln("train", "--data", tmp.resolve("no-such-data").toString(), "--out", never.toString()), "no-such-data");
        assertError(kiln("train", "--data", "iris", "--model", "linear(", "--out", never.toString()), "");
        assertFalse(Files.exists(never), "a failed start leaves no folder");
    }

    @Test
    void classNamesOfAnImageFolderAreKeptAndUsed(@TempDir Path tmp) throws IOException {
        Path images = tmp.resolve("images");
        java.util.Random random = new java.util.Random(0);
        for (String animal : List.of("cat", "dog")) {
            Files.createDirectories(images.resolve(animal));
            for (int i = 0; i < 15; i++) {
                java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        boolean bright = animal.equals("cat") ? x < 4 : x >= 4;
                        img.getRaster().setSample(x, y, 0, (bright ? 200 : 30) + random.nextInt(40));
                    }
                }
                javax.imageio.ImageIO.write(img, "png", images.resolve(animal).resolve(i + ".png").toFile());
            }
        }
        Path run = tmp.resolve("run");
        Result train = kiln("train", "--data", images.toString(), "--image-size", "8", "--epochs", "2", "--out", run.toString());
        assertEquals(0, train.status(), train.out() + train.err());
        assertEquals(List.of("cat", "dog"), Json.parseObject(Files.readString(run.resolve("run.json"))).get("classes"));
        assertEquals(List.of("cat", "dog"), Json.parseObject(Files.readString(run.resolve("confusion.json"))).get("classes"));
        Result eval = kiln("evaluate", run.toString());
        assertTrue(eval.out().contains("classes: 0 = cat, 1 = dog"), eval.out());
        Result predict = kiln("predict", run.toString(), images.resolve("dog/0.png").toString());
        assertEquals(0, predict.status(), predict.err());
        assertTrue(predict.out().matches("(?s)0.png: (cat \\(class 0|dog \\(class 1), p = .*"), predict.out());

        Result folder = kiln("predict", run.toString(), images.resolve("dog").toString(), images.resolve("cat/0.png").toString(), "--json");
        assertEquals(0, folder.status(), folder.err());
        List<?> results = (List<?>) Json.parse(folder.out());
        assertEquals(16, results.size(), "the 15 images of the folder and one more file");
        long dogs = results.subList(0, 15).stream().filter(r -> "dog".equals(((Map<?, ?>) r).get("name"))).count();
        assertTrue(dogs >= 12, "bright right halves are dogs: " + folder.out());
        Map<?, ?> last = (Map<?, ?>) results.get(15);
        assertEquals("0.png", last.get("input"));
        assertFalse(last.containsKey("top"), "--top 3 of two classes would list every class: no top list");
        Result top1 = kiln("predict", run.toString(), images.resolve("cat/0.png").toString(), "--json", "--top", "1");
        Map<?, ?> one = (Map<?, ?>) ((List<?>) Json.parse(top1.out())).get(0);
        List<?> top = (List<?>) one.get("top");
        assertEquals(1, top.size(), "top-1 of two classes");
        Map<?, ?> first = (Map<?, ?>) top.get(0);
        assertEquals(one.get("class"), first.get("class"));
        assertEquals(one.get("name"), first.get("name"), "the top list names its classes");
        assertEquals(((Number) one.get("probability")).doubleValue(), ((Number) first.get("probability")).doubleValue(), 0);
    }

    @Test
    void classNamesOfACsvLabelColumnAreKeptAndUsed(@TempDir Path tmp) throws IOException {
        // iris with its species as text labels: classes are numbered in sorted name order, as image folders are
        List<String> species = Datasets.classNames("iris");
        var iris = Datasets.iris();
        float[] x = iris.inputs().toFloatArray();
        long[] y = iris.targets().toLongArray();
        StringBuilder csv = new StringBuilder("sepal_length,sepal_width,petal_length,petal_width,species\n");
        for (int i = 0; i < y.length; i++) {
            csv.append(x[4 * i]).append(',').append(x[4 * i + 1]).append(',').append(x[4 * i + 2]).append(',').append(x[4 * i + 3])
                    .append(',').append(species.get((int) y[i]).toUpperCase(java.util.Locale.ROOT)).append('\n');
        }
        Path data = tmp.resolve("iris-named.csv");
        Files.writeString(data, csv);
        Path run = tmp.resolve("run");
        Result train = kiln("train", "--data", data.toString(), "--model", "linear(16),relu", "--lr", "0.01", "--epochs", "5", "--out",
                run.toString());
        assertEquals(0, train.status(), train.out() + train.err());
        List<String> names = List.of("SETOSA", "VERSICOLOR", "VIRGINICA");
        assertEquals(names, Json.parseObject(Files.readString(run.resolve("run.json"))).get("classes"));
        assertEquals(names, Json.parseObject(Files.readString(run.resolve("confusion.json"))).get("classes"));
        Result eval = kiln("evaluate", run.toString());
        assertTrue(eval.out().contains("classes: 0 = SETOSA, 1 = VERSICOLOR, 2 = VIRGINICA"), eval.out());
        assertTrue(eval.out().contains("SETOSA (0)") && eval.out().contains("VIRGINICA (2)"), "confusion rows are named:\n" + eval.out());

        Path rows = tmp.resolve("rows.csv");
        Files.writeString(rows, "a,b,c,d\n" + x[0] + "," + x[1] + "," + x[2] + "," + x[3] + "\n");   // the first sample: a setosa
        Result predict = kiln("predict", run.toString(), rows.toString(), "--json", "--top", "2");
        assertEquals(0, predict.status(), predict.err());
        Map<?, ?> r = (Map<?, ?>) ((List<?>) Json.parse(predict.out())).get(0);
        assertEquals("SETOSA", r.get("name"), predict.out());
        assertEquals(2, ((List<?>) r.get("top")).size(), "top-2 of three classes");
    }

    @Test
    void everyFileOfARunIsReadableByTheGroupAndOthers(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("run");
        assertEquals(0, kiln(iris("--epochs", "1", "--out", run.toString())).status());
        List<Path> files;
        try (Stream<Path> all = Files.walk(run)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.size() >= 10, files.toString());
        for (Path f : files) {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(f);
            assertTrue(p.contains(PosixFilePermission.GROUP_READ) && p.contains(PosixFilePermission.OTHERS_READ), f + " " + p);
        }
        assertNotEquals(0, files.size());
    }
}
