package org.sndfuse.fuse.text;

import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.events.EventBus;
import org.sndfuse.fuse.handle.Caller;

/** {@code events}: a live stream of event lines from the moment of opening; reads block for the next line. */
public final class EventStreamHandle extends LineCommandHandle {
    /** Lines kept for a reader that falls behind before the oldest are dropped. */
    public static final int CAPACITY = 4096;

    private final EventBus.Subscription subscription;

    public EventStreamHandle(EventBus bus) {
        this.subscription = bus.subscribe(CAPACITY);
    }

    @Override
    protected boolean blocksWhenEmpty() {
        return true;
    }

    @Override
    protected String execute(String line, Caller caller) {
        throw new SndException(Errno.EINVAL, "the event stream takes no commands");
    }

    @Override
    protected void refill() {
        emit(subscription.take());
    }

    @Override
    protected void watchSource(Runnable wake) {
        subscription.onAvailable(wake);
    }

    @Override
    public void release() {
        subscription.close();
    }
}
