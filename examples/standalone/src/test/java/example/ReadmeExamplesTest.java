package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the README's examples under Surefire with the argLine the README gives. */
class ReadmeExamplesTest {
    private static String captured(Runnable r) {
        PrintStream out = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            r.run();
        } finally {
            System.setOut(out);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void autogradPrintsTheGradientTheReadmeShows() {
        assertEquals("tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])\n", captured(ReadmeExamples::autograd));
    }

    @Test
    void theHandWrittenLoopLearns() {
        String out = captured(ReadmeExamples::loop);
        double loss = Double.parseDouble(out.substring(out.indexOf(": ") + 2).strip());
        assertTrue(loss < 0.6, "one epoch of SGD brings the test loss from 2.3 well down: " + out);
    }
}
