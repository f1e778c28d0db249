package org.sndfuse.aloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.abi.timer.TimerParams;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.timer.TimerCore;
import org.sndfuse.timer.TimerProc;
import org.sndfuse.timer.TimerUser;

/** The card's PCM-class timers: registered per substream, period-time resolution, one tick per period. */
class PcmTimersTest {
    private final VirtualClock clock = new VirtualClock();
    private final TimerCore core = new TimerCore(clock, 250);
    private final LoopbackCard card = new LoopbackCard(core, clock, 2, "", line -> { });
    private final PcmTimers timers = new PcmTimers(core, card);

    {
        card.addObserver(timers);
    }

    @Test
    void everySubstreamHasAPcmTimerListedAsTheKernelDoes() {
        String proc = TimerProc.render(core);
        assertTrue(proc.contains("P0-0-0: PCM Playback 0-0-0 : SLAVE\n"), proc);
        assertTrue(proc.contains("P0-0-1: PCM Capture 0-0-0 : SLAVE\n"), proc);
        assertTrue(proc.contains("P0-1-3: PCM Capture 0-1-1 : SLAVE\n"), proc);
        assertEquals(2 + 2 * 2 * 2, core.timers().size());
        TimerId id = new TimerId(TimerId.CLASS_PCM, 0, 0, 1, (1 << 1) | PcmStream.CAPTURE);
        assertEquals("PCM Capture 0-1-1", core.ginfo(id).name());
        assertEquals("PCM", core.ginfo(id).id());
    }

    @Test
    void resolutionFollowsTheStreamAndEachPeriodIsOneTick() {
        TimerUser listener = new TimerUser(core, 77);
        listener.select(new TimerId(TimerId.CLASS_PCM, 0, 0, 0, 0));
        listener.params(new TimerParams(TimerParams.PSFLG_AUTO, 1, 0, 0));
        listener.start();

        PcmSubstream play = card.open(0, PcmStream.PLAYBACK, 0, 1, "test");
        StreamProfile.parse(new String[] {"format=S16_LE", "rate=48000", "channels=2", "period=960", "buffer=3840"}, 0)
                .applyTo(play);
        assertEquals(20_000_000L, timers.timer(0, 0, PcmStream.PLAYBACK).resolution());
        assertTrue(TimerProc.render(core).contains("P0-0-0: PCM Playback 0-0-0 : 20000.000us (1 ticks) SLAVE\n"));

        play.write(new byte[3840 * 4], true, () -> false);
        clock.advance(60_000_000L); // three 20 ms periods
        byte[] records = listener.read(64, true, () -> false);
        long ticks = 0;
        ByteBuffer b = ByteBuffer.wrap(records).order(ByteOrder.LITTLE_ENDIAN);
        for (int off = 0; off + 8 <= records.length; off += 8) {
            assertEquals(20_000_000L, b.getInt(off) & 0xffffffffL);
            ticks += b.getInt(off + 4) & 0xffffffffL;
        }
        assertEquals(3, ticks);

        play.close();
        assertEquals(0, timers.timer(0, 0, PcmStream.PLAYBACK).resolution());
        listener.release();
    }
}
