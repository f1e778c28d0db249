package org.sndfuse.concurrent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PollWaiterTest {
    private final Runnable a = () -> { };
    private final Runnable b = () -> { };

    @Test
    void readyObjectAnswersTheWaiterAtOnce() {
        PollWaiter w = new PollWaiter();
        assertSame(a, w.register(1, a));
        assertFalse(w.isPending());
    }

    @Test
    void newerWaiterReplacesOlderWhichMustStillBeAnswered() {
        PollWaiter w = new PollWaiter();
        assertNull(w.register(0, a));
        assertSame(a, w.register(0, b));
        assertSame(b, w.take());
        assertNull(w.take());
    }

    @Test
    void nullWaiterIsAQueryOnly() {
        PollWaiter w = new PollWaiter();
        assertNull(w.register(0, null));
        assertFalse(w.isPending());
        w.register(0, a);
        assertTrue(w.isPending());
    }
}
