package dev.kiln.cli.lab;

/**
 * What an experiment measured: the key number(s) in words, and whether the note's claim holds,
 * computed from that measurement.
 *
 * @param measured the measurement, e.g. {@code "MSELoss = 1.3283"}
 * @param holds    whether the measurement agrees with the note's claim
 */
record Finding(String measured, boolean holds) {
    Finding {
        if (measured == null || measured.isBlank()) {
            throw new IllegalArgumentException("a finding needs a measurement");
        }
    }
}
