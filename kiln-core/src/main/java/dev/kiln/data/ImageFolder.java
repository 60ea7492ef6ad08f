package dev.kiln.data;

import dev.kiln.tensor.Tensor;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads an image folder with one sub-folder per class ({@code root/cat/001.png}, {@code root/dog/…}),
 * like torchvision's ImageFolder: classes are the sorted sub-folder names, images (PNG, JPEG, GIF,
 * BMP, fully decoded by {@link ImageDecoder}, which refuses truncated or corrupt files) are resized
 * to {@code height}×{@code width} and scaled to [0, 1], as 1×H×W (grey) or 3×H×W (RGB) float32.
 * A class folder without images is refused (as torchvision does), naming the folder.
 */
public final class ImageFolder {
    private ImageFolder() {
    }

    /**
     * The loaded images and the class names in label order.
     *
     * @param dataset the images (N, C, height, width) in [0, 1] and their labels
     * @param classes the sub-folder names, sorted; label i is classes.get(i)
     */
    public record Result(TensorDataset dataset, List<String> classes) {
    }

    /**
     * Reads every image under {@code root}.
     *
     * @param root a folder with one sub-folder of images per class
     * @param height the height every image is resized to
     * @param width the width every image is resized to
     * @param mode {@link ColorMode#RGB} for three colour channels, {@link ColorMode#GREY} for one grey-scale channel
     * @return the images and the class names
     * @throws IOException naming the folder or the image that cannot be read
     */
    public static Result read(Path root, int height, int width, ColorMode mode) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + ": not a folder");
        }
        List<Path> classDirs;
        try (var s = Files.list(root)) {
            classDirs = s.filter(Files::isDirectory).sorted().toList();
        }
        if (classDirs.isEmpty()) {
            throw new IOException(root + ": no class sub-folders (expected root/<class>/<image>)");
        }
        int channels = mode.channels();
        if (height < 1 || width < 1 || (long) channels * height * width > ImageDecoder.MAX_PIXELS) {
            throw new IllegalArgumentException("ImageFolder: image size " + height + "x" + width + " must be positive and at most "
                    + ImageDecoder.MAX_PIXELS + " values");
        }
        int size = channels * height * width;
        List<float[]> images = new ArrayList<>();
        List<Long> labels = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < classDirs.size(); c++) {
            Path dir = classDirs.get(c);
            classes.add(dir.getFileName().toString());
            List<Path> files;
            try (var s = Files.list(dir)) {
                files = s.filter(p -> Files.isRegularFile(p) && ImageDecoder.hasImageExtension(p)).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new IOException(dir + ": class folder without images (.png, .jpg, .jpeg, .gif, .bmp); remove it or add images");
            }
            if ((long) images.size() + files.size() > Integer.MAX_VALUE / size) {
                throw new IOException(root + ": too many images of " + height + "x" + width + " for one tensor");
            }
            for (Path f : files) {
                BufferedImage img = ImageDecoder.read(f);
                images.add(pixels(resize(img, height, width), channels, size));
                labels.add((long) c);
            }
        }
        if (images.isEmpty()) {
            throw new IOException(root + ": no images found in the class folders");
        }
        float[] data = new float[images.size() * size];
        long[] y = new long[images.size()];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, data, i * size, size);
            y[i] = labels.get(i);
        }
        return new Result(new TensorDataset(Tensor.fromArray(data, images.size(), channels, height, width), Tensor.fromArray(y, y.length)),
                List.copyOf(classes));
    }

    private static BufferedImage resize(BufferedImage img, int h, int w) {
        if (img.getWidth() == w && img.getHeight() == h) {
            return img;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static float[] pixels(BufferedImage img, int channels, int size) {
        int h = img.getHeight();
        int w = img.getWidth();
        float[] out = new float[size];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                float r = ((rgb >> 16) & 0xFF) / 255f;
                float gr = ((rgb >> 8) & 0xFF) / 255f;
                float b = (rgb & 0xFF) / 255f;
                if (channels == 1) {
                    out[y * w + x] = 0.299f * r + 0.587f * gr + 0.114f * b;
                } else {
                    out[y * w + x] = r;
                    out[h * w + y * w + x] = gr;
                    out[2 * h * w + y * w + x] = b;
                }
            }
        }
        return out;
    }
}
