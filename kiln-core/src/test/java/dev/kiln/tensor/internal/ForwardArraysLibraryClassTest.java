package dev.kiln.tensor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.nn.Sequential;
import dev.kiln.nn.activation.ReLU;
import dev.kiln.nn.zoo.BasicBlock;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.example.kiln.UserSequential;
import org.junit.jupiter.api.Test;

/**
 * Which module classes {@link ForwardArrays} trusts as the library's own (their intermediate outputs may be lent):
 * the class itself decides, by its code source and package on the class path — a user's subclass never counts,
 * not even when a fat jar bundles it with the library.
 */
class ForwardArraysLibraryClassTest {
    @Test
    void theLibrarysPackagesAreExactlyThoseItsBuildHolds() throws IOException, URISyntaxException {
        Path classes = Path.of(ForwardArrays.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> built;
        try (Stream<Path> files = Files.walk(classes)) {
            built = files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().equals("module-info.class"))
                    .map(f -> classes.relativize(f.getParent()).toString().replace(f.getFileSystem().getSeparator(), "."))
                    .collect(Collectors.toSet());
        }
        assertEquals(built, ForwardArrays.PACKAGES, "ForwardArrays.PACKAGES must list every package of kiln-core");
    }

    @Test
    void aLibraryClassIsTrustedAndAUsersSubclassIsNot() {
        assertTrue(ForwardArrays.isLibraryClass(ReLU.class));
        assertTrue(ForwardArrays.isLibraryClass(BasicBlock.class));
        assertFalse(ForwardArrays.isLibraryClass(UserSequential.class));
        assertFalse(ForwardArrays.isLibraryClass(new Sequential() { }.getClass()), "a subclass in a library package, from the tests' classes");
    }

    @Test
    void inAFatJarTheUsersClassesStayTheUsers() throws IOException {
        // one code source for the library and the user's classes, as a jar that bundles both gives
        CodeSource library = ForwardArrays.class.getProtectionDomain().getCodeSource();
        FatJarLoader loader = new FatJarLoader(library);
        Class<?> user = loader.define(UserSequential.class);
        Class<?> block = loader.define(BasicBlock.class);
        assertNotSame(UserSequential.class, user);
        assertEquals(library.getLocation().toString(), user.getProtectionDomain().getCodeSource().getLocation().toString());
        assertFalse(ForwardArrays.isLibraryClass(user), "a user's class bundled with the library");
        assertTrue(ForwardArrays.isLibraryClass(block), "the library's class bundled with the user's");
    }

    /** Defines copies of compiled classes with the library's code source (everything else comes from the parent). */
    private static final class FatJarLoader extends ClassLoader {
        private final ProtectionDomain domain;

        FatJarLoader(CodeSource source) {
            super(ForwardArraysLibraryClassTest.class.getClassLoader());
            domain = new ProtectionDomain(new CodeSource(source.getLocation(), (Certificate[]) null), null, this, null);
        }

        Class<?> define(Class<?> original) throws IOException {
            String resource = original.getName().replace('.', '/') + ".class";
            try (InputStream in = original.getClassLoader().getResourceAsStream(resource)) {
                byte[] bytes = in.readAllBytes();
                return defineClass(original.getName(), bytes, 0, bytes.length, domain);
            }
        }
    }
}
