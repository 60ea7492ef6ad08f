package dev.kiln.nn.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.conformance.ActivationOps;
import dev.kiln.conformance.LossOps;
import dev.kiln.conformance.MetricLossOps;
import dev.kiln.conformance.OpProvider;
import org.junit.jupiter.api.Test;

/** Runs activations.json, losses.json and metric_losses.json through this package's providers. */
class ConformanceSuitesTest {
    private static void check(String file, OpProvider provider) throws Exception {
        SuiteRunner.Result r = SuiteRunner.run(file, provider);
        System.out.println(file + ": " + r.summary());
        r.failures().forEach(f -> System.out.println("  " + f));
        assertEquals(0, r.failed() + r.unsupported(), file + ": " + r.summary() + "\n" + String.join("\n", r.failures()));
    }

    @Test
    void activations() throws Exception {
        check("activations.json", new ActivationOps());
    }

    @Test
    void losses() throws Exception {
        check("losses.json", new LossOps());
    }

    @Test
    void metricLosses() throws Exception {
        check("metric_losses.json", new MetricLossOps());
    }
}
