package dev.kiln.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Collects the exception messages of failed tasks while a barrier stage runs, to tell the first
 * cause from its consequences: when one replica fails, its neighbours lose the ring and fail too
 * ("ring all-reduce: … lost rank …"), and Spark reports whichever task it heard of first.
 */
final class TaskFailures extends SparkListener {
    private static final String RING = "ring all-reduce:";
    private final List<String> messages = new ArrayList<>();

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.reason() instanceof ExceptionFailure f) {
            messages.add(f.description());
            notifyAll();
        }
    }

    /**
     * The first failure that is not a lost ring connection, waiting up to {@code millis} for it (the
     * listener bus delivers asynchronously); else the first failure; else null.
     */
    synchronized String cause(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            for (String m : messages) {
                if (m != null && !m.startsWith(RING)) {
                    return m;
                }
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return messages.isEmpty() ? null : messages.getFirst();
            }
            wait(left);
        }
    }
}
