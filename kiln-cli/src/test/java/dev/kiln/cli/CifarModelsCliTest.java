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
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln train --model resnet18 | vgg} on a small folder of 32×32 images (read as one channel, as every image folder). */
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
            assertEquals(model, Json.parseObject(Files.readString(run.resolve("run.json"))).get("model"));
            Result predict = kiln("predict", run.toString(), images.resolve("red/0.png").toString());
            assertEquals(0, predict.status(), predict.err());
            assertTrue(predict.out().startsWith("0.png: "), predict.out());
        }
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
