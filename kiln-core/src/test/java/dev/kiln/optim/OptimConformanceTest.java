package dev.kiln.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.conformance.CaseRunner;
import dev.kiln.conformance.LrSchedulerSuite;
import dev.kiln.conformance.OptimSuite;
import dev.kiln.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs {@code optim.json} and {@code lr_schedulers.json} through OptimSuite and LrSchedulerSuite. */
class OptimConformanceTest {
    @SuppressWarnings("unchecked")
    private static List<String> runSuite(String file, CaseRunner runner) throws IOException {
        String text;
        try (InputStream in = OptimConformanceTest.class.getResourceAsStream("/conformance/" + file)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Object> doc = Json.parseObject(text);
        List<String> failures = new ArrayList<>();
        int passed = 0;
        int unsupported = 0;
        for (Object o : (List<Object>) doc.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            try {
                String err = runner.run(c);
                if (err == null) {
                    passed++;
                } else {
                    failures.add(c.get("id") + ": " + err);
                }
            } catch (UnsupportedOperationException e) {
                unsupported++;
                failures.add(c.get("id") + ": unsupported " + e.getMessage());
            } catch (RuntimeException e) {
                failures.add(c.get("id") + ": " + e);
            }
        }
        System.out.println(doc.get("suite") + ": " + passed + " passed, " + (failures.size() - unsupported) + " failed, "
                + unsupported + " unsupported");
        failures.forEach(f -> System.out.println("  " + f));
        return failures;
    }

    @Test
    void optimSuitePasses() throws IOException {
        assertEquals(List.of(), runSuite("optim.json", new OptimSuite()));
    }

    @Test
    void lrSchedulerSuitePasses() throws IOException {
        assertEquals(List.of(), runSuite("lr_schedulers.json", new LrSchedulerSuite()));
    }
}
