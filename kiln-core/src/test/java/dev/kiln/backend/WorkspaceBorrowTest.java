package dev.kiln.backend;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link Workspace#borrow} and {@link Workspace#handBack}: exclusive loans of kernel scratch objects. */
class WorkspaceBorrowTest {
    /** A stand-in for a kernel's scratch. */
    private static final class Buffers {
    }

    /** Another kind of scratch: a separate pool. */
    private static final class Other {
    }

    private static Buffers borrow() {
        return Workspace.borrow(Buffers.class, Buffers::new);
    }

    @Test
    void aHandedBackObjectIsLentAgainAndTwoBorrowersNeverShare() {
        Workspace ws = new Workspace();
        ws.run(() -> {
            Buffers a = borrow();
            Buffers b = borrow();
            assertNotSame(a, b, "a borrowed object is its borrower's alone");
            Workspace.handBack(a);
            Workspace.handBack(a); // twice: kept once
            assertSame(a, borrow());
            assertNotSame(a, borrow(), "handed back twice, lent once");
            Workspace.handBack(b);
            Other other = Workspace.borrow(Other.class, Other::new);
            assertNotSame(b, other);
            assertSame(b, borrow(), "one pool per class");
        });
    }

    @Test
    void aThreadGetsBackWhatItHandedBackLast() throws InterruptedException {
        Workspace ws = new Workspace();
        Buffers mine = ws.call(WorkspaceBorrowTest::borrow);
        CountDownLatch borrowed = new CountDownLatch(1);
        CountDownLatch mineBack = new CountDownLatch(1);
        AtomicReference<Buffers> workers = new AtomicReference<>();
        AtomicReference<Buffers> workersAgain = new AtomicReference<>();
        Thread worker = new Thread(() -> ws.run(() -> {
            workers.set(borrow()); // while this thread holds mine: a fresh one
            borrowed.countDown();
            try {
                mineBack.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            Workspace.handBack(workers.get()); // after mine: the last one handed back
        }));
        worker.start();
        borrowed.await();
        ws.run(() -> Workspace.handBack(mine));
        mineBack.countDown();
        worker.join();
        assertNotSame(mine, workers.get());
        // the worker's object was handed back last, but this thread gets its own back
        ws.run(() -> assertSame(mine, borrow()));
        Thread other = new Thread(() -> ws.run(() -> workersAgain.set(borrow())));
        other.start();
        other.join();
        assertSame(workers.get(), workersAgain.get(), "a thread that handed nothing back gets any idle one");
    }

    @Test
    void withNoWorkspaceOrWithoutReuseNothingIsKept() {
        Buffers a = borrow();
        Workspace.handBack(a);
        assertNotSame(a, borrow());
        Workspace.withoutReuse().run(() -> {
            Buffers b = borrow();
            Workspace.handBack(b);
            assertNotSame(b, borrow());
        });
    }
}
