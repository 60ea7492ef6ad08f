package dev.kiln.cli;

import static dev.kiln.cli.CliRun.kiln;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.cli.CliRun.Result;
import dev.kiln.io.Json;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kiln train --model resnet18 | vgg} on a small folder of 32×32 RGB images, read in colour
 * (three channels) for these networks, and {@code --channels} choosing grey or RGB for any model,
 * recorded in run.json so that {@code evaluate} and {@code predict} read images the same way.
 */
class CifarModelsCliTest {
    /** Two classes of fifteen RGB images each (enough for the validation and test splits): red-ish and blue-ish noise. */
    private static Path colourFolder(Path tmp, int size) throws IOException {
        Path images = tmp.resolve("images");
        Random random = new Random(0);
        for (String name : List.of("red", "blue")) {
            Files.createDirectories(images.resolve(name));
            for (int i = 0; i < 15; i++) {
                BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        int hi = 150 + random.nextInt(100);
                        int lo = random.nextInt(80);
                        img.setRGB(x, y, name.equals("red") ? hi << 16 | lo << 8 | lo : lo << 16 | lo << 8 | hi);
                    }
                }
                ImageIO.write(img, "png", images.resolve(name).resolve(i + ".png").toFile());
            }
        }
        return images;
    }

    @Test
    void resnet18AndVggTrainOnColourImages(@TempDir Path tmp) throws IOException {
        Path images = colourFolder(tmp, 32);
        for (String model : List.of("resnet18", "vgg")) {
            Path run = tmp.resolve("run-" + model);
            Result train = kiln("train", "--model", model, "--data", images.toString(), "--image-size", "32", "--epochs", "1",
                    "--batch-size", "4", "--out", run.toString());
            assertEquals(0, train.status(), train.out() + train.err());
            assertTrue(train.out().contains("samples of shape [3, 32, 32]"), train.out());
            Map<String, Object> config = Json.parseObject(Files.readString(run.resolve("run.json")));
            assertEquals(model, config.get("model"));
            assertEquals(3L, config.get("channels"));
            Result predict = kiln("predict", run.toString(), images.resolve("red/0.png").toString());
            assertEquals(0, predict.status(), predict.err());
            assertTrue(predict.out().startsWith("0.png: "), predict.out());
        }
    }

    /** The colour and the grey reading of the same folder, each run evaluated and predicted with the images it was trained on. */
    @Test
    void channelsOptionChoosesGreyOrColourAndRunsKeepIt(@TempDir Path tmp) throws IOException {
        Path images = colourFolder(tmp, 8);
        Path red = images.resolve("red/0.png");
        for (String channels : List.of("3", "1")) {
            Path run = tmp.resolve("run-" + channels);
            Result train = kiln("train", "--model", "flatten,linear(8),relu", "--channels", channels, "--data", images.toString(),
                    "--image-size", "8", "--epochs", "1", "--batch-size", "4", "--out", run.toString());
            assertEquals(0, train.status(), train.out() + train.err());
            assertTrue(train.out().contains("samples of shape [" + channels + ", 8, 8]"), train.out());
            assertEquals(Long.parseLong(channels), Json.parseObject(Files.readString(run.resolve("run.json"))).get("channels"));
            // the first layer takes channels x 8 x 8 inputs: evaluate and predict fail unless they read the images as training did
            Result evaluate = kiln("evaluate", run.toString());
            assertEquals(0, evaluate.status(), evaluate.out() + evaluate.err());
            assertTrue(evaluate.out().contains("6 test samples"), evaluate.out());
            Result predict = kiln("predict", "--json", run.toString(), red.toString());
            assertEquals(0, predict.status(), predict.out() + predict.err());
            assertTrue(predict.out().contains("\"input\":\"0.png\""), predict.out());
        }
        // a run.json from before channels were recorded: its image folder was read as grey
        Path old = tmp.resolve("run-1");
        Map<String, Object> config = new java.util.LinkedHashMap<>(Json.parseObject(Files.readString(old.resolve("run.json"))));
        config.remove("channels");
        Files.writeString(old.resolve("run.json"), Json.write(config));
        Result evaluate = kiln("evaluate", old.toString());
        assertEquals(0, evaluate.status(), evaluate.out() + evaluate.err());
    }

    @Test
    void channelsOptionIsCheckedAndRefusedForDataThatAreNotAnImageFolder(@TempDir Path tmp) throws IOException {
        Path images = colourFolder(tmp, 8);
        Result two = kiln("train", "--channels", "2", "--data", images.toString(), "--out", tmp.resolve("a").toString());
        assertEquals(1, two.status(), two.out() + two.err());
        assertTrue(two.err().startsWith("kiln: --channels: expected 1 (grey-scale) or 3 (RGB), got 2"), two.err());
        Result iris = kiln("train", "--channels", "3", "--data", "iris", "--out", tmp.resolve("b").toString());
        assertEquals(1, iris.status(), iris.out() + iris.err());
        assertTrue(iris.err().startsWith("kiln: --channels 3 applies to an image folder; iris has samples of shape [4]"), iris.err());
        assertTrue(Files.notExists(tmp.resolve("b")), "no run folder for a refused start");
    }

    @Test
    void vggNeedsThirtyTwoPixelImages(@TempDir Path tmp) throws IOException {
        Path images = colourFolder(tmp, 16);
        Result r = kiln("train", "--model", "vgg", "--data", images.toString(), "--image-size", "16", "--epochs", "1",
                "--out", tmp.resolve("run").toString());
        assertEquals(1, r.status(), r.out() + r.err());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.getFirst().startsWith("kiln: ") && lines.getFirst().contains("Cx32x32"), lines.getFirst());
    }
}
