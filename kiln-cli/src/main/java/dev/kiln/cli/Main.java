package dev.kiln.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kiln} command: trains, evaluates and demonstrates models.
 *
 * <p>Error contract: every failure — bad options included — is one line {@code kiln: <what>} on
 * stderr (usually {@code kiln: <file>: <what>}, see {@link ErrorMessages}) and exit status 1. A
 * stack trace is printed only with {@code --debug}, accepted anywhere on the command line.
 */
@Command(name = "kiln", mixinStandardHelpOptions = true, version = "kiln 0.1.0",
        description = "Deep learning in plain Java: train, evaluate and explore networks.",
        footer = {"", "Add --debug to any command to see the stack trace of a failure."},
        subcommands = {TrainCommand.class, TuneCommand.class, EvaluateCommand.class, PredictCommand.class, ExportCommand.class, dev.kiln.cli.lab.LabCommand.class, DemoCommand.class,
            dev.kiln.cli.board.BoardCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** The option that shows stack traces. */
    static final String DEBUG = "--debug";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Entry point; never shows a stack trace for bad input. */
    public static void main(String[] args) {
        stopWithLauncher();
        System.exit(run(args));
    }

    /**
     * The {@code kiln} script runs Java as its child (to filter stderr) and passes its own process
     * id; if the script is killed outright ({@code kill -9}), Java stops too, as it did when the
     * script exec'ed it, instead of running on unseen.
     */
    private static void stopWithLauncher() {
        String launcher = System.getProperty("kiln.launcher.pid");
        if (launcher == null || !launcher.matches("[0-9]{1,18}")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(launcher)).ifPresent(script -> {
            // polled (every 20 ms, a cheap liveness check) because onExit() of a non-child process notices only after seconds
            Thread watch = new Thread(() -> {
                try {
                    // a killed script may linger as a zombie until reaped, but Java is re-parented at once
                    while (script.isAlive() && ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) == script.pid()) {
                        Thread.sleep(20);
                    }
                    Runtime.getRuntime().halt(137);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "kiln-launcher-watch");
            watch.setDaemon(true);
            watch.start();
        });
    }

    /** Runs the command line and returns the exit status (0 success, 1 any failure). */
    public static int run(String... args) {
        List<String> rest = new ArrayList<>();
        boolean debug = false;
        boolean endOfOptions = false;
        for (String a : args) {
            if (!endOfOptions && a.equals(DEBUG)) {
                debug = true;
            } else {
                endOfOptions |= a.equals("--");
                rest.add(a);
            }
        }
        boolean showTrace = debug;
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("kiln: " + ErrorMessages.oneLine(ex.getMessage()) + " (see '" + cmd.getCommandSpec().qualifiedName()
                    + " --help')");
            if (showTrace) {
                ex.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return 1;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> fail(ex, showTrace));
        try {
            return cli.execute(rest.toArray(new String[0]));
        } catch (OutOfMemoryError | StackOverflowError | ExceptionInInitializerError e) {
            return fail(e, showTrace);
        }
    }

    private static int fail(Throwable ex, boolean showTrace) {
        System.out.flush();
        System.err.println("kiln: " + ErrorMessages.describe(ex));
        if (showTrace) {
            ex.printStackTrace(System.err);
        }
        System.err.flush();
        return 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
