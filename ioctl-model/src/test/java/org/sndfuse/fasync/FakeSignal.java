package org.sndfuse.fasync;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A fake signal sender for the model's async registrations: counts sends, honours close like PidfdSignal. */
public final class FakeSignal implements AsyncSignal {
    public final AtomicInteger sent = new AtomicInteger();
    public final AtomicBoolean closed = new AtomicBoolean();
    private final Consumer<FakeSignal> onSend;

    public FakeSignal() {
        this(s -> {});
    }

    /** {@code onSend} runs at each send that counts (e.g. to check which locks are free then). */
    public FakeSignal(Consumer<FakeSignal> onSend) {
        this.onSend = onSend;
    }

    @Override
    public void send() {
        if (!closed.get()) {
            sent.incrementAndGet();
            onSend.accept(this);
        }
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
