package org.sndfuse.fuse.handle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What LastClose counts: descriptions a request reached since their last FLUSH ("surely held"). */
class HandleTableTest {
    private static final class Counted implements Handle {
        final AtomicInteger releases = new AtomicInteger();
        boolean wantsRelease;

        @Override
        public boolean releaseAtLastClose() {
            return wantsRelease;
        }

        @Override
        public void release() {
            releases.incrementAndGet();
        }
    }

    @Test
    void onlyDescriptionsReachedSinceTheirLastFlushAreSurelyHeld() {
        HandleTable t = new HandleTable();
        long a = t.add(new Counted(), 10);
        long b = t.add(new Counted(), 11);
        assertEquals(0, t.surelyHeld(-1), "opened but never used: the descriptor may not be installed yet");
        t.get(a);
        t.get(b);
        assertEquals(2, t.surelyHeld(-1));
        assertEquals(1, t.surelyHeld(a), "the closing description itself is not counted");
        long before = t.changes();
        t.flushed(b);
        assertTrue(t.changes() > before, "a FLUSH is a change");
        assertEquals(1, t.surelyHeld(-1), "after a FLUSH it may be in no table any more");
        t.get(b);
        assertEquals(2, t.surelyHeld(-1), "a later request proves a descriptor still reaches it");
        assertNull(t.flushed(999));
    }

    @Test
    void openersAreRemembered() {
        HandleTable t = new HandleTable();
        t.add(new Counted(), 42);
        long b = t.add(new Counted(), 43);
        assertEquals(2, t.openers().length);
        t.remove(b);
        assertEquals(42, t.openers()[0]);
    }

    @Test
    void aHandleThatDoesNotAskIsNeverReleasedAtFlush() {
        HandleTable t = new HandleTable();
        Counted h = new Counted();
        long fh = t.add(h, 1);
        t.get(fh);
        LastClose lc = new LastClose(t, () -> null);
        assertFalse(lc.flush(fh));
        assertEquals(0, h.releases.get());
        h.wantsRelease = true;
        assertFalse(lc.flush(fh), "no mount point, no device: nothing can be proven");
        assertEquals(0, h.releases.get());
        assertSame(h, t.remove(fh));
    }
}
