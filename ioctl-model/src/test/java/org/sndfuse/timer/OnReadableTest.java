package org.sndfuse.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sndfuse.timer.TimerTestSupport.UTIMER_RES;
import static org.sndfuse.timer.TimerTestSupport.newUser;
import static org.sndfuse.timer.TimerTestSupport.plainListener;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * {@link TimerUser#onReadable}: the one-shot callback of a read parked by the low-level transport. It runs once
 * at the next change, or at once when a read would not wait, and apart from the poll waiter.
 */
class OnReadableTest {
    private TimerCore core;
    private TimerUser owner;
    private TimerUser listener;
    private final AtomicInteger runs = new AtomicInteger();

    @BeforeEach
    void setUp() {
        core = new TimerCore(new VirtualClock(), 250);
        owner = newUser(core);
        owner.create(UTIMER_RES);
        listener = plainListener(core, owner.ownedTimer().number());
    }

    @Test
    void runsOnceAtTheNextTick() {
        listener.onReadable(runs::incrementAndGet);
        assertEquals(0, runs.get(), "nothing queued: the callback waits");
        owner.trigger();
        assertEquals(1, runs.get(), "the TRIGGER ran it, on this thread");
        owner.trigger();
        assertEquals(1, runs.get(), "one-shot");
    }

    @Test
    void runsAtOnceWhenRecordsAreQueued() {
        owner.trigger();
        listener.onReadable(runs::incrementAndGet);
        assertEquals(1, runs.get());
    }

    @Test
    void theCallbackCanReadAndTheRecordIsThere() {
        byte[][] got = new byte[1][];
        listener.onReadable(() -> got[0] = listener.read(8, true, () -> false));
        owner.trigger();
        assertEquals(8, got[0].length, "the retry reads the tick without blocking");
    }

    @Test
    void keptApartFromThePollWaiter() {
        AtomicInteger polls = new AtomicInteger();
        listener.poll(polls::incrementAndGet);
        listener.onReadable(runs::incrementAndGet);
        assertEquals(0, polls.get(), "registering a parked read does not replace the poll waiter");
        owner.trigger();
        assertEquals(1, runs.get());
        assertEquals(1, polls.get());
    }

    @Test
    void readWouldWaitExactlyWhenANonBlockingReadFailsWithEagain() {
        assertTrue(listener.readWouldWait(8), "nothing queued");
        SndException e = assertThrows(SndException.class, () -> listener.read(8, true, () -> false));
        assertEquals(Errno.EAGAIN, e.errno());
        assertFalse(listener.readWouldWait(7), "shorter than a record: read returns 0 at once");
        assertEquals(0, listener.read(7, true, () -> false).length);
        owner.trigger();
        assertFalse(listener.readWouldWait(8), "a tick is queued");
        assertEquals(8, listener.read(8, true, () -> false).length);
        assertTrue(listener.readWouldWait(8), "read again: empty");
        listener.disconnect();
        assertFalse(listener.readWouldWait(8), "disconnected: read fails with ENODEV instead");
        assertEquals(Errno.ENODEV, assertThrows(SndException.class, () -> listener.read(8, true, () -> false)).errno());
    }

    @Test
    void disconnectAndReleaseRunIt() {
        listener.onReadable(runs::incrementAndGet);
        listener.disconnect();
        assertEquals(1, runs.get());
        TimerUser other = plainListener(core, owner.ownedTimer().number());
        other.onReadable(runs::incrementAndGet);
        other.release();
        assertEquals(2, runs.get());
    }

    @Test
    void aNewerRegistrationRunsTheOlder() {
        AtomicInteger older = new AtomicInteger();
        listener.onReadable(older::incrementAndGet);
        listener.onReadable(runs::incrementAndGet);
        assertEquals(1, older.get(), "the replaced callback runs (a spurious retry)");
        assertEquals(0, runs.get());
    }
}
