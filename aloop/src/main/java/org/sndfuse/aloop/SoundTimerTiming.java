package org.sndfuse.aloop;

import org.sndfuse.abi.pcm.PcmStream;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.timer.TimerInstance;
import org.sndfuse.timer.TimerListener;

/**
 * Timer mode (kernel-facts A1-A4): the cable opens one instance on the timer named by the card's
 * {@code timer_source} when its first end opens, starts it (ticks 1, AUTO) when an end starts and stops it
 * when no end is active any more; every tick moves exactly one period. If the timer goes away, nothing
 * happens: the streams stall and later starts fail with EINVAL until both ends are closed (A2).
 */
final class SoundTimerTiming extends CableTiming implements TimerListener {
    private final String source;
    private TimerId id;
    private TimerInstance instance;
    private int openStream;

    SoundTimerTiming(LoopbackCable cable, String source) {
        super(cable);
        this.source = source;
    }

    /** loopback_snd_timer_open(): parse and open once per cable; failures fail the PCM open (card lock held). */
    @Override
    void open(int stream) {
        cable.card.assertLocked();
        if (instance != null) {
            return;
        }
        TimerId tid;
        try {
            tid = TimerSource.parse(source, cable.card::cardIndexById);
        } catch (SndException e) {
            cable.card.log(String.format("Parsing timer source '%s' failed with %d", source, -e.errno()));
            throw e;
        }
        openStream = stream;
        id = tid;
        try {
            instance = cable.card.timerCore().open(tid, cable.card.id(), this);
        } catch (SndException e) {
            cable.card.log(String.format("snd_timer_open (%d,%d,%d) failed with %d", tid.card(), tid.device(),
                    tid.subdevice(), -e.errno()));
            throw e;
        }
        instance.setFlags(true, false);
    }

    @Override
    void start(LoopbackPcm d) {
        cable.assertLocked();
        try {
            instance.start(1);
        } catch (SndException e) {
            if (e.errno() == Errno.EBUSY) {
                return; // already running for the other end
            }
            cable.card.log(String.format("snd_timer_start(%d,%d,%d) failed with %d", id.card(), id.device(),
                    id.subdevice(), -e.errno()));
            throw e;
        }
    }

    /** Stops the timer only when neither end is active any more. */
    @Override
    void stop(LoopbackPcm d) {
        cable.assertLocked();
        if ((cable.running ^ cable.pause) != 0) {
            return;
        }
        try {
            instance.stop();
        } catch (SndException e) {
            cable.card.log(String.format("snd_timer_stop(%d,%d,%d) failed with %d", id.card(), id.device(),
                    id.subdevice(), -e.errno()));
            throw e;
        }
    }

    @Override
    void closeCable() {
        cable.card.assertLocked();
        if (instance != null) {
            instance.close();
        }
    }

    /** The kernel's message for a tick whose resolution is not the period time (A3). */
    String resolutionMessage(PcmRuntime rt, long resolution) {
        long usecFrames = resolution / 1000 * rt.rate;
        long frames = (usecFrames + 500 * 1000) / (1000 * 1000);
        return String.format("Period size (%d frames) of loopback device is not corresponding to timer resolution "
                + "(%d nsec = %d frames) of card timer %d,%d,%d. Use period size of %d frames for loopback device.",
                rt.periodSize, resolution, frames, id.card(), id.device(), id.subdevice(), frames);
    }

    @Override
    void procInfo(LoopbackPcm d, StringBuilder out) {
        out.append(String.format("    sound timer:\thw:%d,%d,%d\n", id.card(), id.device(), id.subdevice()));
        out.append("    timer open:\t\t").append(PcmStream.directionName(openStream)).append('\n');
    }

    // ---- TimerListener: no timer lock is held ----

    @Override
    public void onTick(TimerInstance ti, long resolutionNs, long ticks) {
        cable.timerTick(resolutionNs);
    }

    @Override
    public void onTimerGone(TimerInstance ti) {
        // Nothing else happens (A2): waiters re-check and keep waiting until interrupted or timed out.
        cable.locked(cable::signalAll);
    }
}
