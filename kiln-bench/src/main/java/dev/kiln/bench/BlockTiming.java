package dev.kiln.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The best per-call times of a call run in blocks: wall-clock ms and the calling thread's CPU ms (a fair figure on a
 * loaded machine when the kernels run on the calling thread), each the minimum over the blocks after the first,
 * which warms the JIT up.
 *
 * @param wallMs best wall-clock ms per call
 * @param cpuMs best CPU ms of the calling thread per call
 */
record BlockTiming(double wallMs, double cpuMs) {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    /** Runs {@code blocks + 1} blocks of {@code calls} calls and keeps the best block of all but the first. */
    static BlockTiming best(int blocks, int calls, Runnable call) {
        double wall = Double.MAX_VALUE;
        double cpu = Double.MAX_VALUE;
        for (int b = 0; b <= blocks; b++) {
            long c0 = MX.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int c = 0; c < calls; c++) {
                call.run();
            }
            long t1 = System.nanoTime();
            long c1 = MX.getCurrentThreadCpuTime();
            if (b > 0) {
                wall = Math.min(wall, (t1 - t0) / 1e6 / calls);
                cpu = Math.min(cpu, (c1 - c0) / 1e6 / calls);
            }
        }
        return new BlockTiming(wall, cpu);
    }
}
