package dev.kiln.cli.lab;

import java.io.IOException;

/**
 * One demonstration of the notes: a claim (a number or a behaviour a student should see happen),
 * the code that measures it, and the charts that show it. {@code kiln lab <id>} runs one,
 * {@code kiln lab all} runs every one into a small book.
 */
interface Experiment {
    /** The short name used on the command line, e.g. {@code mse-loss}. */
    String id();

    /** A one-line title. */
    String title();

    /** The seed file whose demonstration this is. */
    Chapter chapter();

    /** The note's claim, in words, with its number where it gives one. */
    String claim();

    /**
     * Runs the experiment: writes tables and charts into {@code report} and returns what was
     * measured and whether the claim holds.
     *
     * @param report where tables and charts go
     * @param seed   the random seed
     */
    Finding run(LabReport report, long seed) throws IOException;
}
