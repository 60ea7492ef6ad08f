package dev.kiln.backend.cpu.gen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Supplier;

/**
 * Writes the generated kernel sources of {@code dev.kiln.backend.cpu}: the unrolled register kernels whose
 * accumulators must be named locals (the JIT keeps only those in vector registers), so that each shape is
 * one template here instead of a hand-written copy. The outputs are checked in; {@code GeneratedKernelsTest}
 * fails when one differs from what this program writes, so they are never edited by hand.
 *
 * <p>Regenerate after changing an emitter (from the repository root):
 * {@code mvn -B -o -pl kiln-core test -Dtest=GeneratedKernelsTest -Dkiln.regenerate=true}
 */
public final class KernelGenerator {
    /** One generated file: its path under the kiln-core module and its text. */
    record GeneratedFile(Path path, Supplier<String> body) {
        /** The full text: the generated-file header, then the class. */
        String text() {
            return HEADER + body.get();
        }
    }

    static final String HEADER = """
            // GENERATED FILE - do not edit. Written by dev.kiln.backend.cpu.gen.KernelGenerator
            // (kiln-core/src/test/java/dev/kiln/backend/cpu/gen); GeneratedKernelsTest fails when this file differs from
            // the generator's output. Change the emitter and regenerate:
            //   mvn -B -o -pl kiln-core test -Dtest=GeneratedKernelsTest -Dkiln.regenerate=true
            """;

    private static final Path PACKAGE = Path.of("src", "generated", "java", "dev", "kiln", "backend", "cpu");

    /** Every generated file, paths relative to the kiln-core module directory. */
    static final List<GeneratedFile> FILES = List.of(
            new GeneratedFile(PACKAGE.resolve("LaneConvKernels.java"), () -> new LaneConvEmitter().emit()),
            new GeneratedFile(PACKAGE.resolve("GemmMicroKernel.java"), () -> new GemmEmitter().emit()),
            new GeneratedFile(PACKAGE.resolve("SmallGemmKernels.java"), () -> new SmallGemmEmitter().emit()));

    private KernelGenerator() {
    }

    /** Writes every generated file under {@code module} (temporary file, then an atomic rename). */
    static void writeAll(Path module) throws IOException {
        for (GeneratedFile f : FILES) {
            Path target = module.resolve(f.path());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(tmp, f.text(), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** {@code KernelGenerator [kiln-core module directory]} (default: the current directory). */
    public static void main(String[] args) throws IOException {
        Path module = Path.of(args.length > 0 ? args[0] : ".");
        writeAll(module);
        for (GeneratedFile f : FILES) {
            System.out.println("wrote " + module.resolve(f.path()));
        }
    }
}
