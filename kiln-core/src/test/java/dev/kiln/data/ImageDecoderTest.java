package dev.kiln.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.hostile.Allocation;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regression tests for the image defects of issue 12: damaged files refused with their path, empty class folders refused. */
class ImageDecoderTest {
    @TempDir
    Path dir;

    /** A 64×48 picture with a gradient (so a JPEG has real entropy-coded data), encoded in {@code format}. */
    static byte[] encoded(String format) throws IOException {
        return encoded(format, 64, 48);
    }

    /** A w×h picture with a gradient and seeded noise, encoded in {@code format}. */
    static byte[] encoded(String format, int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        java.util.Random noise = new java.util.Random(12);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.RED, 64, 48, Color.BLUE));
        g.fillRect(0, 0, 64, 48);
        g.setColor(Color.WHITE);
        g.drawString("Kiln", 5, 30);
        g.dispose();
        for (int i = 0; i < w * h / 8; i++) {
            img.setRGB(noise.nextInt(w), noise.nextInt(h), noise.nextInt(1 << 24));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    private String refused(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        String m = assertThrows(IOException.class, () -> ImageDecoder.read(p)).getMessage();
        assertTrue(m.startsWith(p.toString() + ": "), "the message starts with the path: " + m);
        return m;
    }

    @Test
    void validImagesOfEveryFormatDecode() throws IOException {
        for (String format : new String[] {"png", "jpg", "gif", "bmp"}) {
            Path p = dir.resolve("ok." + format);
            Files.write(p, encoded(format));
            BufferedImage img = ImageDecoder.read(p);
            assertEquals(64, img.getWidth(), format);
            assertEquals(48, img.getHeight(), format);
        }
    }

    @Test
    void aJpegCutInHalfIsRefused() throws IOException {
        byte[] jpeg = encoded("jpg", 256, 256);
        assertTrue(refused("half.jpg", Arrays.copyOf(jpeg, jpeg.length / 2)).contains("truncated JPEG"));
        assertTrue(refused("no-eoi.jpg", Arrays.copyOf(jpeg, jpeg.length - 2)).contains("truncated JPEG"));
        assertTrue(refused("two.jpg", Arrays.copyOf(jpeg, 2)).contains("truncated JPEG"));
        // cut in half but given an end-of-image marker: the structure looks complete, the decoder finds the data short
        byte[] patched = Arrays.copyOf(jpeg, jpeg.length / 2 + 2);
        patched[patched.length - 2] = (byte) 0xFF;
        patched[patched.length - 1] = (byte) 0xD9;
        String m = refused("patched.jpg", patched);
        assertTrue(m.contains("corrupt JPEG"), m);
    }

    @Test
    void truncatedOrCorruptPngGifBmpAreRefused() throws IOException {
        byte[] png = encoded("png");
        assertTrue(refused("cut.png", Arrays.copyOf(png, png.length - 20)).contains("truncated PNG"));
        assertTrue(refused("no-iend.png", Arrays.copyOf(png, png.length - 12)).contains("truncated PNG"));
        byte[] flipped = png.clone();
        flipped[png.length / 2] ^= 0x10;
        assertTrue(refused("crc.png", flipped).contains("CRC mismatch"));
        byte[] gif = encoded("gif");
        assertTrue(refused("cut.gif", Arrays.copyOf(gif, gif.length - 10)).contains("truncated GIF"));
        byte[] bmp = encoded("bmp");
        assertTrue(refused("cut.bmp", Arrays.copyOf(bmp, bmp.length - 100)).contains("truncated BMP"));
        assertTrue(refused("text.png", "hello".getBytes()).contains("not a PNG, JPEG, GIF or BMP image"));
        assertTrue(refused("empty.jpg", new byte[0]).contains("not a PNG, JPEG, GIF or BMP image"));
    }

    @Test
    void hugeDimensionsAreRefusedBeforeDecoding() throws IOException {
        // a structurally valid PNG whose IHDR claims 100000 x 100000 pixels and one tiny IDAT
        byte[] png = encoded("png");
        ByteBuffer b = ByteBuffer.wrap(png);
        b.putInt(16, 100_000).putInt(20, 100_000);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        b.putInt(29, (int) crc.getValue());
        Path p = dir.resolve("bomb.png");
        Files.write(p, png);
        long allocated = Allocation.measure(() -> {
            String m = assertThrows(IOException.class, () -> ImageDecoder.read(p)).getMessage();
            assertTrue(m.contains("100000x100000 pixels is more than"), m);
        });
        assertTrue(allocated < 32 << 20, "allocated " + allocated);
    }

    @Test
    void emptyClassFolderIsRefused() throws IOException {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("cat"));
        Files.write(root.resolve("cat/a.png"), encoded("png"));
        Files.createDirectories(root.resolve("dog"));
        Files.writeString(root.resolve("dog/readme.txt"), "no images here");
        String m = assertThrows(IOException.class, () -> ImageFolder.read(root, 8, 8, ColorMode.GREY)).getMessage();
        assertTrue(m.startsWith(root.resolve("dog") + ": class folder without images"), m);
    }
}
