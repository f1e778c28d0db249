package org.sndfuse.fuse.text;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.Handle;

/**
 * A small text file that reads as a snapshot and applies each write whole, like a /proc entry or a module
 * parameter: {@code echo -1.4.0 > timer_source}. The consumer throws SndException to refuse a value.
 */
public final class WritableTextHandle implements Handle {
    private final SnapshotTextHandle snapshot;
    private final Consumer<String> writer;

    public WritableTextHandle(String text, Consumer<String> writer) {
        this.snapshot = new SnapshotTextHandle(text);
        this.writer = writer;
    }

    @Override
    public byte[] read(long offset, int size, Caller caller) {
        return snapshot.read(offset, size, caller);
    }

    @Override
    public int write(long offset, byte[] data, Caller caller) {
        writer.accept(new String(data, StandardCharsets.UTF_8));
        return data.length;
    }

    @Override
    public boolean seekable() {
        return true;
    }

    @Override
    public void release() {
    }
}
