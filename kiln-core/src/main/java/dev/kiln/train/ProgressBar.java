package dev.kiln.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A terminal progress bar for one epoch: epoch, step/total, a bar, the running loss, throughput
 * and the estimated time left. On a terminal it redraws one line in place; when the output is not
 * a terminal (a log file, CI) it prints a plain line at each tenth of the epoch instead.
 */
public final class ProgressBar {
    /** How the progress is shown. */
    public enum Display {
        /** One line redrawn in place (an interactive terminal). */
        REDRAWN,
        /** A plain line at each tenth of the epoch (a log file, CI). */
        LINES;

        /** {@return {@link #REDRAWN} when standard output is an interactive terminal, else {@link #LINES}} */
        public static Display forStandardOutput() {
            return System.console() != null && System.console().isTerminal() ? REDRAWN : LINES;
        }
    }

    private static final int WIDTH = 24;
    private final PrintStream out;
    private final boolean interactive;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();
    private int lastDecile = -1;

    /**
     * A bar for {@code total} steps (zero or negative: an unknown number, shown without bar or ETA).
     *
     * @param out where the bar is printed
     * @param display redrawn in place or printed as plain lines ({@link Display#forStandardOutput})
     * @param label the text before the bar ({@code epoch 1/10})
     * @param total the number of steps of the epoch
     */
    public ProgressBar(PrintStream out, Display display, String label, int total) {
        this.out = out;
        this.interactive = display == Display.REDRAWN;
        this.label = label;
        this.total = total;
    }

    /**
     * Reports that {@code step} steps (of {@code total}) are done, with the running loss and samples seen.
     *
     * @param step steps done in this epoch
     * @param loss the running mean loss
     * @param samples samples seen in this epoch (for the throughput)
     */
    public void update(int step, double loss, long samples) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        double rate = elapsed > 0 ? samples / elapsed : 0;
        if (total <= 0) {
            String stats = String.format(Locale.ROOT, "%s %d loss %.4f %.0f samples/s", label, step, loss, rate);
            if (interactive) {
                out.print("\r" + stats + "   ");
                out.flush();
            } else if (step % 100 == 0) {
                out.println(stats);
            }
            return;
        }
        double eta = step > 0 ? elapsed * (total - step) / step : 0;
        String stats = String.format(Locale.ROOT, "%s %d/%d loss %.4f %.0f samples/s ETA %s", label, step, total, loss, rate, time(eta));
        if (interactive) {
            int filled = (int) ((long) WIDTH * step / total);
            out.print("\r" + stats.substring(0, stats.indexOf(' ')) + " [" + "=".repeat(filled) + (filled < WIDTH ? ">" : "")
                    + " ".repeat(Math.max(0, WIDTH - filled - 1)) + "]" + stats.substring(stats.indexOf(' ')) + "   ");
            if (step >= total) {
                out.println();
            }
            out.flush();
        } else {
            int decile = (int) (10L * step / total);
            if (decile != lastDecile && (decile > 0 || step == total)) {
                lastDecile = decile;
                out.println(stats);
            }
        }
    }

    private static String time(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }
}
