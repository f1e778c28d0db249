package org.sndfuse.aloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.errno.Errno;

/** snd_pcm_open's wait for a free substream, in the card (docs/kernel-facts.md "PCM core", blocking open). */
class OpenWaitTest extends AloopTestSupport {
    private final LoopbackCard card = card(1, "");

    private CompletableFuture<PcmSubstream> openLater(AtomicBoolean interrupted) {
        return CompletableFuture.supplyAsync(() -> card.open(0, PcmStream.PLAYBACK, () -> -1, 2, "waiter", false,
                interrupted::get));
    }

    @Test
    void aBlockingOpenWaitsUntilTheSubstreamIsReleased() throws Exception {
        PcmSubstream first = card.open(0, PcmStream.PLAYBACK, -1, 1, "first");
        CompletableFuture<PcmSubstream> waiting = openLater(new AtomicBoolean());
        Thread.sleep(120);
        assertFalse(waiting.isDone(), "still waiting while the only substream is open");
        first.close();
        PcmSubstream second = waiting.get(2, TimeUnit.SECONDS);
        assertEquals(2, second.pid());
        second.close();
    }

    @Test
    void nonblockingIsEbusyAndAnInterruptIsEintr() throws Exception {
        PcmSubstream first = card.open(0, PcmStream.PLAYBACK, -1, 1, "first");
        assertErrno(Errno.EBUSY, () -> card.open(0, PcmStream.PLAYBACK, () -> -1, 2, "x", true, NEVER));
        AtomicBoolean interrupted = new AtomicBoolean();
        CompletableFuture<PcmSubstream> waiting = openLater(interrupted);
        Thread.sleep(60);
        interrupted.set(true);
        assertErrno(Errno.EINTR, () -> unwrap(waiting));
        first.close();
    }

    @Test
    void aDisconnectEndsTheWaitWithEnodev() throws Exception {
        card.open(0, PcmStream.PLAYBACK, -1, 1, "first");
        CompletableFuture<PcmSubstream> waiting = openLater(new AtomicBoolean());
        Thread.sleep(60);
        card.disconnect();
        assertErrno(Errno.ENODEV, () -> unwrap(waiting));
    }

    @Test
    void theWaitFollowsThePreferredSubdevice() throws Exception {
        LoopbackCard two = card(2, "");
        PcmSubstream sub0 = two.open(0, PcmStream.PLAYBACK, 0, 1, "a");
        PcmSubstream sub1 = two.open(0, PcmStream.PLAYBACK, 1, 1, "b");
        CompletableFuture<PcmSubstream> waiting = CompletableFuture.supplyAsync(() -> two.open(0,
                PcmStream.PLAYBACK, () -> 1, 2, "wants 1", false, NEVER));
        sub0.close();
        Thread.sleep(120);
        assertFalse(waiting.isDone(), "substream 0 is free, but the caller prefers 1");
        sub1.close();
        assertEquals(1, waiting.get(2, TimeUnit.SECONDS).subdevice());
    }

    private static PcmSubstream unwrap(CompletableFuture<PcmSubstream> f) throws Throwable {
        try {
            return f.get(2, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause();
        }
    }
}
