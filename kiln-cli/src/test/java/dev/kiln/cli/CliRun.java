package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the {@code kiln} command in the test's JVM and captures what it prints. */
final class CliRun {
    /** The exit status and what the command printed on standard output and standard error. */
    record Result(int status, String out, String err) {
        /** The figure of the "test accuracy: N%" line, as a fraction. */
        double testAccuracy() {
            Matcher m = Pattern.compile("test accuracy: ([0-9.]+)%").matcher(out);
            assertTrue(m.find(), "no test accuracy in:\n" + out + err);
            return Double.parseDouble(m.group(1)) / 100;
        }
    }

    private CliRun() {
    }

    /**
     * Runs {@code kiln args…} through {@link Main#run} with standard output and error captured; one
     * run at a time, since {@code System.out} and {@code System.err} are the JVM's.
     */
    static synchronized Result kiln(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            System.out.flush();
            System.err.flush();
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
