package dev.kiln.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kiln} command: trains, evaluates and demonstrates models. */
@Command(name = "kiln", mixinStandardHelpOptions = true, version = "kiln 0.1.0",
        description = "Deep learning in plain Java: train, evaluate and explore networks.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, dev.kiln.cli.lab.LabCommand.class, DemoCommand.class,
            dev.kiln.cli.board.BoardCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Entry point; never shows a stack trace for bad input. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("kiln: " + oneLine(ex));
            cmd.getErr().flush();
            return 1;
        });
        return cli.execute(args);
    }

    /** The exception's message on one line (multi-line messages are joined with "; "). */
    static String oneLine(Exception ex) {
        String m = ex.getMessage() == null || ex.getMessage().isBlank() ? ex.toString() : ex.getMessage();
        return m.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
