package dev.kiln.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures the wall time of a region and the CPU that <em>other</em> processes used meanwhile (a
 * noise indicator), like {@code Probe} in {@code bench_torch.py}: foreign CPUs = (busy jiffies of the
 * whole machine − this process's CPU time) / wall time, from {@code /proc/stat}.
 */
final class Probe {
    /** Kernel clock ticks per second ({@code SC_CLK_TCK}); 100 on every Linux this runs on. */
    private static final double HZ = 100.0;
    private static final com.sun.management.OperatingSystemMXBean OS = osBean();

    private final long busy0;
    private final long steal0;
    private final long cpu0;
    private final long t0;
    double wall;
    double foreignCpus;
    double stealCpus;

    private Probe() {
        long[] st = procStat();
        busy0 = st[0];
        steal0 = st[1];
        cpu0 = processCpuNanos();
        t0 = System.nanoTime();
    }

    /** Starts measuring now. */
    static Probe start() {
        return new Probe();
    }

    /** Stops measuring and fills {@link #wall}, {@link #foreignCpus} and {@link #stealCpus}. */
    Probe stop() {
        wall = (System.nanoTime() - t0) / 1e9;
        long[] st = procStat();
        double own = (processCpuNanos() - cpu0) / 1e9;
        double busy = (st[0] - busy0) / HZ;
        if (busy0 < 0 || st[0] < 0 || wall <= 0) {
            foreignCpus = 0;
            stealCpus = 0;
        } else {
            foreignCpus = Math.max(0, (busy - own) / wall);
            stealCpus = (st[1] - steal0) / HZ / wall;
        }
        return this;
    }

    private static com.sun.management.OperatingSystemMXBean osBean() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean b ? b : null;
    }

    private static long processCpuNanos() {
        return OS == null ? 0 : Math.max(0, OS.getProcessCpuTime());
    }

    /** {busy, steal} jiffies from the first line of /proc/stat, or {-1, -1} where it cannot be read. */
    static long[] procStat() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            return parseCpuLine(line);
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    /** Parses {@code cpu user nice system idle iowait irq softirq steal …} into {busy, steal}. */
    static long[] parseCpuLine(String line) {
        String[] p = line.trim().split("\\s+");
        long[] v = new long[p.length - 1];
        for (int i = 1; i < p.length; i++) {
            v[i - 1] = Long.parseLong(p[i]);
        }
        long busy = v[0] + v[1] + v[2] + v[5] + v[6];
        long steal = v.length > 7 ? v[7] : 0;
        return new long[] {busy, steal};
    }

    /** The machine's 1-minute load average. */
    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
