package dev.kiln.tensor.internal;

import dev.kiln.autograd.GradMode;
import dev.kiln.autograd.internal.Tracing;
import dev.kiln.backend.Workspace;
import dev.kiln.tensor.Tensor;
import java.security.CodeSource;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where the library's forward ops get the arrays of their large float32 outputs: lent from the bound
 * {@link Workspace} when only the library's own code and the autograd graph can reach the output until
 * the backward pass has released it, else new. A lent array comes back to the workspace after the
 * backward pass (see {@link Loan}), so that a training step reuses the last step's activation arrays
 * instead of allocating them afresh, as PyTorch's caching allocator does.
 *
 * <p>An op's output is lent when all of these hold: a workspace that reuses arrays is bound; grad mode is
 * on (a graph node will hold the output and its release says when it is dead); no {@code Trace} records;
 * the output has at least {@link Workspace#MIN_LENGTH} elements; and the innermost running module
 * ({@link #within}, entered by {@code Module.call}) is one of the library's own classes, called by another
 * one (as the layers of a model the user calls with {@code model.call(x)}). The library's
 * modules keep no reference to their intermediate results; what crosses into code outside the library
 * — a module's result returned to its caller outside the library, the input of a user's module, what a
 * forward hook sees — is marked {@linkplain #escape(Tensor) escaped} by {@code Module.call} and never
 * reused: a tensor a user keeps keeps its values.
 */
public final class ForwardArrays {
    /** What kind of module's forward runs innermost (see {@link #within}). */
    private enum Frame {
        /** A user's module: nothing is lent, and its input escaped. */
        USER,
        /** One of the library's modules called from outside the library's modules: its result escapes. */
        LIBRARY_CALLED_FROM_OUTSIDE,
        /** One of the library's modules called by another: outputs are lent. */
        LIBRARY_IN_LIBRARY
    }

    private static final ScopedValue<Frame> FRAME = ScopedValue.newInstance();
    /**
     * The packages of this library (module {@code dev.kiln.core}), for the class-path rule of
     * {@link #isLibraryClass}; a test checks the set against the classes the build produced.
     */
    static final Set<String> PACKAGES = Set.of("dev.kiln.autograd", "dev.kiln.autograd.internal", "dev.kiln.backend",
            "dev.kiln.backend.cpu", "dev.kiln.data", "dev.kiln.data.transforms", "dev.kiln.internal", "dev.kiln.io", "dev.kiln.nn",
            "dev.kiln.nn.activation", "dev.kiln.nn.functional", "dev.kiln.nn.init", "dev.kiln.nn.loss", "dev.kiln.nn.zoo",
            "dev.kiln.optim", "dev.kiln.optim.lr", "dev.kiln.tensor", "dev.kiln.tensor.internal", "dev.kiln.tensor.ops",
            "dev.kiln.train");
    /** Whether a class is one of this library's own (see {@link #isLibraryClass}; a fact of the class, cached per class). */
    private static final ClassValue<Boolean> LIBRARY_CLASS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return libraryClass(type);
        }
    };

    private ForwardArrays() {
    }

    /**
     * {@return true when outputs may be lent at all: a workspace that reuses arrays is bound} (A module
     * call outside any such workspace needs no bookkeeping.)
     */
    public static boolean active() {
        return Workspace.current().map(Workspace::reusesBuffers).orElse(false);
    }

    /** {@return true while the forward of one of the library's own modules runs (innermost module)} */
    public static boolean inLibraryModule() {
        return FRAME.isBound() && FRAME.get() != Frame.USER;
    }

    /**
     * {@return true for a class of this library itself, false for a user's class, a subclass of a library class
     * included} The class itself decides, not its ancestry: on the module path, its module is {@code dev.kiln.core}
     * (no other module can hold a class of the library's packages); on the class path, it was loaded from the
     * library's own jar or directory and lies in one of the library's packages ({@link #PACKAGES}) — a fat jar that
     * bundles the library holds the user's classes too, in packages of their own.
     *
     * @param type the class, e.g. a module's
     */
    public static boolean isLibraryClass(Class<?> type) {
        return LIBRARY_CLASS.get(type);
    }

    /**
     * Runs a module's forward as the innermost module.
     *
     * @param library true when the module is one of the library's own classes
     * @param callerIsLibrary true when it is called by one of the library's modules ({@link #inLibraryModule()}
     *     before the call); the ops of a library module called from outside lend nothing, as their results are
     *     likely what the module returns (and escapes)
     * @param forward the forward computation
     * @return its result
     */
    public static Tensor within(boolean library, boolean callerIsLibrary, Supplier<Tensor> forward) {
        Frame frame = !library ? Frame.USER : callerIsLibrary ? Frame.LIBRARY_IN_LIBRARY : Frame.LIBRARY_CALLED_FROM_OUTSIDE;
        return ScopedValue.where(FRAME, frame).call(forward::get);
    }

    /**
     * {@return true when {@link #floats(int)} lends an array of length {@code n} (see the class comment)}
     *
     * @param n the output's number of elements
     */
    public static boolean lends(int n) {
        return n >= Workspace.MIN_LENGTH && FRAME.isBound() && FRAME.get() == Frame.LIBRARY_IN_LIBRARY && GradMode.isEnabled()
                && !Tracing.isRecording() && active();
    }

    /**
     * {@return the storage of a float32 forward output of {@code n} elements: lent from the bound workspace
     * when {@link #lends(int)}, with arbitrary contents, else a new zero-filled array} The caller writes
     * every element.
     *
     * @param n the number of elements
     */
    public static Storage floats(int n) {
        return lends(n) ? lent(n) : Storage.wrap(new float[n]);
    }

    /**
     * {@return the storage of a float32 forward output of {@code n} elements lent from the bound workspace,
     * with arbitrary contents} For an op that asked {@link #lends(int)} before it turned grad mode off to
     * compute; the caller writes every element.
     *
     * @param n the number of elements
     * @throws IllegalStateException if no workspace that reuses arrays is bound
     */
    public static Storage lent(int n) {
        Workspace workspace = Workspace.current().filter(Workspace::reusesBuffers)
                .orElseThrow(() -> new IllegalStateException("ForwardArrays.lent: no workspace that reuses arrays is bound"));
        return Storage.lent(new Loan(workspace, Workspace.floats(n)));
    }

    /**
     * Marks {@code t}'s storage as reachable from code outside the library: if its array is lent, it never
     * goes back to the workspace. Null and tensors of their own arrays are left alone.
     *
     * @param t a tensor handed to code outside the library, or null
     */
    public static void escape(Tensor t) {
        if (t != null) {
            Loan loan = TensorInternals.storage(t).loan();
            if (loan != null) {
                loan.escape();
            }
        }
    }

    private static boolean libraryClass(Class<?> type) {
        Module library = ForwardArrays.class.getModule();
        if (library.isNamed()) {
            return type.getModule() == library;
        }
        return PACKAGES.contains(type.getPackageName()) && sameCodeSource(type, ForwardArrays.class);
    }

    private static boolean sameCodeSource(Class<?> a, Class<?> b) {
        CodeSource sa = a.getProtectionDomain().getCodeSource();
        CodeSource sb = b.getProtectionDomain().getCodeSource();
        // compared as strings: URL.equals may resolve host names
        return sa != null && sb != null && sa.getLocation() != null && sb.getLocation() != null
                && Objects.equals(sa.getLocation().toString(), sb.getLocation().toString());
    }
}
