package dev.kiln.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java examples compile as they are printed (imports included): each block becomes
 * the body of a {@code main} method, its imports on top, compiled with javac against kiln-core,
 * kiln-onnx and kiln-tune. The first one is run and prints what the README shows. The standalone
 * project under {@code examples/standalone}, which depends on kiln-core alone, holds the same
 * kiln-core blocks verbatim and runs them (examples/standalone/run.sh).
 */
class ReadmeExamplesTest {
    private static final Path README = Path.of("../README.md");
    private static final Path STANDALONE = Path.of("standalone/src/main/java/example/ReadmeExamples.java");

    /** The README's ```java blocks. */
    static List<String> javaBlocks() throws IOException {
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(README));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    /** A block as a class: its imports, then its statements in main. */
    static String asClass(String name, String block) {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : block.lines().toList()) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        return imports + "public class " + name + " {\n public static void main(String[] args) throws Exception {\n" + body + "}\n}\n";
    }

    @Test
    void everyJavaBlockCompilesAsPrinted(@TempDir Path tmp) throws Exception {
        List<String> blocks = javaBlocks();
        assertTrue(blocks.size() >= 3, "the quick example, the Trainer example and the hand-written loop: " + blocks.size());
        List<Path> sources = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Path f = tmp.resolve("src/ReadmeExample" + i + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, asClass("ReadmeExample" + i, blocks.get(i)));
            sources.add(f);
        }
        Path classes = tmp.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                "-Xlint:all", "-Werror"));
        sources.forEach(s -> args.add(s.toString()));
        StringWriter diagnostics = new StringWriter();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = javac.run(null, null, err, args.toArray(String[]::new));
        diagnostics.write(err.toString(StandardCharsets.UTF_8));
        assertEquals(0, status, "the README's examples do not compile as printed:\n" + diagnostics);

        // the first block prints the gradient the README shows in its comments
        String first = blocks.getFirst();
        StringBuilder expected = new StringBuilder();
        for (String line : first.lines().toList()) {
            int c = line.indexOf("// ");
            if (c >= 0) {
                expected.append(line.substring(c + 3).stripTrailing()).append('\n');
            }
        }
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            loader.loadClass("ReadmeExample0").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(out);
        }
        assertEquals(expected.toString(), captured.toString(StandardCharsets.UTF_8), "the first example prints what the README says");
    }

    @Test
    void theStandaloneProjectHoldsTheReadmeExamplesVerbatim() throws IOException {
        List<String> source = Files.readString(STANDALONE).lines().map(String::strip).toList();
        String joined = String.join("\n", source);
        for (String block : javaBlocks()) {
            if (block.contains("import dev.kiln.onnx.") || block.contains("import dev.kiln.tune.")) {
                continue; // the standalone project depends on kiln-core alone
            }
            for (String line : block.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
                assertTrue(source.contains(line), "examples/standalone lacks the README line: " + line);
            }
            String statements = String.join("\n", block.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("import ")).toList());
            assertTrue(joined.contains(statements), "examples/standalone lacks the README block starting: " + statements.lines().findFirst().orElse(""));
        }
    }
}
