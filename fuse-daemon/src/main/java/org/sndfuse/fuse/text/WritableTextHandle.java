package org.sndfuse.fuse.text;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.Handle;

/**
 * A small text file that reads as a snapshot and applies each write whole, like a /proc entry or a module
 * parameter: {@code echo -1.4.0 > timer_source}. The consumer throws SndException to refuse a value. Input
 * is bounded as the kernel bounds it ({@link #PROC}, {@link #SYSFS}), so no write larger than that is taken.
 */
public final class WritableTextHandle implements Handle {
    private final SnapshotTextHandle snapshot;
    private final Consumer<String> writer;
    private final Limit limit;

    /** The most a file takes, and the errno for more. */
    public record Limit(int bytes, int errno) {}

    /** A proc text entry: 16 KiB in all, EIO past it (snd_info_text_entry_write). */
    public static final Limit PROC = new Limit(16 * 1024, Errno.EIO);
    /** A sysfs attribute such as a module parameter: one page per write, E2BIG past it (kernfs). */
    public static final Limit SYSFS = new Limit(4096, Errno.E2BIG);

    public WritableTextHandle(String text, Consumer<String> writer, Limit limit) {
        this.snapshot = new SnapshotTextHandle(text);
        this.writer = writer;
        this.limit = limit;
    }

    @Override
    public byte[] read(long offset, int size, Caller caller) {
        return snapshot.read(offset, size, caller);
    }

    @Override
    public int write(long offset, byte[] data, Caller caller) {
        if (offset < 0 || offset + data.length > limit.bytes()) {
            throw new SndException(limit.errno(), "text input over " + limit.bytes() + " bytes");
        }
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
