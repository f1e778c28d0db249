package org.sndfuse.fuse.node;

import java.util.function.Supplier;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.Handle;
import org.sndfuse.fuse.handle.PendingCall;
import org.sndfuse.fuse.text.SnapshotTextHandle;

/** A regular file (device nodes are regular files over FUSE: docs/kernel-facts.md, FUSE transport facts) that opens handles. */
public final class FileNode implements Node {
    /** Creates the handle of one open. */
    @FunctionalInterface
    public interface Opener {
        Handle open(Caller caller);
    }

    private final String name;
    private final int mode;
    private final int gid;
    /** An open that waits without a thread (a busy PCM device), or null. */
    @FunctionalInterface
    public interface ParkedOpener {
        PendingCall<Handle> open(Caller caller);
    }

    private final Opener opener;
    private final boolean openMayBlock;
    private final ParkedOpener parkedOpener;

    public FileNode(String name, int mode, int gid, Opener opener) {
        this(name, mode, gid, opener, false);
    }

    /** @param openMayBlock an open without O_NONBLOCK may wait (a busy PCM device waits for a free substream) */
    public FileNode(String name, int mode, int gid, Opener opener, boolean openMayBlock) {
        this(name, mode, gid, opener, openMayBlock, null);
    }

    /** A node whose blocking open may wait, either in {@code opener} or without a thread in {@code parked}. */
    public FileNode(String name, int mode, int gid, Opener opener, ParkedOpener parked) {
        this(name, mode, gid, opener, true, parked);
    }

    private FileNode(String name, int mode, int gid, Opener opener, boolean openMayBlock, ParkedOpener parked) {
        this.name = name;
        this.mode = mode;
        this.gid = gid;
        this.opener = opener;
        this.openMayBlock = openMayBlock;
        this.parkedOpener = parked;
    }

    /** The blocking open that waits without a thread, or null when this node has none (it opens in {@link #open}). */
    public PendingCall<Handle> openParked(Caller caller) {
        return parkedOpener == null ? null : parkedOpener.open(caller);
    }

    public boolean openMayBlock() {
        return openMayBlock;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int mode() {
        return mode;
    }

    @Override
    public int gid() {
        return gid;
    }

    public Handle open(Caller caller) {
        return opener.open(caller);
    }

    /** A read-only (0444) text file rendered afresh at each open, like a /proc entry. */
    public static FileNode text(String name, Supplier<String> render) {
        return new FileNode(name, 0444, -1, caller -> new SnapshotTextHandle(render.get()));
    }
}
