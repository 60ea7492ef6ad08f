package dev.kiln.cli;

import java.io.EOFException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns any failure into the one line the CLI prints after {@code kiln: }. Kiln's own exceptions
 * already say {@code <file>: <what>}; the JDK's terse ones are translated ({@code
 * NoSuchFileException: x} becomes {@code x: no such file}, an {@code EOFException} becomes
 * "unexpected end of file"), wrappers are unwrapped, and a multi-line message is joined with "; ".
 */
final class ErrorMessages {
    private ErrorMessages() {
    }

    /** The message for a failure, on one line, without exception class names for expected failures. */
    static String describe(Throwable ex) {
        Throwable e = ex;
        String context = null;
        while (true) {
            if (e instanceof UncheckedIOException u && e.getCause() != null) {
                context = join(context, ownMessage(u));
                e = e.getCause();
            } else if ((e instanceof CompletionException || e instanceof ExecutionException || e instanceof picocli.CommandLine.ExecutionException)
                    && e.getCause() != null) {
                e = e.getCause();
            } else {
                break;
            }
        }
        String what = plain(e);
        if (context != null && !context.contains(what)) {
            what = context.endsWith(what) ? context : context + ": " + what;
        } else if (context != null) {
            what = context;
        }
        return oneLine(what);
    }

    private static String ownMessage(UncheckedIOException u) {
        String m = u.getMessage();
        Throwable c = u.getCause();
        if (m == null || (c != null && m.equals(c.toString()))) {
            return null;
        }
        return m;
    }

    private static String join(String outer, String inner) {
        if (inner == null) {
            return outer;
        }
        return outer == null ? inner : outer + ": " + inner;
    }

    private static String plain(Throwable e) {
        String m = e.getMessage() == null ? "" : e.getMessage().strip();
        return switch (e) {
            case NoSuchFileException f -> f.getFile() + ": no such file or folder";
            case AccessDeniedException f -> f.getFile() + ": permission denied";
            case NotDirectoryException f -> f.getFile() + ": not a folder";
            case FileAlreadyExistsException f -> f.getFile() + ": already exists";
            case DirectoryNotEmptyException f -> f.getFile() + ": folder not empty";
            case FileSystemException f -> f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "file system error")
                    + (f.getOtherFile() != null ? " (" + f.getOtherFile() + ")" : "");
            case CharacterCodingException c -> "invalid UTF-8 text" + (m.isEmpty() ? "" : " (" + m + ")");
            case EOFException eof -> m.isEmpty() ? "unexpected end of file (truncated input)" : "unexpected end of file: " + m;
            case OutOfMemoryError oom -> "out of memory (" + m + "): the data or model is too large for the Java heap of "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB; give it more (KILN_HEAP=4g with the kiln launcher, -Xmx4g"
                    + " with java) or use smaller inputs";
            case StackOverflowError so -> "internal error: stack overflow (run with --debug for the stack trace)";
            case NumberFormatException nfe -> "invalid number: " + m;
            case dev.kiln.onnx.OnnxFormatException onnx when !m.isEmpty() -> m;
            case dev.kiln.onnx.OnnxExportException export when !m.isEmpty() -> m;
            case java.io.IOException io -> m.isEmpty() ? "input/output error" : m;
            case IllegalArgumentException iae when !m.isEmpty() -> m;
            case IllegalStateException ise when !m.isEmpty() -> m;
            case UnsupportedOperationException uoe when !m.isEmpty() -> m;
            default -> "internal error: " + e + " (run with --debug for the stack trace)";
        };
    }

    /** A message on one line: line breaks and the white space around them become "; ". */
    static String oneLine(String message) {
        String m = message == null ? "" : message.strip();
        return m.replaceAll("\\s*\\R\\s*", "; ");
    }
}
