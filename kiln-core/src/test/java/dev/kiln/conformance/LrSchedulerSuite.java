package dev.kiln.conformance;

import java.util.Map;

/** Placeholder. */
public final class LrSchedulerSuite implements CaseRunner {
    @Override
    public String run(Map<String, Object> c) {
        throw new UnsupportedOperationException("lr");
    }
}
