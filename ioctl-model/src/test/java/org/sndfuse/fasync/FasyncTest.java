package org.sndfuse.fasync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/** fasync_helper / kill_fasync semantics of {@link Fasync}. */
class FasyncTest {
    private final Fasync list = new Fasync();

    @Test
    void killWithoutRegistrationsIsNothing() {
        assertNull(list.kill());
    }

    @Test
    void oneSignalPerEntryPerKill() {
        FakeSignal a = new FakeSignal();
        FakeSignal b = new FakeSignal();
        list.add("a", a);
        list.add("b", b);
        for (int i = 0; i < 5; i++) {
            list.kill().run();
        }
        assertEquals(5, a.sent.get());
        assertEquals(5, b.sent.get());
    }

    @Test
    void aDescriptionRegisteringAgainReplacesItsEntry() {
        FakeSignal first = new FakeSignal();
        FakeSignal second = new FakeSignal();
        list.add("a", first);
        list.add("a", second);
        assertEquals(1, list.size());
        assertTrue(first.closed.get(), "the replaced registration is closed");
        list.kill().run();
        assertEquals(0, first.sent.get());
        assertEquals(1, second.sent.get());
    }

    @Test
    void removeClosesSoAKillTakenBeforeSendsNothing() {
        FakeSignal a = new FakeSignal();
        list.add("a", a);
        Runnable pending = list.kill(); // an event raced the fcntl that switched O_ASYNC off
        list.remove("a");
        pending.run();
        assertEquals(0, a.sent.get());
        assertEquals(0, list.size());
    }

    @Test
    void closeDropsAllAndRefusesLaterRegistrations() {
        FakeSignal a = new FakeSignal();
        list.add("a", a);
        list.close();
        assertTrue(a.closed.get());
        FakeSignal late = new FakeSignal();
        SndException e = assertThrows(SndException.class, () -> list.add("b", late));
        assertEquals(Errno.EBADF, e.errno());
        assertTrue(late.closed.get(), "a registration racing the release is not kept");
        assertEquals(0, list.size());
        assertNull(list.kill());
    }
}
