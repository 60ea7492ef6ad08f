package dev.kiln.bench;

/**
 * One benchmark workload of WORKLOADS.md. An implementation builds its inputs, times them through
 * the {@link BenchContext} protocol and emits one record per figure, with {@code bench_torch.py}'s
 * {@code bench} names and field names so that the two outputs can be compared line by line.
 */
public interface Workload {
    /** The id as given on the command line, lower case: {@code w1} … {@code w6}. */
    String id();

    /** One line saying what is measured. */
    String title();

    /**
     * Runs the workload and emits its records.
     *
     * @throws PendingException when the library does not provide what the workload needs yet
     */
    void run(BenchContext ctx);

    /** Thrown by a workload whose building blocks (an op, a module, an optimiser) are not available yet. */
    final class PendingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** A workload that cannot run yet, with the reason. */
        public PendingException(String reason) {
            super(reason);
        }
    }
}
