package dev.kiln.tune;

/** Factories for the storages. */
public final class Storages {
    private Storages() {
    }

    /** A storage in this process's memory: fast, lost when the process ends. The default. */
    public static Storage inMemory() {
        return new InMemoryStorage();
    }

    /**
     * A storage in a database named by its JDBC URL: {@code jdbc:sqlite:PATH} for an SQLite file (the
     * driver is included; survives kill -9, shareable by several processes), or any JDBC URL whose
     * driver is on the class path. Close it when done.
     */
    public static Storage jdbc(String url) {
        if (url == null || !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("storage: expected a JDBC URL such as jdbc:sqlite:study.db, got " + url);
        }
        return new JdbcStorage(url);
    }

    /** An SQLite file storage at {@code path} (created when missing). */
    public static Storage sqlite(java.nio.file.Path path) {
        return jdbc("jdbc:sqlite:" + path.toAbsolutePath());
    }
}
