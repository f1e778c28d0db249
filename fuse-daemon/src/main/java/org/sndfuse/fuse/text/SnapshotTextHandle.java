package org.sndfuse.fuse.text;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.Handle;

/** A read-only text file whose content is rendered once at open, like a /proc seq_file read from offset 0. */
public final class SnapshotTextHandle implements Handle {
    private final byte[] content;

    public SnapshotTextHandle(String text) {
        this.content = text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] read(long offset, int size, Caller caller) {
        if (offset >= content.length) {
            return new byte[0];
        }
        int from = (int) offset;
        return Arrays.copyOfRange(content, from, (int) Math.min(content.length, from + (long) size));
    }

    @Override
    public boolean seekable() {
        return true;
    }

    @Override
    public void release() {
    }
}
