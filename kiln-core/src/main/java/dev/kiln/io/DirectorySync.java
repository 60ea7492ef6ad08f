package dev.kiln.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes the entries of a folder durable: after a file is renamed into a folder, the rename itself
 * lives in the folder's own data, which must be flushed ({@code fsync} on the folder) for the
 * rename to survive a power cut. Where the operating system cannot open a folder for syncing
 * (Windows), this does nothing: there the rename is as durable as the OS makes it.
 */
public final class DirectorySync {
    private DirectorySync() {
    }

    /**
     * Flushes {@code dir}'s entries to the storage device (fsync), where the OS allows it.
     *
     * @param dir the folder whose entries (renames, new files) must survive a power cut
     * @throws IOException if the folder can be opened but not synced
     */
    public static void force(Path dir) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException notOnThisOs) {
            return;
        }
        try (ch) {
            ch.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw new IOException(dir + ": cannot sync the folder to disk: " + e.getMessage(), e);
            }
        }
    }
}
