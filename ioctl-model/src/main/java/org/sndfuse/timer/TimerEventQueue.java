package org.sndfuse.timer;

import java.util.ArrayDeque;
import org.sndfuse.abi.StructBytes;
import org.sndfuse.abi.timer.TimerEvent;
import org.sndfuse.abi.timer.TimerRead;
import org.sndfuse.abi.timer.TimerTread;

/**
 * A timer client's bounded record queue (snd_timer_user's ring): plain {resolution, ticks} records or
 * timestamped events, with the kernel's merging of ticks into the newest record and overrun counting
 * when full. Not thread-safe: {@link TimerUser} guards it with its lock.
 */
final class TimerEventQueue {
    static final int DEFAULT_SIZE = 128;
    static final int MIN_SIZE = 32;
    static final int MAX_SIZE = 1024;

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final boolean tread;
    private int capacity;
    private long overrun;

    /** @param overrun the descriptor's count so far: it survives queue changes (never reset, as tu->overrun) */
    TimerEventQueue(boolean tread, int capacity, long overrun) {
        this.tread = tread;
        this.capacity = capacity;
        this.overrun = overrun;
    }

    boolean isTread() {
        return tread;
    }

    int recordSize() {
        return tread ? TimerTread.SIZE : TimerRead.SIZE;
    }

    int size() {
        return entries.size();
    }

    int capacity() {
        return capacity;
    }

    long overrun() {
        return overrun;
    }

    void clear() {
        entries.clear();
    }

    /** Plain mode tick: merge into the newest record if its resolution matches, else append. */
    boolean addPlainTicks(long resolution, long ticks) {
        Entry last = entries.peekLast();
        // The record keeps a 32-bit resolution but is compared with the full value, as in the kernel:
        // resolutions of 2^32 ns and more never merge.
        if (last != null && last.value == resolution) {
            last.ticks += ticks;
            return true;
        }
        return append(new Entry(TimerEvent.TICK, 0, resolution & 0xffffffffL, ticks));
    }

    /** Tread mode tick: merge into the newest record if it is a TICK (refreshing its time), else append. */
    boolean addTreadTicks(long tstampNanos, long ticks) {
        Entry last = entries.peekLast();
        if (last != null && last.event == TimerEvent.TICK) {
            last.tstamp = tstampNanos;
            last.value += ticks;
            return true;
        }
        return append(new Entry(TimerEvent.TICK, tstampNanos, ticks, 0));
    }

    /** Any other tread event (START, RESOLUTION, EARLY, ...); dropped with an overrun when full. */
    boolean addEvent(int event, long tstampNanos, long value) {
        return append(new Entry(event, tstampNanos, value, 0));
    }

    /** PARAMS' early event in plain mode: a {0, 0} record. */
    void addPlainEarly() {
        append(new Entry(TimerEvent.EARLY, 0, 0, 0));
    }

    private boolean append(Entry e) {
        if (entries.size() >= capacity) {
            overrun++;
            return false;
        }
        entries.addLast(e);
        return true;
    }

    /** Removes up to {@code max} records, encoded in this queue's format. */
    byte[] take(int max) {
        int n = Math.min(max, entries.size());
        StructBytes out = StructBytes.allocate(n * recordSize());
        for (int i = 0; i < n; i++) {
            Entry e = entries.pollFirst();
            if (tread) {
                new TimerTread(e.event, e.tstamp / 1_000_000_000L, e.tstamp % 1_000_000_000L, e.value & 0xffffffffL)
                        .encode(out, i * TimerTread.SIZE);
            } else {
                new TimerRead(e.value & 0xffffffffL, e.ticks & 0xffffffffL).encode(out, i * TimerRead.SIZE);
            }
        }
        return out.bytes();
    }

    /** One queued record; plain records keep resolution in value and the count in ticks. */
    private static final class Entry {
        final int event;
        long tstamp;
        long value;
        long ticks;

        Entry(int event, long tstamp, long value, long ticks) {
            this.event = event;
            this.tstamp = tstamp;
            this.value = value;
            this.ticks = ticks;
        }
    }
}
