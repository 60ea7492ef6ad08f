package dev.kiln.backend.cpu.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The checked-in generated kernels are exactly what {@link KernelGenerator} writes (byte for byte), so that
 * nobody edits them by hand. With {@code -Dkiln.regenerate=true} the test writes them instead.
 */
class GeneratedKernelsTest {
    @Test
    void checkedInKernelsMatchTheGenerator() throws IOException {
        Path module = Path.of("").toAbsolutePath();
        if (Boolean.getBoolean("kiln.regenerate")) {
            KernelGenerator.writeAll(module);
        }
        for (KernelGenerator.GeneratedFile f : KernelGenerator.FILES) {
            Path file = module.resolve(f.path());
            assertTrue(Files.isRegularFile(file), "missing generated file " + file);
            String expected = f.text();
            String actual = Files.readString(file, StandardCharsets.UTF_8);
            assertEquals(expected, actual, file + " differs from KernelGenerator's output: it is generated, do not edit it"
                    + " by hand; change the emitter and regenerate (see the file's header)");
        }
    }

}
