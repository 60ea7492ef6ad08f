package dev.kiln.cli.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code kiln lab}: the executable edition of the notes. {@code kiln lab list} names every
 * experiment (id, title, seed file); {@code kiln lab <id>} runs one, printing its tables and
 * writing its charts and page; {@code kiln lab all --out DIR} runs all of them and writes a small
 * book (index.html with a chapter per seed file, a page per experiment, lab.json). Each page puts
 * the note's claim beside what Kiln measured and whether it holds. The first experiments also
 * exist as sub-commands with their own options ({@code kiln lab init --layers 40}).
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"The notes' demonstrations, each with the note's claim beside Kiln's measurement.",
            "kiln lab list | kiln lab <id> [--out DIR] | kiln lab all [--out DIR]"},
        subcommands = {InitExperiment.class, GradientsExperiment.class, SymmetryExperiment.class, ActivationsExperiment.class,
            SchedulesExperiment.class, OptimizersExperiment.class})
public final class LabCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "list|all|ID",
            description = "list: name every experiment; all: run every experiment into a book; ID: run one experiment.")
    String target;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default lab/<id>, or lab for all).")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (target == null) {
            spec.commandLine().usage(System.out);
            System.out.println();
            list();
            return 0;
        }
        switch (target) {
            case "list" -> list();
            case "all" -> LabBook.runAll(Experiments.all(), out != null ? out : Path.of("lab"), seed, System.out);
            default -> {
                Experiment e = Experiments.find(target).orElseThrow(() -> new IllegalArgumentException(
                        "unknown experiment '" + target + "' (kiln lab list names them)"));
                LabBook.runOne(e, out != null ? out : Path.of("lab", e.id()), seed, System.out);
            }
        }
        return 0;
    }

    /** Prints every experiment: id, seed file and title, in the order of the notes. */
    private static void list() {
        List<Experiment> all = Experiments.all();
        int w = all.stream().mapToInt(e -> e.id().length()).max().orElse(2);
        System.out.println(String.format("%-" + w + "s  %s  %s", "id", "seed", "title"));
        for (Experiment e : all) {
            System.out.println(String.format("%-" + w + "s  %-4s  %s", e.id(), e.chapter().file, e.title()));
        }
    }
}
