package org.sndfuse.aloop;

import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.timer.TimerCore;

/**
 * Registers the card's PCM-class timers with the timer core and drives them from the card's events: the
 * resolution follows the stream's period time (set here when the stream is prepared, cleared when it closes)
 * and each period elapsed is one tick. Any timer client can SELECT one (class PCM, card 0, device,
 * substream × 2 + stream) and count a stream's periods.
 */
public final class PcmTimers implements LoopbackObserver {
    private final PcmTimer[][][] timers;

    public PcmTimers(TimerCore core, LoopbackCard card) {
        timers = new PcmTimer[LoopbackCard.DEVICES][card.substreams()][2];
        for (int d = 0; d < LoopbackCard.DEVICES; d++) {
            for (int s = 0; s < card.substreams(); s++) {
                for (int stream : new int[] {PcmStream.PLAYBACK, PcmStream.CAPTURE}) {
                    PcmTimer t = new PcmTimer(card.index(), d, s, stream);
                    timers[d][s][stream] = t;
                    core.register(t);
                }
            }
        }
    }

    public PcmTimer timer(int device, int substream, int stream) {
        return timers[device][substream][stream];
    }

    private PcmTimer of(PcmSubstream s) {
        return timers[s.device()][s.subdevice()][s.stream()];
    }

    @Override
    public void prepared(PcmSubstream s) {
        of(s).setPeriodTime(s.snapshot().periodTimeNanos());
    }

    @Override
    public void closed(PcmSubstream s) {
        of(s).setPeriodTime(0);
    }

    @Override
    public void periodElapsed(PcmSubstream s, long bytes, long hwPtr) {
        of(s).periodElapsed();
    }
}
