package org.sndfuse.aloop;

import org.sndfuse.clock.Clock;

/**
 * The default mode, the kernel's jiffies timer (aloop.c: loopback_jiffies_timer_*), driven by the injected
 * clock with nanosecond granularity. Each running end's position is the frames its clock produced since it
 * started, at rate × 100000 / rate_shift: whole frames move, the fraction is carried, so nothing drifts over
 * long runs. Both ends move by the same count while both run; a clock task at each end's next period boundary
 * brings positions up to date and wakes waiters. Pointer queries update positions too.
 */
final class SystemClockTiming extends CableTiming {
    /** Longest step of one accumulation, keeping step × rate × 100000 inside a long. */
    private static final long STEP_NANOS = 50_000_000L;
    private static final long NS_PER_SEC = 1_000_000_000L;

    private final Clock clock;
    private boolean updating;

    SystemClockTiming(LoopbackCable cable, Clock clock) {
        super(cable);
        this.clock = clock;
    }

    /** Starts or resumes an end: picks up the current rate shift and arms its period timer. */
    @Override
    void start(LoopbackPcm d) {
        cable.assertLocked();
        int shift = cable.rateShift();
        if (d.pcmRateShift != shift) {
            if (d.pcmRateShift != 0) {
                // The carried fraction is in units of the old shift.
                d.fracRem = d.fracRem / d.pcmRateShift * shift;
            }
            d.pcmRateShift = shift;
        }
        long period = d.runtime().periodSize;
        if (d.irqFrames >= period) {
            d.irqFrames %= period;
            d.periodUpdatePending = true;
        }
        arm(d);
    }

    private void arm(LoopbackPcm d) {
        cable.assertLocked();
        cancel(d);
        PcmRuntime rt = d.runtime();
        long remaining = rt.periodSize - d.irqFrames;
        double num = (double) rt.rate * LoopbackSetup.NO_PITCH;
        double den = (double) NS_PER_SEC * d.pcmRateShift;
        // Scheduling only needs to be close: the task recomputes exact positions, and re-arms if early.
        long nanos = (long) Math.ceil((remaining * den - d.fracRem) / num);
        long deadline = d.lastNanos + Math.max(1, nanos);
        long gen = ++d.timerGeneration;
        d.timerExpiresNanos = deadline;
        d.timer = clock.schedule(deadline, () -> fire(d, gen));
    }

    private static void cancel(LoopbackPcm d) {
        if (d.timer != null) {
            d.timer.cancel();
            d.timer = null;
        }
        d.timerGeneration++;
    }

    @Override
    void stop(LoopbackPcm d) {
        cable.assertLocked();
        cancel(d);
        d.timerExpiresNanos = 0;
    }

    @Override
    void stopSync(LoopbackPcm d) {
        stop(d);
    }

    /** The period timer (loopback_jiffies_timer_function). */
    private void fire(LoopbackPcm d, long gen) {
        cable.locked(() -> {
            if (gen != d.timerGeneration) {
                return; // stopped or re-armed since
            }
            d.timer = null;
            int run = update();
            int bit = 1 << d.substream.stream();
            if ((run & bit) != 0 && ((cable.running ^ cable.pause) & bit) != 0
                    && cable.streams[d.substream.stream()] == d) {
                start(d);
            }
        });
    }

    @Override
    void posUpdate() {
        update();
    }

    /**
     * loopback_jiffies_timer_pos_update(): time that only one end ran moves that end alone (playback data is
     * dropped, capture gets silence); the common part moves both by the same frames, copying.
     */
    private int update() {
        cable.assertLocked();
        int run = cable.running ^ cable.pause;
        if (updating) {
            return run;
        }
        updating = true;
        try {
            long now = clock.nanos();
            LoopbackPcm play = cable.streams[0];
            LoopbackPcm capt = cable.streams[1];
            long dPlay = 0;
            long dCapt = 0;
            if ((run & 1) != 0 && play != null) {
                dPlay = now - play.lastNanos;
                play.lastNanos = now;
            }
            if ((run & 2) != 0 && capt != null) {
                dCapt = now - capt.lastNanos;
                capt.lastNanos = now;
            }
            if (dPlay == 0 && dCapt == 0) {
                return run;
            }
            if (dPlay > dCapt) {
                finish(play, produced(play, dPlay - dCapt));
                dPlay = dCapt;
            } else if (dPlay < dCapt) {
                long f = produced(capt, dCapt - dPlay);
                cable.clearCaptureBuf(capt, (int) (f * capt.runtime().frameBytes()));
                finish(capt, f);
                dCapt = dPlay;
            }
            if (dPlay == 0 && dCapt == 0) {
                return run;
            }
            long f1 = produced(play, dPlay);
            long f2 = produced(capt, dCapt);
            long n = Math.max(f1, f2);
            // The end that moved beyond its own clock gives the difference back next time.
            if (f1 < n) {
                play.drift = n - f1;
            } else if (f2 < n) {
                capt.drift = n - f2;
            }
            cable.copyPlayBuf(play, capt, (int) (n * play.runtime().frameBytes()));
            finish(play, n);
            finish(capt, n);
            return run;
        } finally {
            updating = false;
        }
    }

    /** Moves an end, reporting a period boundary its clock crossed. */
    private void finish(LoopbackPcm d, long frames) {
        if (frames <= 0) {
            return;
        }
        boolean elapsed = d.periodUpdatePending;
        d.periodUpdatePending = false;
        cable.finish(d, frames, elapsed);
    }

    /** Whole frames an end's clock produced in {@code nanos}, less the drift it owes; tracks period crossings. */
    private long produced(LoopbackPcm d, long nanos) {
        PcmRuntime rt = d.runtime();
        long shift = d.pcmRateShift != 0 ? d.pcmRateShift : LoopbackSetup.NO_PITCH;
        long num = (long) rt.rate * LoopbackSetup.NO_PITCH;
        long den = NS_PER_SEC * shift;
        long frames = 0;
        while (nanos > 0) {
            long step = Math.min(nanos, STEP_NANOS);
            long acc = d.fracRem + step * num;
            frames += acc / den;
            d.fracRem = acc % den;
            nanos -= step;
        }
        d.irqFrames += frames;
        if (d.irqFrames >= rt.periodSize) {
            d.irqFrames %= rt.periodSize;
            d.periodUpdatePending = true;
        }
        if (frames >= d.drift) {
            frames -= d.drift;
        }
        d.drift = 0;
        return frames;
    }

    @Override
    void procInfo(LoopbackPcm d, StringBuilder out) {
        int hz = cable.card.hz();
        long periodFrac = d.pcmRateShift == 0 ? 0
                : (long) d.pcmPeriodSize * hz * d.pcmRateShift / LoopbackSetup.NO_PITCH;
        long irqPos = d.irqFrames * d.pcmSalign * hz;
        out.append("    update_pending:\t").append(d.periodUpdatePending ? 1 : 0).append('\n');
        out.append("    irq_pos:\t\t").append(irqPos).append('\n');
        out.append("    period_frac:\t").append(periodFrac).append('\n');
        out.append("    last_jiffies:\t").append(d.lastNanos == 0 ? 0 : cable.card.jiffies(d.lastNanos))
                .append(" (").append(cable.card.jiffies(clock.nanos())).append(")\n");
        out.append("    timer_expires:\t").append(d.timerExpiresNanos == 0 ? 0 : cable.card.jiffies(d.timerExpiresNanos))
                .append('\n');
    }
}
