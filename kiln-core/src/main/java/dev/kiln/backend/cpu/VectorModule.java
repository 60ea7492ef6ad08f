package dev.kiln.backend.cpu;

/**
 * The check that the JVM was started with the incubating Vector API, which Kiln's kernels use:
 * without {@code --add-modules jdk.incubator.vector}, the first tensor fails with one sentence
 * that says what to add, instead of a {@code NoClassDefFoundError} from deep inside a kernel.
 */
public final class VectorModule {
    /** The module Kiln's kernels need. */
    public static final String NAME = "jdk.incubator.vector";

    /** The sentence a JVM without the module fails with. */
    public static final String MISSING = "Kiln needs the Vector API: start java with --add-modules " + NAME
            + " (for Maven, add it to Surefire's argLine and to MAVEN_OPTS for exec:java; see the README).";

    private VectorModule() {
    }

    /**
     * Whether the Vector API is available to Kiln's classes.
     *
     * @return true if {@code jdk.incubator.vector} is resolved in this JVM
     */
    public static boolean available() {
        Module kiln = VectorModule.class.getModule();
        ModuleLayer layer = kiln.getLayer() != null ? kiln.getLayer() : ModuleLayer.boot();
        return layer.findModule(NAME).isPresent() || ModuleLayer.boot().findModule(NAME).isPresent();
    }

    /**
     * Fails unless the Vector API is available. Called when the first tensor class is initialised.
     *
     * @throws LinkageError with {@link #MISSING} as its message if the module is missing (an
     *     {@code Error}, so that it is not wrapped in an {@code ExceptionInInitializerError})
     */
    public static void require() {
        if (!available()) {
            throw new LinkageError(MISSING);
        }
    }
}
