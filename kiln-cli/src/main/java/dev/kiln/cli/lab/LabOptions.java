package dev.kiln.cli.lab;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every lab experiment takes: the output folder and the random seed. */
final class LabOptions {
    @Option(names = "--out", paramLabel = "DIR", description = "Output folder for the charts and index.html (default lab/<experiment>).")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    /** The output folder of experiment {@code name}. */
    Path dir(String name) {
        return out != null ? out : Path.of("lab", name);
    }
}
