package org.sndfuse.aloop;

import org.sndfuse.clock.Clock;

/**
 * The loopback driver's per-end state (struct loopback_pcm): the driver's own byte position in the ring, how
 * much of the capture ring is already silence, the byte rates set at prepare, and the system-clock mode's
 * position bookkeeping.
 *
 * <p>Lock: guarded by the cable lock.
 */
final class LoopbackPcm {
    final PcmSubstream substream;

    /** Byte offset of the hardware in the ring. */
    int bufPos;
    /** Capture: bytes of the ring known to hold silence since the last real copy. */
    int silentSize;
    int pcmBufferSize;
    int pcmPeriodSize;
    int pcmBps;
    int pcmSalign;
    /** The rate shift in use (0 until a system-clock start, and always 0 in timer mode, as the kernel shows). */
    int pcmRateShift;
    /** Bytes moved since the last period-elapsed report to observers. */
    long bytesSinceReport;

    // System-clock mode (the kernel's jiffies timer), in frames of this end's own clock.
    boolean periodUpdatePending;
    /** Frames of the current period this end's clock has produced. */
    long irqFrames;
    /** Fraction of a frame carried between updates, in units of 1/(1e9 × shift) frame. */
    long fracRem;
    long lastNanos;
    /** Frames this end moved beyond its own clock to stay in step with the other end; taken back next time. */
    long drift;
    Clock.Scheduled timer;
    long timerGeneration;
    long timerExpiresNanos;

    LoopbackPcm(PcmSubstream substream) {
        this.substream = substream;
    }

    PcmRuntime runtime() {
        return substream.runtime();
    }
}
