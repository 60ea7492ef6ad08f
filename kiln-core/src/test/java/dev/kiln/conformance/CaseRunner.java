package dev.kiln.conformance;

import java.util.Map;

/**
 * Runs whole cases of a suite whose protocol is not forward/backward (optimisers and learning
 * rate schedulers): {@code OptimSuite} and {@code LrSchedulerSuite} in package
 * {@code dev.kiln.conformance}, found by the runner by name.
 */
public interface CaseRunner {
    /**
     * Runs one case (the parsed JSON object).
     *
     * @return null when it passed
     * @throws UnsupportedOperationException when the case's op is not implemented
     */
    String run(Map<String, Object> testCase);
}
