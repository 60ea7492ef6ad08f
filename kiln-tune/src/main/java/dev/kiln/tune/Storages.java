package dev.kiln.tune;

/** Factories for the storages. */
public final class Storages {
    private Storages() {
    }

    /** A storage in this process's memory: fast, lost when the process ends. The default. */
    public static Storage inMemory() {
        return new InMemoryStorage();
    }
}
