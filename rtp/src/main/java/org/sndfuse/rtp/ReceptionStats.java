package org.sndfuse.rtp;

import java.util.Locale;

/**
 * What the receiver counted, for the status line and the event stream. Not thread-safe: the receiver
 * updates and snapshots it under its own lock.
 *
 * <p>packets = RTP packets accepted into the jitter buffer; lost = sequence numbers still missing when their
 * place was played (silence instead); late = packets that arrived after their place was played (dropped);
 * reordered = packets that arrived after a higher sequence number and were still in time; duplicates;
 * bad = datagrams that are not RTP, carry another payload type or a size that is not whole frames;
 * restarts = sender restarts followed (SSRC change, sequence or timestamp jump) and streams started after
 * an idle gap; skipped = frames of a timestamp gap too long to play as silence.
 */
public final class ReceptionStats {
    public long packets, lost, late, reordered, duplicates, bad, restarts, skipped;
    /** Frames played as silence inside a stream (losses, gaps). */
    public long concealed;
    /** Periods written and triggered; of those, freewheel periods clocked locally while no stream ran. */
    public long periods, freewheel;
    /** Playback underruns the PCM reported (EPIPE on write), recovered with PREPARE. */
    public long xruns;

    /** One line: {@code packets=N lost=N ... ppm=+12.3}; depth, jitter and ppm supplied by the caller. */
    public String line(double depthMs, double jitterMs, double ppm) {
        return String.format(Locale.ROOT,
                "packets=%d lost=%d late=%d reordered=%d duplicates=%d bad=%d restarts=%d skipped=%d concealed=%d"
                        + " jitter=%.3fms depth=%.2fms ppm=%s periods=%d freewheel=%d xruns=%d",
                packets, lost, late, reordered, duplicates, bad, restarts, skipped, concealed, jitterMs, depthMs,
                Double.isNaN(ppm) ? "?" : String.format(Locale.ROOT, "%+.2f", ppm), periods, freewheel, xruns);
    }
}
