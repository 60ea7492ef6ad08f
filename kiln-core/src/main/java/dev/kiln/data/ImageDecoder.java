package dev.kiln.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes a PNG, JPEG, GIF or BMP file completely, or refuses it with an {@link IOException} whose
 * message starts with the file's path. ImageIO alone "succeeds" on damaged files (a JPEG cut in
 * half decodes, its missing rows filled with one grey); like PIL and torchvision, this refuses:
 *
 * <ul>
 * <li>the format is recognised by its signature, not by the file name;</li>
 * <li>the file's structure is walked before decoding: PNG chunks with their CRC-32 up to
 *     {@code IEND}; JPEG marker segments and entropy-coded data up to the {@code EOI} marker; the
 *     GIF trailer byte; a BMP's pixel array within the file;</li>
 * <li>the dimensions are read from the header first and more than {@link #MAX_PIXELS} pixels are
 *     refused before any pixel is allocated (PIL's decompression-bomb limit);</li>
 * <li>any warning of the decoder (for example libjpeg's "Premature end of JPEG file") refuses the image.</li>
 * </ul>
 */
public final class ImageDecoder {
    /** The most pixels an image may have: 89,478,485, PIL's {@code Image.MAX_IMAGE_PIXELS}. */
    public static final long MAX_PIXELS = 89_478_485L;
    /** The largest image file read, in bytes. */
    public static final long MAX_FILE_BYTES = 1L << 30;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private ImageDecoder() {
    }

    /**
     * Whether a file name has an image extension this decoder reads (png, jpg, jpeg, gif, bmp).
     *
     * @param file a file name or path
     * @return true for .png, .jpg, .jpeg, .gif and .bmp, in any case
     */
    public static boolean hasImageExtension(Path file) {
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".gif") || n.endsWith(".bmp");
    }

    /**
     * Reads and fully decodes an image.
     *
     * @param file the image file
     * @return the decoded image
     * @throws IOException starting with {@code file}'s path when it is missing, of another format, truncated or corrupt
     */
    public static BufferedImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + (Files.isDirectory(file) ? ": is a folder, not an image" : ": no such file"));
        }
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IOException(file + ": " + size + " bytes is more than the " + MAX_FILE_BYTES + " an image file may have");
        }
        byte[] bytes = Files.readAllBytes(file);
        String format = format(bytes);
        if (format == null) {
            throw new IOException(file + ": not a PNG, JPEG, GIF or BMP image (unrecognised signature, " + bytes.length + " bytes)");
        }
        String problem = switch (format) {
            case "PNG" -> checkPng(bytes);
            case "JPEG" -> checkJpeg(bytes);
            case "GIF" -> checkGif(bytes);
            default -> checkBmp(bytes);
        };
        if (problem != null) {
            throw new IOException(file + ": " + problem);
        }
        try {
            return decode(bytes, format, file);
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (m.startsWith(file.toString())) {
                throw e instanceof IOException io ? io : new IOException(m, e);
            }
            throw new IOException(file + ": corrupt " + format + " image (" + m.strip().replaceAll("\\s*\\R\\s*", "; ") + ")", e);
        }
    }

    private static BufferedImage decode(byte[] bytes, String format, Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException(file + ": no decoder for this " + format + " image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w <= 0 || h <= 0 || w * h > MAX_PIXELS) {
                    throw new IOException(file + ": " + w + "x" + h + " pixels " + (w <= 0 || h <= 0 ? "is not a valid size"
                            : "is more than the " + MAX_PIXELS + " an image may have (decompression bomb?)"));
                }
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener(new IIOReadWarningListener() {
                    @Override
                    public void warningOccurred(ImageReader source, String warning) {
                        warnings.add(warning);
                    }
                });
                BufferedImage img = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new IOException(file + ": corrupt " + format + " image (" + String.join("; ", warnings).strip() + ")");
                }
                if (img == null) {
                    throw new IOException(file + ": not a readable image");
                }
                return img;
            } finally {
                reader.dispose();
            }
        }
    }

    private static String format(byte[] b) {
        if (startsWith(b, PNG_SIGNATURE)) {
            return "PNG";
        }
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8) {
            return "JPEG";
        }
        if (startsWith(b, "GIF87a".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                || startsWith(b, "GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            return "GIF";
        }
        if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
            return "BMP";
        }
        return null;
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u8(byte[] b, int at) {
        return b[at] & 0xFF;
    }

    private static long u32be(byte[] b, int at) {
        return ((long) u8(b, at) << 24) | (u8(b, at + 1) << 16) | (u8(b, at + 2) << 8) | u8(b, at + 3);
    }

    private static long u32le(byte[] b, int at) {
        return ((long) u8(b, at + 3) << 24) | (u8(b, at + 2) << 16) | (u8(b, at + 1) << 8) | u8(b, at);
    }

    /** Walks the PNG chunks: lengths inside the file, CRC-32 of type and data, IHDR first, IEND reached. */
    private static String checkPng(byte[] b) {
        int at = PNG_SIGNATURE.length;
        boolean first = true;
        while (true) {
            if (at + 12 > b.length) {
                return "truncated PNG (the file ends before the IEND chunk)";
            }
            long length = u32be(b, at);
            String type = new String(b, at + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (length > b.length - at - 12L) {
                return "truncated PNG (chunk " + printable(type) + " of " + length + " bytes runs past the end of the file)";
            }
            if (first && !type.equals("IHDR")) {
                return "corrupt PNG (the first chunk is not IHDR)";
            }
            first = false;
            CRC32 crc = new CRC32();
            crc.update(b, at + 4, 4 + (int) length);
            int end = at + 8 + (int) length;
            if (crc.getValue() != u32be(b, end)) {
                return "corrupt PNG (CRC mismatch in chunk " + printable(type) + " at byte " + at + ")";
            }
            if (type.equals("IEND")) {
                return null;
            }
            at = end + 4;
        }
    }

    private static String printable(String type) {
        return type.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? type : "(unprintable)";
    }

    /** Walks the JPEG marker segments and entropy-coded data up to EOI. */
    private static String checkJpeg(byte[] b) {
        int at = 2;
        while (true) {
            if (at >= b.length) {
                return "truncated JPEG (the file ends before the end-of-image marker)";
            }
            if (u8(b, at) != 0xFF) {
                return "corrupt JPEG (no marker at byte " + at + ")";
            }
            while (at < b.length && u8(b, at) == 0xFF) {
                at++;
            }
            if (at >= b.length) {
                return "truncated JPEG (the file ends before the end-of-image marker)";
            }
            int marker = u8(b, at++);
            if (marker == 0xD9) {
                return null;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                continue;
            }
            if (marker == 0x00 || marker == 0xD8) {
                return "corrupt JPEG (unexpected marker 0x" + Integer.toHexString(marker).toUpperCase(java.util.Locale.ROOT) + " at byte "
                        + (at - 1) + ")";
            }
            if (at + 2 > b.length) {
                return "truncated JPEG (the file ends inside a marker segment)";
            }
            int length = (u8(b, at) << 8) | u8(b, at + 1);
            if (length < 2 || at + length > b.length) {
                return "truncated JPEG (a marker segment runs past the end of the file)";
            }
            at += length;
            if (marker == 0xDA) {
                // entropy-coded data: runs until a marker other than a stuffed 0xFF00 or a restart marker
                while (true) {
                    if (at + 1 >= b.length) {
                        return "truncated JPEG (the file ends inside the image data, before the end-of-image marker)";
                    }
                    if (u8(b, at) == 0xFF) {
                        int next = u8(b, at + 1);
                        if (next != 0x00 && next != 0xFF && !(next >= 0xD0 && next <= 0xD7)) {
                            break;
                        }
                        at += next == 0xFF ? 1 : 2;
                    } else {
                        at++;
                    }
                }
            }
        }
    }

    /** A GIF ends with its trailer byte 0x3B (zero padding after it is tolerated, as PIL does). */
    private static String checkGif(byte[] b) {
        int end = b.length;
        while (end > 0 && b[end - 1] == 0) {
            end--;
        }
        return end < 14 || b[end - 1] != 0x3B ? "truncated GIF (no trailer byte)" : null;
    }

    /** Checks a BMP's header sizes: the pixel array of an uncompressed image lies inside the file. */
    private static String checkBmp(byte[] b) {
        if (b.length < 26) {
            return "truncated BMP (" + b.length + " bytes; the headers need at least 26)";
        }
        long offset = u32le(b, 10);
        long infoSize = u32le(b, 14);
        if (offset > b.length) {
            return "truncated BMP (the pixel data would start at byte " + offset + " of " + b.length + ")";
        }
        if (infoSize >= 40 && b.length >= 54) {
            long width = (int) u32le(b, 18);
            long height = Math.abs((long) (int) u32le(b, 22));
            int bits = u8(b, 28) | (u8(b, 29) << 8);
            long compression = u32le(b, 30);
            if (compression == 0 && width > 0 && bits > 0) {
                long row = (width * bits + 31) / 32 * 4;
                if (height > 0 && row * height > b.length - offset) {
                    return "truncated BMP (" + width + "x" + height + " pixels of " + bits + " bits need " + row * height
                            + " bytes of pixel data, the file has " + (b.length - offset) + ")";
                }
            }
        }
        return null;
    }
}
