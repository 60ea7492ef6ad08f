package dev.kiln.cli.lab;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kiln lab}: reproduces the classic experiments of the notes, each printing a table of its
 * key numbers and writing PNG charts and an {@code index.html} into its output folder.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = "Reproduce the classic experiments: initialisation, gradients, symmetry, activations, schedules, optimizers.",
        subcommands = {InitExperiment.class, GradientsExperiment.class, SymmetryExperiment.class, ActivationsExperiment.class,
            SchedulesExperiment.class, OptimizersExperiment.class})
public final class LabCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
