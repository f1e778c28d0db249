package org.sndfuse.fuse.lowlevel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The spare reads only while every reader is busy, and leaves when the session closes. */
class SpareReceiverTest {
    private static CompletableFuture<Boolean> spareAwaits(SpareReceiver gate) {
        return CompletableFuture.supplyAsync(gate::awaitNeeded);
    }

    private static boolean done(CompletableFuture<Boolean> f) throws Exception {
        try {
            f.get(200, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    @Test
    void waitsWhileAReaderIsFreeAndGoesWhenAllAreBusy() throws Exception {
        SpareReceiver gate = new SpareReceiver(2);
        CompletableFuture<Boolean> spare = spareAwaits(gate);
        assertFalse(done(spare), "no reader busy: the spare must not read");
        gate.begin();
        assertFalse(done(spare), "one of two readers busy: the spare must not read");
        gate.begin();
        assertTrue(spare.get(5, TimeUnit.SECONDS), "both readers busy: the spare reads");
        // still both busy: the next wait returns after the grace period
        assertTrue(gate.awaitNeeded());
        gate.end();
        CompletableFuture<Boolean> again = spareAwaits(gate);
        assertFalse(done(again), "a reader is free again: the spare waits");
        gate.begin();
        assertTrue(again.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aWakeUpThatFindsTheReadersFreeAgainWaitsOn() throws Exception {
        SpareReceiver gate = new SpareReceiver(1);
        CompletableFuture<Boolean> spare = spareAwaits(gate);
        assertFalse(done(spare));
        gate.begin();
        assertTrue(spare.get(5, TimeUnit.SECONDS));
        gate.end();
        CompletableFuture<Boolean> next = spareAwaits(gate);
        assertFalse(done(next), "the reader finished before the spare came back: it waits");
        gate.close();
        assertFalse(next.get(5, TimeUnit.SECONDS), "closed: the spare leaves");
    }

    @Test
    void anOverlapShorterThanTheGracePeriodLeavesTheSpareWaiting() throws Exception {
        SpareReceiver gate = new SpareReceiver(2, 100_000_000L);
        CompletableFuture<Boolean> spare = spareAwaits(gate);
        assertFalse(done(spare));
        gate.begin();
        gate.begin(); // wakes the spare, which looks again in 100 ms ...
        gate.end(); // ... when one reader is free again
        assertFalse(done(spare), "a momentary overlap: the spare must not read");
        assertFalse(done(spare));
        gate.begin();
        assertTrue(spare.get(5, TimeUnit.SECONDS), "both busy for the grace period: the spare reads");
    }

    @Test
    void closedBeforeWaitingReturnsFalse() {
        SpareReceiver gate = new SpareReceiver(2);
        gate.close();
        gate.begin();
        gate.begin();
        assertFalse(gate.awaitNeeded());
    }

    @Test
    void manyBeginsAndEndsNeverLoseTheWakeUp() throws Exception {
        SpareReceiver gate = new SpareReceiver(2);
        for (int i = 0; i < 2000; i++) {
            CompletableFuture<Boolean> spare = spareAwaits(gate);
            Thread a = new Thread(gate::begin);
            Thread b = new Thread(gate::begin);
            a.start();
            b.start();
            a.join();
            b.join();
            assertTrue(spare.get(5, TimeUnit.SECONDS), "round " + i);
            gate.end();
            gate.end();
        }
    }
}
