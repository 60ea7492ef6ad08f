package dev.kiln;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The compiled {@code module-info.class} of kiln-core: it exports the user packages, unqualified,
 * and none of the internals (storage and engine state, the engine's op hooks, the op
 * implementations, the kernels), and it requires only JDK modules.
 */
class ModuleDescriptorTest {
    /** The module-info.class beside kiln-core's classes (a folder under Maven, or the jar). */
    private static ModuleDescriptor descriptor() throws IOException, URISyntaxException {
        Path where = Path.of(dev.kiln.tensor.Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(where)) {
            try (InputStream in = Files.newInputStream(where.resolve("module-info.class"))) {
                return ModuleDescriptor.read(in);
            }
        }
        try (JarFile jar = new JarFile(where.toFile())) {
            JarEntry e = jar.getJarEntry("module-info.class");
            assertNotNull(e, "kiln-core's jar holds a module-info.class");
            try (InputStream in = jar.getInputStream(e)) {
                return ModuleDescriptor.read(in);
            }
        }
    }

    @Test
    void exportsTheUserPackagesAndNoInternals() throws IOException, URISyntaxException {
        ModuleDescriptor d = descriptor();
        assertEquals("dev.kiln.core", d.name());
        Set<String> exported = d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of("dev.kiln.tensor", "dev.kiln.autograd", "dev.kiln.nn", "dev.kiln.nn.activation",
                "dev.kiln.nn.functional", "dev.kiln.nn.init", "dev.kiln.nn.loss", "dev.kiln.nn.zoo", "dev.kiln.optim",
                "dev.kiln.optim.lr", "dev.kiln.data", "dev.kiln.data.transforms", "dev.kiln.train", "dev.kiln.io", "dev.kiln.backend")), exported);
        for (ModuleDescriptor.Exports e : d.exports()) {
            assertTrue(!e.isQualified(), e.source() + " is exported to everyone");
        }
        for (String internal : Set.of("dev.kiln.tensor.internal", "dev.kiln.autograd.internal", "dev.kiln.tensor.ops", "dev.kiln.backend.cpu")) {
            assertFalse(exported.contains(internal), internal + " is not exported");
        }
    }

    @Test
    void requiresOnlyTheJdk() throws IOException, URISyntaxException {
        for (ModuleDescriptor.Requires r : descriptor().requires()) {
            assertTrue(r.name().startsWith("java.") || r.name().startsWith("jdk."), "requires " + r.name());
        }
    }
}
