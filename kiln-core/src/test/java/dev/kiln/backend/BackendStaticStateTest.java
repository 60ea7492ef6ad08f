package dev.kiln.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The backend holds no mutable state in statics beyond the CPU thread pool: no per-thread scratch
 * ({@link ThreadLocal}), no static buffers, no static counters. Scratch is the bound {@link Workspace}'s. Every
 * class compiled into {@code dev.kiln.backend} and {@code dev.kiln.backend.cpu} (generated kernels and nested
 * classes included) is read by reflection; a static field must be final and hold a value that cannot change: of
 * an immutable type (primitives, strings, boxed numbers, enums, scoped-value keys, the Vector API's species,
 * masks and shuffles), or an object all of whose instance fields are final and hold such values in turn (the
 * backends and kernel tables); or be one of the named exceptions below.
 */
class BackendStaticStateTest {
    /** The thread pool's setting and its workers: the one mutable static state the backend may hold. */
    private static final Set<String> THREAD_POOL = Set.of("dev.kiln.backend.cpu.Parallel.threads",
            "dev.kiln.backend.cpu.Parallel.team");
    /**
     * Fields that reflection cannot tell from state, each read to be none: a constant table (an array filled once by
     * the class initialiser and only read), and the micro-kernel's write-only guard that keeps its prefetching loads
     * of the C tile alive (written in a case that does not occur, never read).
     */
    private static final Set<String> NOT_STATE = Set.of("dev.kiln.backend.cpu.Winograd.FLIPPED",
            "dev.kiln.backend.cpu.GemmMicroKernel.sink");

    private static final List<String> BACKEND_PACKAGES = List.of("dev/kiln/backend", "dev/kiln/backend/cpu");

    @Test
    void noMutableStaticStateBeyondTheThreadPool() throws IOException, URISyntaxException, ReflectiveOperationException {
        Path classes = Path.of(Workspace.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> violations = new ArrayList<>();
        List<String> pool = new ArrayList<>();
        int read = 0;
        for (String pkg : BACKEND_PACKAGES) {
            try (Stream<Path> files = Files.list(classes.resolve(pkg))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                    String name = pkg.replace('/', '.') + "." + file.getFileName().toString().replace(".class", "");
                    if (name.endsWith("package-info")) {
                        continue;
                    }
                    Class<?> type = Class.forName(name, true, Workspace.class.getClassLoader());
                    read++;
                    violations.addAll(violations(type, pool));
                }
            }
        }
        assertTrue(read > 40, "read only " + read + " backend classes from " + classes);
        assertEquals(THREAD_POOL.size(), pool.size(), "the thread pool's fields moved: " + pool);
        assertEquals(List.of(), violations, "mutable static state in the backend (scratch belongs to the Workspace)");
    }

    /** The check catches what it is for: per-thread scratch, a static buffer, a static counter, a stateful singleton. */
    @Test
    void theCheckFindsStaticScratch() throws ReflectiveOperationException {
        List<String> found = violations(Scratchy.class, new ArrayList<>());
        assertEquals(4, found.size(), found.toString());
        for (String expected : List.of("Scratchy.SLIVER: holds a java.lang.ThreadLocal", "Scratchy.BLOCK: holds a float[]",
                "Scratchy.calls: not final", "Scratchy.POOL: holds a " + Counter.class.getName() + " whose field count is not final")) {
            assertTrue(found.stream().anyMatch(v -> v.contains(expected)), expected + " not in " + found);
        }
        assertEquals(List.of(), violations(Stateless.class, new ArrayList<>()));
    }

    @SuppressWarnings("unused")
    private static final class Scratchy {
        private static final ThreadLocal<float[]> SLIVER = ThreadLocal.withInitial(() -> new float[16]);
        private static final float[] BLOCK = new float[16];
        private static int calls;
        private static final Counter POOL = new Counter();
    }

    @SuppressWarnings("unused")
    private static final class Stateless {
        private static final int SIZE = 16;
        private static final String NAME = "kernel";
        private static final Stateless INSTANCE = new Stateless(SIZE);
        private final int size;

        private Stateless(int size) {
            this.size = size;
        }
    }

    private static final class Counter {
        @SuppressWarnings("unused")
        private int count;
    }

    /**
     * The static fields of {@code type} that hold state, each with why, in declaration order; the thread pool's are
     * added to {@code pool} instead.
     */
    private static List<String> violations(Class<?> type, List<String> pool) throws ReflectiveOperationException {
        List<String> violations = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) {
                continue;
            }
            String where = type.getName() + "." + f.getName();
            if (THREAD_POOL.contains(where)) {
                pool.add(where);
            } else if (NOT_STATE.contains(where)) {
                continue;
            } else if (!Modifier.isFinal(f.getModifiers())) {
                violations.add(where + ": not final");
            } else if (!immutable(f.getType())) {
                f.setAccessible(true);
                String why = statelessOrWhy(f.get(null), 0);
                if (why != null) {
                    violations.add(where + ": " + why);
                }
            }
        }
        return violations;
    }

    /**
     * {@return null when {@code value} holds no state that can change (null, an immutable type, or an object whose
     * instance fields, its superclasses' included, are all final and hold such values), else what can change}
     */
    private static String statelessOrWhy(Object value, int depth) throws IllegalAccessException {
        if (value == null || immutable(value.getClass())) {
            return null;
        }
        // a ThreadLocal's values live in the threads; a JDK collection, atomic or array is mutable
        if (value instanceof ThreadLocal<?> || value.getClass().isArray() || value.getClass().getName().startsWith("java.")
                || depth > 4) {
            return "holds a " + value.getClass().getTypeName();
        }
        for (Class<?> c = value.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                if (!Modifier.isFinal(f.getModifiers())) {
                    return "holds a " + c.getName() + " whose field " + f.getName() + " is not final";
                }
                f.setAccessible(true);
                String why = statelessOrWhy(f.get(value), depth + 1);
                if (why != null) {
                    return why;
                }
            }
        }
        return null;
    }

    /** Whether every value of {@code type} is immutable. */
    private static boolean immutable(Class<?> type) {
        return type.isPrimitive() || type == String.class || type.isEnum() || type == ScopedValue.class
                || type == Integer.class || type == Long.class || type == Float.class || type == Double.class
                || type.getName().startsWith("jdk.incubator.vector.Vector");
    }
}
