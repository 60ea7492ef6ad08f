package dev.kiln.tune;

/** Factories for the pruners. */
public final class Pruners {
    private Pruners() {
    }

    /** Never prunes. */
    public static Pruner none() {
        return (study, trial) -> false;
    }
}
