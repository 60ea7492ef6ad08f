package dev.kiln.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Linear;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A JVM started without {@code --add-modules jdk.incubator.vector} fails at the first tensor with one sentence. */
class VectorModuleTest {
    /** Run in a child JVM without the module: builds a layer, as a first program would. */
    public static final class FirstUse {
        private FirstUse() {
        }

        /**
         * Builds a Linear layer.
         *
         * @param args ignored
         */
        public static void main(String[] args) {
            System.out.println(new Linear(4, 2).forward(dev.kiln.tensor.Tensor.ones(1, 4)));
        }
    }

    private static Process java(List<String> options) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java));
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FirstUse.class.getName()));
        return new ProcessBuilder(command).start();
    }

    @Test
    void withoutTheModuleTheFirstTensorFailsWithOneSentence() throws Exception {
        assertTrue(VectorModule.available(), "this test JVM has the module");
        Process p = java(List.of());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), err);
        String first = err.lines().findFirst().orElse("");
        assertEquals("Exception in thread \"main\" java.lang.LinkageError: " + VectorModule.MISSING, first, err);
        assertFalse(err.contains("NoClassDefFoundError"), err);
    }

    @Test
    void withTheModuleTheSameProgramRuns() throws Exception {
        Process p = java(List.of("--add-modules", VectorModule.NAME));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), err);
        assertTrue(out.startsWith("tensor("), out);
    }
}
