package dev.kiln.hostile;

import java.lang.management.ManagementFactory;

/** Bytes allocated on the Java heap by the current thread while running an action (HotSpot's per-thread counter). */
public final class Allocation {
    private Allocation() {
    }

    /** An action that may throw. */
    @FunctionalInterface
    public interface Action {
        /** Runs it. */
        void run() throws Throwable;
    }

    /** The bytes the current thread allocated while {@code action} ran (whether it returned or threw). */
    public static long measure(Action action) {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = bean.getCurrentThreadAllocatedBytes();
        try {
            action.run();
        } catch (Throwable expectedOrNot) {
            // the caller checks what was thrown separately; here only memory counts
        }
        return bean.getCurrentThreadAllocatedBytes() - before;
    }
}
