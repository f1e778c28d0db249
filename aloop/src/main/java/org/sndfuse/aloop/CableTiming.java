package org.sndfuse.aloop;

/**
 * How a cable's positions move (the kernel's struct loopback_ops): by the system clock
 * ({@link SystemClockTiming}) or by ticks of another timer ({@link SoundTimerTiming}). Every method is called
 * with the cable lock held, except {@link #closeCable()} which runs under the card lock once both ends left.
 */
abstract class CableTiming {
    final LoopbackCable cable;

    CableTiming(LoopbackCable cable) {
        this.cable = cable;
    }

    /** The first end's open (timer mode opens the timer instance here); throws to fail the PCM open. */
    void open(int stream) {}

    /** The end starts or resumes; throws to fail the trigger. */
    abstract void start(LoopbackPcm dpcm);

    /** The end stops or pauses; throws to fail the trigger. */
    abstract void stop(LoopbackPcm dpcm);

    /** PREPARE and close: make sure no callback for this end is pending. */
    void stopSync(LoopbackPcm dpcm) {}

    /** Brings positions up to now (pointer queries); a no-op where only ticks move them. */
    void posUpdate() {}

    /** The last end left: release what the cable holds. */
    void closeCable() {}

    /** The mode-specific lines of the cable's /proc file. */
    abstract void procInfo(LoopbackPcm dpcm, StringBuilder out);
}
