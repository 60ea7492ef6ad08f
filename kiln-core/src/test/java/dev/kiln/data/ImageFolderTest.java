package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
    @TempDir
    Path root;

    private void image(String cls, String name, int w, int h, Color color) throws IOException {
        Path dir = Files.createDirectories(root.resolve(cls));
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        ImageIO.write(img, "png", dir.resolve(name).toFile());
    }

    @Test
    void readsClassesInSortedOrderResizedAndScaled() throws IOException {
        image("dog", "a.png", 20, 10, Color.WHITE);
        image("cat", "b.png", 8, 8, Color.BLACK);
        image("cat", "c.png", 16, 16, new Color(255, 0, 0));
        Files.writeString(root.resolve("cat").resolve("notes.txt"), "not an image");
        ImageFolder.Result grey = ImageFolder.read(root, 8, 8, ColorMode.GREY);
        assertEquals(List.of("cat", "dog"), grey.classes());
        assertArrayEquals(new int[] {3, 1, 8, 8}, grey.dataset().inputs().shape());
        assertArrayEquals(new long[] {0, 0, 1}, grey.dataset().targets().toLongArray());
        float[] px = grey.dataset().inputs().toFloatArray();
        assertEquals(0f, px[0], 1e-6, "black");
        assertEquals(0.299f, px[64], 1e-3, "pure red in grey (ITU-R 601 luma)");
        assertEquals(1f, px[128], 1e-6, "white");

        ImageFolder.Result rgb = ImageFolder.read(root, 4, 6, ColorMode.RGB);
        assertArrayEquals(new int[] {3, 3, 4, 6}, rgb.dataset().inputs().shape());
        float[] c = rgb.dataset().inputs().toFloatArray();
        int plane = 4 * 6;
        assertEquals(1f, c[3 * plane], 1e-6, "red channel of the red image");
        assertEquals(0f, c[4 * plane], 1e-6, "green channel of the red image");
    }

    @Test
    void refusesFoldersWithoutClassesAndUnreadableImages() throws IOException {
        IOException none = assertThrows(IOException.class, () -> ImageFolder.read(root, 8, 8, ColorMode.GREY));
        assertTrue(none.getMessage().contains("no class sub-folders"), none.getMessage());
        Path bad = Files.createDirectories(root.resolve("x")).resolve("broken.png");
        Files.write(bad, new byte[] {1, 2, 3});
        IOException broken = assertThrows(IOException.class, () -> ImageFolder.read(root, 8, 8, ColorMode.GREY));
        assertTrue(broken.getMessage().contains("broken.png"), broken.getMessage());
    }

    @Test
    void colorModeIsChosenByChannelCount() {
        assertEquals(ColorMode.GREY, ColorMode.ofChannels(1));
        assertEquals(ColorMode.RGB, ColorMode.ofChannels(3));
        assertEquals(3, ColorMode.RGB.channels());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColorMode.ofChannels(4));
        assertTrue(e.getMessage().contains("got 4"), e.getMessage());
    }
}
