package org.sndfuse.rtp;

import java.util.Arrays;
import java.util.Iterator;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * The receiver's jitter buffer and sender timeline: packets are held in extended sequence order and placed
 * by their RTP timestamp; the play position moves one period at a time. It is the data clock: a period is
 * {@link #ready()} as soon as the newest data reaches one period plus the depth beyond the play position, so
 * the loopback advances exactly as fast as the sender produces frames.
 *
 * <p>Sequence numbers follow RFC 3550 appendix A.1 (MAX_DROPOUT 3000, MAX_MISORDER 100). A new SSRC, a
 * sequence jump or a timestamp far from the timeline is put on probation: it replaces the stream only when
 * the next packet continues it (so one stray datagram cannot). A place reached with no data plays silence
 * (a missing sequence number counts as lost), a packet for a place already played counts as late and is
 * dropped. Not thread-safe: the receiver calls it under its lock.
 */
public final class JitterBuffer {
    static final int MAX_DROPOUT = 3000, MAX_MISORDER = 100;
    private static final int RECENT = 1024;

    /** What happened to an offered packet. */
    public enum Outcome { ACCEPTED, REORDERED, DUPLICATE, LATE, BAD, PROBATION, STARTED, OVERFLOW }

    private record Slot(long seq, long ts, int frames, byte[] pcm, long arrival) {}

    private final RtpFormat format;
    private final int period;
    private final int depth;
    /** Frames a timestamp may stray from the timeline before it is a jump, and the largest packet. */
    private final int jump;
    /** Frames ahead of the play position beyond which packets are dropped (a stalled consumer). */
    private final int capacity;
    private final ReceptionStats stats;
    private final InterarrivalJitter jitter;
    private final RateEstimator rate;

    private final TreeMap<Long, Slot> slots = new TreeMap<>();
    private final long[] recent = new long[RECENT];
    private boolean running;
    private boolean started;
    private boolean clocking;
    private long ssrc;
    private long maxSeq;
    private long refTs;
    private long playTs;
    private long highTs;
    private long releasedSeq;
    private long lastArrival;
    private long startTs;
    private boolean rateWarm;
    private RtpPacket candidate;

    public JitterBuffer(RtpFormat format, int periodFrames, int depthFrames, ReceptionStats stats) {
        if (periodFrames <= 0 || depthFrames < 0) {
            throw new IllegalArgumentException("period must be > 0 and depth >= 0 frames");
        }
        this.format = format;
        this.period = periodFrames;
        this.depth = depthFrames;
        this.jump = Math.max(format.rate() / 4, 2 * (periodFrames + depthFrames));
        this.capacity = Math.max(2 * format.rate(), 4 * (periodFrames + depthFrames));
        this.stats = stats;
        this.jitter = new InterarrivalJitter(format.rate());
        this.rate = new RateEstimator(format.rate());
    }

    /** Offers one parsed packet that arrived at {@code arrivalNanos} (local monotonic time). */
    public Outcome offer(RtpPacket p, long arrivalNanos) {
        int wire = format.wireFrameBytes();
        if (p.payloadType() != format.payloadType() || p.payloadLength() == 0 || p.payloadLength() % wire != 0
                || p.payloadLength() / wire > jump) {
            stats.bad++;
            return Outcome.BAD;
        }
        if (!running) {
            start(p, arrivalNanos);
            return Outcome.STARTED;
        }
        if (p.ssrc() != ssrc) {
            return probation(p, arrivalNanos);
        }
        int udelta = (p.sequence() - (int) (maxSeq & 0xffff)) & 0xffff;
        long ext;
        if (udelta == 0) {
            stats.duplicates++;
            return Outcome.DUPLICATE;
        } else if (udelta < MAX_DROPOUT) {
            ext = maxSeq + udelta;
        } else if (udelta >= 65536 - MAX_MISORDER) {
            ext = maxSeq - (65536 - udelta);
        } else {
            return probation(p, arrivalNanos);
        }
        long ts = refTs + (int) (p.timestamp() - refTs);
        int frames = p.payloadLength() / wire;
        if (ts > highTs + jump || ts + frames < playTs - jump) {
            return probation(p, arrivalNanos);
        }
        if (slots.containsKey(ext) || recent[(int) (ext % RECENT)] == ext) {
            stats.duplicates++;
            return Outcome.DUPLICATE;
        }
        if (!clocking && ts < playTs && ext <= releasedSeq) {
            // still filling: a packet reordered before the first one moves the start back
            playTs = ts;
            releasedSeq = ext - 1;
        }
        if (ext <= releasedSeq || ts + frames <= playTs) {
            stats.late++;
            return Outcome.LATE;
        }
        if (ts + frames - playTs > capacity) {
            stats.skipped += frames;
            return Outcome.OVERFLOW;
        }
        boolean reordered = ext < maxSeq;
        if (reordered) {
            stats.reordered++;
        }
        insert(p, ext, ts, frames, arrivalNanos);
        return reordered ? Outcome.REORDERED : Outcome.ACCEPTED;
    }

    /** A packet that does not fit the timeline: it replaces the stream only if the next one continues it. */
    private Outcome probation(RtpPacket p, long arrivalNanos) {
        RtpPacket c = candidate;
        if (c != null && c.ssrc() == p.ssrc() && ((c.sequence() + 1) & 0xffff) == p.sequence()
                && ((p.timestamp() - c.timestamp()) & 0xffffffffL) <= jump) {
            stats.restarts++;
            start(c, arrivalNanos);
            insert(p, maxSeq + 1, refTs + (int) (p.timestamp() - refTs), p.payloadLength() / format.wireFrameBytes(),
                    arrivalNanos);
            return Outcome.STARTED;
        }
        if (c != null) {
            stats.bad++;
        }
        candidate = p;
        return Outcome.PROBATION;
    }

    private void start(RtpPacket p, long arrivalNanos) {
        if (started && !running) {
            stats.restarts++;
        }
        slots.clear();
        Arrays.fill(recent, -1);
        running = true;
        started = true;
        clocking = false;
        candidate = null;
        ssrc = p.ssrc();
        maxSeq = p.sequence() + 65536L;
        refTs = p.timestamp() + (1L << 32);
        playTs = refTs;
        highTs = refTs;
        startTs = refTs;
        rateWarm = false;
        releasedSeq = maxSeq - 1;
        jitter.restart();
        rate.reset();
        insert(p, maxSeq, refTs, p.payloadLength() / format.wireFrameBytes(), arrivalNanos);
    }

    private void insert(RtpPacket p, long ext, long ts, int frames, long arrivalNanos) {
        byte[] pcm = new byte[frames * format.pcmFrameBytes()];
        format.toPcm(p.data(), p.payloadOffset(), frames, pcm, 0);
        slots.put(ext, new Slot(ext, ts, frames, pcm, arrivalNanos));
        recent[(int) (ext % RECENT)] = ext;
        if (ext >= maxSeq) {
            maxSeq = ext;
            refTs = ts;
        }
        highTs = Math.max(highTs, ts + frames);
        lastArrival = arrivalNanos;
        stats.packets++;
        jitter.add(arrivalNanos, ts);
        if (!rateWarm && ts - startTs >= format.rate()) {
            rateWarm = true;      // the first second (buffers filling, caches warming) would bias the slope
            rate.reset();
        }
        rate.add(arrivalNanos, ts);
    }

    /** Whether a whole period plus the depth has arrived beyond the play position. */
    public boolean ready() {
        return running && highTs - playTs >= period + depth;
    }

    /** Whether the data has clocked at least one period since the stream started (no freewheeling then). */
    public boolean clocking() {
        return running && clocking;
    }

    public boolean running() {
        return running;
    }

    /** Local time of the last accepted packet. */
    public long lastArrival() {
        return lastArrival;
    }

    /**
     * Fills {@code out} with the period at the play position (silence where nothing arrived) and moves the
     * play position one period on. Packets entirely played are released; sequence numbers skipped on the way
     * count as lost.
     */
    public void take(byte[] out) {
        take(out, null);
    }

    /**
     * {@link #take(byte[])}, also handing each packet that this period completes (its last frame played) to
     * {@code completed} with its arrival time.
     */
    public void take(byte[] out, LongConsumer completed) {
        int fb = format.pcmFrameBytes();
        Arrays.fill(out, 0, period * fb, (byte) 0);
        if (!running) {
            return;
        }
        clocking = true;
        long end = playTs + period;
        int covered = 0;
        for (Iterator<Slot> it = slots.values().iterator(); it.hasNext(); ) {
            Slot s = it.next();
            if (s.ts >= end) {
                break;
            }
            long from = Math.max(s.ts, playTs);
            long to = Math.min(s.ts + s.frames, end);
            if (to > from) {
                System.arraycopy(s.pcm, (int) (from - s.ts) * fb, out, (int) (from - playTs) * fb,
                        (int) (to - from) * fb);
                covered += (int) (to - from);
            }
            if (s.ts + s.frames > end) {
                break;
            }
            it.remove();
            if (completed != null) {
                completed.accept(s.arrival);
            }
            if (s.seq > releasedSeq) {
                stats.lost += s.seq - releasedSeq - 1;
                releasedSeq = s.seq;
            }
        }
        stats.concealed += period - covered;
        playTs = end;
    }

    /** Ends the stream (the sender went quiet): the next packet starts a new timeline. */
    public void stop() {
        running = false;
        clocking = false;
        slots.clear();
        candidate = null;
    }

    /** Frames buffered beyond the play position. */
    public long depthFrames() {
        return running ? highTs - playTs : 0;
    }

    public InterarrivalJitter jitter() {
        return jitter;
    }

    public RateEstimator rate() {
        return rate;
    }

    /** Packets held (for tests and the memory bound). */
    public int size() {
        return slots.size();
    }
}
