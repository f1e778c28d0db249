package org.sndfuse.aloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.control.CtlElemId;
import org.sndfuse.abi.control.CtlElemValue;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.fasync.AsyncSignal;
import org.sndfuse.timer.TimerCore;

/**
 * O_ASYNC registrations of the card's files: one signal per period elapsed on a PCM substream
 * (snd_pcm_period_elapsed's kill_fasync) and per control event (snd_ctl_notify's), none after release.
 */
class AsyncSignalsTest {
    private final VirtualClock clock = new VirtualClock();
    private final LoopbackCard card = new LoopbackCard(new TimerCore(clock, 250), clock, 2, "", line -> { });

    /** Counts sends; sends nothing once closed, as the daemon's pidfd signal. */
    private static final class Counter implements AsyncSignal {
        final AtomicInteger sent = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public void send() {
            if (!closed.get()) {
                sent.incrementAndGet();
            }
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    @Test
    void oneSignalPerPeriodElapsedEvenUnread() {
        PcmSubstream play = card.open(0, PcmStream.PLAYBACK, 0, 1, "test");
        PcmSubstream capt = card.open(1, PcmStream.CAPTURE, 0, 2, "test");
        for (PcmSubstream s : new PcmSubstream[] {play, capt}) {
            StreamProfile.parse(new String[] {"format=S16_LE", "rate=48000", "channels=2", "period=960",
                "buffer=3840"}, 0).applyTo(s);
        }
        Counter p = new Counter();
        Counter c = new Counter();
        play.fasync().add("play", p);
        capt.fasync().add("capt", c);
        capt.start();
        play.write(new byte[3840 * 4], true, () -> false);
        clock.advance(60_000_000L); // three 20 ms periods, nobody reads the capture
        assertEquals(3, p.sent.get());
        assertEquals(3, c.sent.get());
        play.close();
        assertTrue(p.closed.get(), "the release drops the registration");
        clock.advance(40_000_000L);
        assertEquals(3, p.sent.get());
    }

    @Test
    void oneSignalPerControlEventMergedOrNot() {
        ControlFile writer = card.openControl(10);
        ControlFile reader = card.openControl(11);
        Counter r = new Counter();
        Counter w = new Counter();
        reader.fasync().add("reader", r);
        writer.fasync().add("writer", w);
        reader.subscribe(true);
        for (int i = 0; i < 4; i++) {
            writer.elemWrite(new CtlElemValue(new CtlElemId(1, 0, 0, 0, "", 0), 90000 + i));
        }
        assertEquals(1, reader.pendingEvents(), "four changes of one element, one unread event");
        assertEquals(4, r.sent.get(), "but one signal per snd_ctl_notify");
        assertEquals(0, w.sent.get(), "an unsubscribed file gets none");
        reader.release();
        assertTrue(r.closed.get());
    }
}
