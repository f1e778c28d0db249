package org.sndfuse.fuse.text;

import java.util.ArrayList;
import java.util.List;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.events.EventBus;
import org.sndfuse.fuse.handle.Caller;

/**
 * {@code events}: a live stream of event lines from the moment of opening; reads block for the next line.
 * A client may post: each line written (at most {@link #MAX_USER_LINE} bytes, printable text) reaches every
 * reader as {@code TIME user LINE}; anything else fails with EINVAL and one error line. A write-only open
 * subscribes to nothing.
 */
public final class EventStreamHandle extends LineCommandHandle {
    /** Lines kept for a reader that falls behind before the oldest are dropped. */
    public static final int CAPACITY = 4096;
    /** The longest line a client may post. */
    public static final int MAX_USER_LINE = 1024;

    private final EventBus bus;
    private final EventBus.Subscription subscription;
    /** Lines accepted by the current write, published once the session's locks are released. */
    private final List<String> toPost = new ArrayList<>();
    private final Object postLock = new Object();

    /** A reader's handle. */
    public EventStreamHandle(EventBus bus) {
        this(bus, true);
    }

    /** The handle of one open: it subscribes only if the open can read. */
    public EventStreamHandle(EventBus bus, Caller caller) {
        this(bus, caller.canRead());
    }

    private EventStreamHandle(EventBus bus, boolean reads) {
        this.bus = bus;
        this.subscription = reads ? bus.subscribe(CAPACITY) : null;
    }

    @Override
    protected boolean blocksWhenEmpty() {
        return true;
    }

    @Override
    protected String execute(String line, Caller caller) {
        if (line.length() > MAX_USER_LINE) {
            throw new SndException(Errno.EINVAL, "event line longer than " + MAX_USER_LINE + " bytes");
        }
        if (line.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new SndException(Errno.EINVAL, "event line holds control characters");
        }
        synchronized (postLock) {
            toPost.add(line);
        }
        return null;
    }

    /** Runs the lines, then publishes the good ones with no lock held (publishing wakes other handles). */
    @Override
    public int write(long offset, byte[] data, Caller caller) {
        try {
            return super.write(offset, data, caller);
        } finally {
            List<String> lines;
            synchronized (postLock) {
                lines = new ArrayList<>(toPost);
                toPost.clear();
            }
            for (String l : lines) {
                bus.publish("user", l);
            }
        }
    }

    @Override
    protected void refill() {
        if (subscription != null) {
            emit(subscription.take());
        }
    }

    @Override
    protected void watchSource(Runnable wake) {
        if (subscription != null) {
            subscription.onAvailable(wake);
        }
    }

    @Override
    public void release() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
