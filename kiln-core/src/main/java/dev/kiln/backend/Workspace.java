package dev.kiln.backend;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The reusable scratch and gradient arrays of one computation — a backward pass, a training step, an
 * inference call — owned by whoever runs it, so that a training loop cycles the same cache-warm
 * arrays instead of allocating (and zeroing) megabytes per convolution per step, and so that two
 * trainings in one JVM (parallel hyper-parameter trials, Spark tasks) never share a buffer.
 *
 * <p>A workspace is bound to the running thread for the extent of {@link #run} or {@link #call}
 * (a {@link ScopedValue}); the kernels of the backend take arrays with {@link #floats(int)} /
 * {@link #doubles(int)} from the bound workspace and hand dead ones back with {@link #recycle(float[])}.
 * With no workspace bound, taking is a plain {@code new float[n]} and handing back does nothing. The
 * autograd engine binds a fresh workspace for a backward pass when none is bound (reuse within the
 * pass); {@code Trainer} binds its own for every step, so the arrays also survive from one step to the
 * next. A scope binds the workspace to its thread; the CPU thread pool's workers see it while they run
 * the chunks of a job that thread issued.
 *
 * <p>Kernel scratch: the backend holds no buffers of its own. The small per-task arrays a kernel keeps between
 * calls (the CPU GEMM's packed slivers of A and blocks of B) are objects it {@linkplain #borrow borrows} from
 * the bound workspace for the extent of one task and {@linkplain #handBack hands back}; with none bound it
 * makes fresh ones (so a loop of products or inference calls outside any workspace allocates them per call:
 * bind one around the loop, as {@code Trainer} does for its steps).
 *
 * <pre>{@code
 * Workspace ws = new Workspace();
 * for (Batch b : loader) {
 *     ws.run(() -> { opt.zeroGrad(); loss.forward(model.call(b.input()), b.target()).backward(); opt.step(); });
 * }
 * }</pre>
 *
 * <p>{@link #floats(int)} returns an array of exactly the asked length with <b>arbitrary
 * contents</b>; the caller must write every element it reads. An array handed back must no longer be
 * referenced by anything (tensor, view or graph node). A workspace keeps at most {@link #MAX_ARRAYS}
 * arrays and {@link #MAX_BYTES} bytes (at most half the maximum heap), dropping the oldest first (to the
 * garbage collector); arrays shorter than {@link #MIN_LENGTH} are not kept (small allocations are
 * cheap). Its methods are thread-safe, but it is meant for one computation at a time.
 *
 * <p>Forward outputs: inside the library's own modules (see {@code Module.call}) with grad mode on, the
 * large float32 outputs of convolution, batch normalisation, activations and residual adds take their
 * arrays from the bound workspace as loans ({@code dev.kiln.tensor.internal.ForwardArrays}). A loan
 * counts the graph nodes that hold such an output; when the backward pass has released the last of them
 * and the output never escaped to code outside the library (the model's caller, a forward hook, a user
 * module), the array comes back here ({@link #giveBack(float[])}) for the next step's forward. An escaped
 * output is never reused: a tensor a user keeps keeps its values.
 *
 * <p>{@link #withoutReuse()} makes the reference the reusing path is tested against: nothing is kept,
 * nothing is lent, and the autograd engine hands no gradient on to be overwritten in place.
 */
public final class Workspace {
    /** Arrays kept at most (a training step of ResNet-18 cycles about a hundred). */
    public static final int MAX_ARRAYS = 512;
    /** Bytes kept at most; and never more than half the JVM's maximum heap. */
    public static final long MAX_BYTES = 1L << 30;
    /** Arrays shorter than this are not kept. */
    public static final int MIN_LENGTH = 1 << 14;

    private static final ScopedValue<Workspace> CURRENT = ScopedValue.newInstance();

    /**
     * What a workspace did, counted (never timed): arrays asked for at pooled sizes, how many of them
     * were reused rather than allocated, arrays handed back and kept, and the bytes kept now.
     *
     * @param taken arrays of at least {@link #MIN_LENGTH} elements asked for
     * @param reused how many of those came from the workspace instead of {@code new}
     * @param recycled arrays handed back and kept
     * @param bytesHeld bytes the workspace keeps now
     */
    public record Stats(long taken, long reused, long recycled, long bytesHeld) {
    }

    private final boolean reuse;
    /** The kept float[] and double[] arrays, oldest first. */
    private final List<Object> kept = new ArrayList<>();
    /** The idle kernel scratch objects ({@link #borrow}), most recently handed back last. */
    private final List<Idle> idle = new ArrayList<>();
    private long bytes;
    private long taken;
    private long reused;
    private long recycled;
    /** The bytes kept at most: {@link #MAX_BYTES}, or half the maximum heap when that is less. */
    private final long maxBytes = Math.min(MAX_BYTES, Runtime.getRuntime().maxMemory() / 2);

    /** An empty workspace that keeps and reuses arrays. */
    public Workspace() {
        this(true);
    }

    private Workspace(boolean reuse) {
        this.reuse = reuse;
    }

    /**
     * {@return a workspace that keeps nothing: every array is fresh and the autograd engine overwrites no
     * gradient in place (the plain-allocation reference)}
     */
    public static Workspace withoutReuse() {
        return new Workspace(false);
    }

    /** {@return the workspace bound to this thread by an enclosing {@link #run} or {@link #call}, if any} */
    public static Optional<Workspace> current() {
        return CURRENT.isBound() ? Optional.of(CURRENT.get()) : Optional.empty();
    }

    /** {@return false for {@link #withoutReuse()}: then nothing is kept and no gradient is overwritten in place} */
    public boolean reusesBuffers() {
        return reuse;
    }

    /**
     * Runs {@code body} with this workspace bound to the current thread (scopes nest: the innermost
     * binding applies).
     *
     * @param body the computation, e.g. one training step
     */
    public void run(Runnable body) {
        ScopedValue.where(CURRENT, this).run(body);
    }

    /**
     * Runs {@code body} with this workspace bound to the current thread and returns its result.
     *
     * @param body the computation, e.g. one inference call
     * @param <R> the result type
     * @return what {@code body} returned
     */
    public <R> R call(Supplier<R> body) {
        return ScopedValue.where(CURRENT, this).call(body::get);
    }

    /** {@return the counts so far} */
    public synchronized Stats stats() {
        return new Stats(taken, reused, recycled, bytes);
    }

    /**
     * {@return a float array of length {@code n} from the bound workspace, or a new one when none is
     * bound or none of that length is kept; contents are arbitrary}
     *
     * @param n the length
     */
    public static float[] floats(int n) {
        float[] a = n >= MIN_LENGTH && CURRENT.isBound() ? CURRENT.get().take(float[].class, n) : null;
        return a != null ? a : new float[n];
    }

    /**
     * {@return a double array of length {@code n} from the bound workspace, or a new one; contents are arbitrary}
     *
     * @param n the length
     */
    public static double[] doubles(int n) {
        double[] a = n >= MIN_LENGTH && CURRENT.isBound() ? CURRENT.get().take(double[].class, n) : null;
        return a != null ? a : new double[n];
    }

    /**
     * Hands {@code a} to the bound workspace (nothing happens when none is bound); it must not be
     * referenced anywhere else any more.
     *
     * @param a a dead array, or null
     */
    public static void recycle(float[] a) {
        if (a != null && a.length >= MIN_LENGTH && CURRENT.isBound()) {
            CURRENT.get().keep(a);
        }
    }

    /**
     * Hands {@code a} to the bound workspace (nothing happens when none is bound); it must not be
     * referenced anywhere else any more.
     *
     * @param a a dead array, or null
     */
    public static void recycle(double[] a) {
        if (a != null && a.length >= MIN_LENGTH && CURRENT.isBound()) {
            CURRENT.get().keep(a);
        }
    }

    /**
     * Hands {@code dead} to this workspace (bound to this thread or not), as {@link #recycle(float[])} does
     * to the bound one: the array of a forward output that the backward pass released (a {@code Loan}).
     *
     * @param dead an array nothing references any more
     */
    public void giveBack(float[] dead) {
        if (dead.length >= MIN_LENGTH) {
            keep(dead);
        }
    }

    /**
     * {@return an idle scratch object of class {@code type} from the bound workspace, or {@code fresh.get()} when
     * none is bound, it reuses nothing ({@link #withoutReuse()}) or none of that class is idle}
     *
     * <p>Kernel scratch: the small per-task arrays a kernel grows to the size it needs and keeps between calls
     * (the CPU GEMM's packed slivers and blocks). A borrowed object is its borrower's alone until it is handed
     * back with {@link #handBack(Object)}, so the tasks that run at once on several threads (the workers see the
     * caller's workspace) each hold their own, and a workspace ends up keeping as many as ran at once; a thread
     * gets back the one it handed back last where it can (cache-warm), as a per-thread buffer would be. They
     * are not counted in {@link #stats()} nor in {@link #MAX_BYTES}. One that is never handed back (a kernel
     * threw) is simply garbage.
     *
     * @param type the scratch class (the key: one pool per class)
     * @param fresh makes a new one
     * @param <S> the scratch type
     */
    public static <S> S borrow(Class<S> type, Supplier<S> fresh) {
        S s = CURRENT.isBound() ? CURRENT.get().takeIdle(type) : null;
        return s != null ? s : fresh.get();
    }

    /**
     * Hands a scratch object taken with {@link #borrow} back to the bound workspace (nothing happens when none
     * is bound or it reuses nothing); the caller must not use it any more.
     *
     * @param scratch the borrowed object
     */
    public static void handBack(Object scratch) {
        if (CURRENT.isBound()) {
            CURRENT.get().keepIdle(scratch);
        }
    }

    /** An idle scratch object and the thread that handed it back. */
    private record Idle(Object scratch, long thread) {
    }

    /**
     * The idle scratch object of this class that this thread handed back last (its arrays are likeliest still in
     * this core's caches), else the one of this class handed back last, or null.
     */
    private synchronized <S> S takeIdle(Class<S> type) {
        long self = Thread.currentThread().threadId();
        int any = -1;
        for (int i = idle.size() - 1; i >= 0; i--) {
            Idle e = idle.get(i);
            if (e.scratch().getClass() == type) {
                if (e.thread() == self) {
                    return type.cast(idle.remove(i).scratch());
                }
                any = any < 0 ? i : any;
            }
        }
        return any < 0 ? null : type.cast(idle.remove(any).scratch());
    }

    /** Keeps {@code scratch} for the next {@link #borrow} unless it is idle already (handed back twice). */
    private synchronized void keepIdle(Object scratch) {
        if (!reuse) {
            return;
        }
        for (Idle e : idle) {
            if (e.scratch() == scratch) {
                return;
            }
        }
        idle.add(new Idle(scratch, Thread.currentThread().threadId()));
    }

    /** A kept array of this type and length, most recently kept first, or null. */
    private synchronized <A> A take(Class<A> type, int n) {
        taken++;
        for (int i = kept.size() - 1; i >= 0; i--) {
            Object a = kept.get(i);
            if (type.isInstance(a) && Array.getLength(a) == n) {
                kept.remove(i);
                bytes -= size(a);
                reused++;
                return type.cast(a);
            }
        }
        return null;
    }

    /** Keeps {@code array} (a float[] or double[]) unless it is kept already, dropping the oldest beyond the limits. */
    private synchronized void keep(Object array) {
        long size = size(array);
        if (!reuse || size > maxBytes) {
            return;
        }
        for (Object a : kept) {
            if (a == array) {
                return;
            }
        }
        while (kept.size() >= MAX_ARRAYS || bytes + size > maxBytes) {
            bytes -= size(kept.remove(0));
        }
        kept.add(array);
        bytes += size;
        recycled++;
    }

    private static long size(Object array) {
        return array instanceof float[] f ? 4L * f.length : 8L * ((double[]) array).length;
    }
}
