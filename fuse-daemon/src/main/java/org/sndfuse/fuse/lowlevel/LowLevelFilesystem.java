package org.sndfuse.fuse.lowlevel;

import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Supplier;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.SndFilesystem;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.FdFlags;
import org.sndfuse.fuse.handle.Handle;
import org.sndfuse.fuse.handle.HandleTable;
import org.sndfuse.fuse.handle.IoctlReply;
import org.sndfuse.fuse.handle.LastClose;
import org.sndfuse.fuse.handle.PendingCall;
import org.sndfuse.fuse.handle.ReadReadiness;
import org.sndfuse.fuse.node.DirNode;
import org.sndfuse.fuse.node.FileNode;
import org.sndfuse.fuse.node.Node;

/**
 * The tree served through libfuse's low-level API (docs/fuse-transport.md, "The low-level transport"): the
 * same nodes and handles as {@link SndFilesystem}, addressed by inode number, each request answered by a
 * {@code fuse_reply_*} call that may come later and from another thread. A read that must wait on a handle
 * that reports readiness is parked ({@link ParkedReads}), and so is a blocking PCM transfer, drain or open
 * ({@link ParkedCalls}); reads of other files run on {@link BlockingWorkers}; everything else is answered on the
 * receive thread. A {@link SndException} becomes
 * the caller's errno here, as in the high-level transport.
 */
public final class LowLevelFilesystem {
    private static final double TIMEOUT = 1.0; // entry and attribute validity, libfuse's high-level default
    private static final LibFuseLowLevel LIB = LowLevelNative.LIB;
    private static final int ENOTDIR = 20, EISDIR = 21; // not model errors: only the tree's shape gives them

    private final DirNode root;
    private final int uid;
    private final int gid;
    private final Path mountPoint;
    private final long mountTime = System.currentTimeMillis() / 1000;
    private final InodeTable inodes = new InodeTable();
    private final HandleTable handles = new HandleTable();
    private final LastClose lastClose;
    /** Each open file's status flags as last reported (open, read, write): ioctl requests carry none. */
    private final ConcurrentHashMap<Long, Integer> fileFlags = new ConcurrentHashMap<>();
    private final PollHandles polls = new PollHandles();
    private final ParkedReads parked = new ParkedReads();
    private final ParkedCalls calls = new ParkedCalls();
    private final BlockingWorkers workers;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean shuttingDown;

    public LowLevelFilesystem(DirNode root, int uid, int gid, Path mountPoint, int blockingWorkers) {
        this.root = root;
        this.uid = uid;
        this.gid = gid;
        this.mountPoint = mountPoint;
        this.workers = new BlockingWorkers(blockingWorkers);
        this.lastClose = new LastClose(handles, () -> mountPoint);
    }

    public HandleTable handles() {
        return handles;
    }

    /** Reads parked now (for tests and diagnostics). */
    public int parkedReads() {
        return parked.parked();
    }

    /** PCM transfers, drains and opens parked now (for tests and diagnostics). */
    public int parkedCalls() {
        return calls.parked();
    }

    /** Wakes every waiting call with an error (ENODEV) so the kernel can unmount without waiting for clients. */
    public void shutdown() {
        shuttingDown = true;
        handles.disconnectAll(msg -> log(msg));
        parked.answerAll(Errno.ENODEV);
        calls.endAll(Errno.ENODEV);
    }

    /** Mounts on the mount point and serves until unmounted; see {@link LowLevelSession}. */
    public void mount(boolean debug, String[] options, int receiveThreads) {
        LowLevelOps.target = this;
        try {
            LowLevelSession.serve(mountPoint.toString(), options, debug, receiveThreads);
        } finally {
            workers.shutdown();
            calls.shutdown();
            stopped.countDown();
        }
    }

    // ---- requests, called by LowLevelOps on a receive thread ----

    void init(Pointer conn) {
        int maxWrite = conn == null ? 0 : conn.getInt(FuseLayouts.CONN_MAX_WRITE);
        if (maxWrite > 0) {
            SndFilesystem.noteMaxWrite(maxWrite);
        }
    }

    void destroy() {
        // the session ends; handles are released by the kernel's RELEASE requests or at shutdown
    }

    /**
     * Each receive thread's own reply structs: a lookup, getattr or readdir answers synchronously, and every answer
     * writes the same fields, so one buffer per thread serves them all without an allocation per request.
     */
    private static final ThreadLocal<Pointer> ENTRY =
            ThreadLocal.withInitial(() -> Memory.allocateDirect(LowLevelNative.RUNTIME, FuseLayouts.ENTRY_SIZE, true));
    private static final ThreadLocal<Pointer> STAT =
            ThreadLocal.withInitial(() -> Memory.allocateDirect(LowLevelNative.RUNTIME, FuseLayouts.STAT_SIZE, true));

    void lookup(Pointer req, long parent, String name) {
        String dir = inodes.path(parent);
        String path = dir == null ? null : InodeTable.child(dir, name);
        Node n = path == null ? null : resolve(path);
        if (n == null) {
            LIB.fuse_reply_err(req, Errno.ENOENT);
            return;
        }
        long ino = inodes.inode(path);
        Pointer e = ENTRY.get();
        e.putLong(FuseLayouts.ENTRY_INO, ino);
        fillStat(e, FuseLayouts.ENTRY_ATTR, ino, n);
        e.putDouble(FuseLayouts.ENTRY_ATTR_TIMEOUT, TIMEOUT);
        e.putDouble(FuseLayouts.ENTRY_ENTRY_TIMEOUT, TIMEOUT);
        LIB.fuse_reply_entry(req, e);
    }

    void getattr(Pointer req, long ino) {
        Node n = node(ino);
        if (n == null) {
            LIB.fuse_reply_err(req, Errno.ENOENT);
            return;
        }
        Pointer st = STAT.get();
        fillStat(st, 0, ino, n);
        LIB.fuse_reply_attr(req, st, TIMEOUT);
    }

    /**
     * Attribute changes are accepted and change nothing, as in the high-level transport: a shell's {@code >}
     * truncates before it writes a command, and every node has size 0.
     */
    void setattr(Pointer req, long ino, Pointer attr, int toSet) {
        getattr(req, ino);
    }

    void readdir(Pointer req, long ino, long size, long offset) {
        Node n = node(ino);
        if (!(n instanceof DirNode d)) {
            LIB.fuse_reply_err(req, n == null ? Errno.ENOENT : ENOTDIR);
            return;
        }
        String path = inodes.path(ino);
        List<String> names = new ArrayList<>(List.of(".", ".."));
        List<Node> kinds = new ArrayList<>(List.of(d, d));
        for (Node child : d.children()) {
            names.add(child.name());
            kinds.add(child);
        }
        long[] sizes = new long[names.size()];
        long total = 0;
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = LIB.fuse_add_direntry(req, null, 0, names.get(i), null, 0);
            total += sizes[i];
        }
        if (offset >= total) {
            LIB.fuse_reply_buf(req, null, 0);
            return;
        }
        Pointer buf = Memory.allocateDirect(LowLevelNative.RUNTIME, (int) total, true);
        Pointer st = STAT.get();
        long at = 0;
        for (int i = 0; i < sizes.length; i++) {
            String name = names.get(i);
            long childIno = i < 2 ? ino : inodes.inode(InodeTable.child(path, name));
            fillStat(st, 0, childIno, kinds.get(i));
            LIB.fuse_add_direntry(req, buf.slice(at), sizes[i], name, st, at + sizes[i]);
            at += sizes[i];
        }
        int n0 = (int) offset, len = (int) Math.min(size, total - offset);
        byte[] out = new byte[len];
        buf.get(n0, out, 0, len);
        LIB.fuse_reply_buf(req, out, len);
    }

    void open(Pointer req, long ino, Pointer fi) {
        Node n = node(ino);
        if (n == null) {
            LIB.fuse_reply_err(req, Errno.ENOENT);
            return;
        }
        if (!(n instanceof FileNode f)) {
            LIB.fuse_reply_err(req, EISDIR);
            return;
        }
        if (shuttingDown) {
            LIB.fuse_reply_err(req, Errno.ENODEV);
            return;
        }
        int flags = fi.getInt(FuseLayouts.FI_FLAGS);
        Caller c = caller(req, flags);
        if (f.openMayBlock() && !c.nonblocking()) {
            // libfuse's fuse_file_info lives on the receive thread's stack: answer from a copy
            Pointer copy = Memory.allocateDirect(LowLevelNative.RUNTIME, FuseLayouts.FI_SIZE, true);
            copy.transferFrom(0, fi, 0, FuseLayouts.FI_SIZE);
            if (!park(req, -1, "open", () -> f.openParked(c), h -> opened(req, h, copy, c))) {
                workers.run(() -> answer(req, "open", () -> opened(req, f.open(c), copy, c)));
            }
        } else {
            answer(req, "open", () -> opened(req, f.open(c), fi, c));
        }
    }

    private void opened(Pointer req, Handle h, Pointer fi, Caller c) {
        long fh = handles.add(h, c.pid());
        fileFlags.put(fh, c.openFlags());
        fi.putLong(FuseLayouts.FI_FH, fh);
        int bits = fi.getInt(FuseLayouts.FI_BITS) | FuseLayouts.FI_DIRECT_IO;
        fi.putInt(FuseLayouts.FI_BITS, h.seekable() ? bits : bits | FuseLayouts.FI_NONSEEKABLE);
        int replied = LIB.fuse_reply_open(req, fi);
        // jnr-ffi passes only the address: a parked open answers from a copy nothing else references, which a
        // collection during the call must not free
        Reference.reachabilityFence(fi);
        if (replied == -Errno.ENOENT) {
            // the open was interrupted meanwhile (its caller died): no RELEASE will come for this handle
            handles.remove(fh);
            fileFlags.remove(fh);
            h.release();
        }
    }

    void read(Pointer req, long ino, long size, long offset, Pointer fi) {
        long fh = fi.getLong(FuseLayouts.FI_FH);
        int flags = fi.getInt(FuseLayouts.FI_FLAGS);
        Handle h = handleWithFlags(req, fh, flags);
        if (h == null) {
            return;
        }
        int n = (int) Math.min(size, Integer.MAX_VALUE);
        Caller c = caller(req, flags);
        if (c.nonblocking()) {
            answer(req, "read", () -> replyData(req, h.read(offset, n, c), n));
        } else if (ParkedReads.canPark(h)) {
            Caller once = new Caller(c.pid(), c.uid(), c.gid(), flags | Caller.O_NONBLOCK, () -> shuttingDown);
            // parked at once when it would wait: the try below would only throw EAGAIN
            boolean[] wait = {((ReadReadiness) h).readWouldWait(n)};
            if (!wait[0]) {
                answer(req, "read", () -> {
                    try {
                        replyData(req, h.read(offset, n, once), n);
                    } catch (SndException e) {
                        if (e.errno() != Errno.EAGAIN) {
                            throw e;
                        }
                        wait[0] = true;
                    }
                });
            }
            if (wait[0]) {
                // outside answer(): once parked, the request may be answered by another thread at any moment
                parked.park(req, fh, h, offset, n, once);
                if (shuttingDown) {
                    parked.answerAll(Errno.ENODEV);
                }
            }
        } else if (!park(req, fh, "read", () -> h.readParked(offset, n, c), data -> replyData(req, data, n))) {
            workers.run(() -> answer(req, "read", () -> replyData(req, h.read(offset, n, c), n)));
        }
    }

    void write(Pointer req, long ino, Pointer buf, long size, long offset, Pointer fi) {
        long fh = fi.getLong(FuseLayouts.FI_FH);
        int flags = fi.getInt(FuseLayouts.FI_FLAGS);
        Handle h = handleWithFlags(req, fh, flags);
        if (h == null) {
            return;
        }
        byte[] data = new byte[(int) size];
        buf.get(0, data, 0, data.length);
        Caller c = caller(req, flags);
        Runnable call = () -> answer(req, "write", () -> LIB.fuse_reply_write(req, h.write(offset, data, c)));
        if (h.writeMayBlock() && !c.nonblocking()) {
            if (!park(req, fh, "write", () -> h.writeParked(offset, data, c), n -> LIB.fuse_reply_write(req, n))) {
                workers.run(call); // the request's buffer was copied: it belongs to the receive thread
            }
        } else {
            call.run();
        }
    }

    /** Every close() of a descriptor; a utimer's last one destroys it before close() returns. */
    void flush(Pointer req, Pointer fi) {
        long fh = fi.getLong(FuseLayouts.FI_FH);
        answer(req, "flush", () -> {
            lastClose.flush(fh);
            LIB.fuse_reply_err(req, 0);
        });
    }

    void release(Pointer req, Pointer fi) {
        long fh = fi.getLong(FuseLayouts.FI_FH);
        Handle h = handles.remove(fh);
        fileFlags.remove(fh);
        polls.release(fh);
        parked.release(fh);
        calls.release(fh);
        answer(req, "release", () -> {
            if (h != null) {
                h.release();
            }
            LIB.fuse_reply_err(req, 0);
        });
    }

    void ioctl(Pointer req, long ino, int cmd, Pointer arg, Pointer fi, Pointer inBuf, long inSize, long outSize) {
        long fh = fi.getLong(FuseLayouts.FI_FH);
        Handle h = handle(req, fh);
        if (h == null) {
            return;
        }
        // Restricted FUSE ioctl: the kernel copied _IOC_SIZE bytes in for _IOW and copies out_size back for _IOR.
        byte[] in = new byte[(int) inSize];
        if (inSize > 0) {
            inBuf.get(0, in, 0, in.length);
        }
        int flags = fileFlags.getOrDefault(fh, 0);
        boolean mayBlock = h.ioctlMayBlock(cmd);
        if (mayBlock && (flags & Caller.O_NONBLOCK) != 0) {
            // the flag may have been cleared with fcntl since the last read/write: look it up
            String path = inodes.path(ino);
            // by inode and name from /proc: a stat of the node would be a request to this daemon (a deadlock once
            // every receive thread waits for one)
            Boolean nb = path == null ? null
                    : FdFlags.nonblocking(caller(req, flags).pid(), ino, path.substring(path.lastIndexOf('/') + 1));
            if (nb != null && !nb) {
                flags &= ~Caller.O_NONBLOCK;
                fileFlags.put(fh, flags);
            }
        }
        Caller c = caller(req, flags);
        long argAddress = arg == null ? 0 : arg.address();
        IoctlName what = new IoctlName(cmd);
        Runnable call = () -> answer(req, what, () -> replyIoctl(req, h.ioctl(cmd, argAddress, in, c), in, outSize));
        if (mayBlock && !c.nonblocking()) {
            if (!park(req, fh, what, () -> h.ioctlParked(cmd, argAddress, in, c),
                    reply -> replyIoctl(req, reply, in, outSize))) {
                workers.run(call);
            }
        } else {
            call.run();
        }
    }

    /** The reply of an ioctl: the _IOR bytes are the caller's struct as it came in, overlaid with the answer. */
    private static void replyIoctl(Pointer req, IoctlReply reply, byte[] in, long outSize) {
        byte[] out = new byte[(int) outSize];
        System.arraycopy(in, 0, out, 0, Math.min(in.length, out.length));
        System.arraycopy(reply.out(), 0, out, 0, Math.min(reply.out().length, out.length));
        LIB.fuse_reply_ioctl(req, reply.result(), out.length == 0 ? null : out, out.length);
    }

    void poll(Pointer req, Pointer fi, Pointer ph) {
        long fh = fi.getLong(FuseLayouts.FI_FH);
        Handle h = handle(req, fh);
        if (h == null) {
            if (ph != null && ph.address() != 0) {
                LIB.fuse_pollhandle_destroy(ph);
            }
            return;
        }
        PollHandles.Registration reg = polls.register(fh, ph);
        answer(req, "poll", () -> {
            int mask = h.poll(reg == null ? null : reg::fire);
            if (mask != 0) {
                polls.ready(fh, reg);
            }
            LIB.fuse_reply_poll(req, mask);
        });
    }

    void interrupted(Pointer req) {
        if (!calls.interrupt(req)) {
            parked.interrupt(req);
        }
    }

    /**
     * Parks the blocking call {@code make} gives ({@link ParkedCalls}); false when the handle has none (null).
     * An error making it answers the request.
     */
    private <T> boolean park(Pointer req, long fh, Object what, Supplier<PendingCall<T>> make, Consumer<T> reply) {
        boolean[] none = new boolean[1];
        answer(req, what, () -> {
            PendingCall<T> call = make.get();
            if (call == null) {
                none[0] = true;
                return;
            }
            calls.start(req, fh, call, reply);
            if (shuttingDown) {
                calls.endAll(Errno.ENODEV);
            }
        });
        return !none[0];
    }

    // ---- helpers ----

    /** An ioctl's name for the log, formatted only when logged: every ioctl passes one (no per-request format). */
    private record IoctlName(int cmd) {
        @Override
        public String toString() {
            return String.format("ioctl 0x%08x", cmd);
        }
    }

    /** Runs {@code call}, which answers {@code req}; a failure answers it with its errno (EIO if unexpected). */
    private static void answer(Pointer req, Object what, Runnable call) {
        try {
            call.run();
        } catch (SndException e) {
            LIB.fuse_reply_err(req, e.errno());
        } catch (RuntimeException | Error e) {
            log("internal error in " + what + ": " + e);
            e.printStackTrace(System.err);
            LIB.fuse_reply_err(req, Errno.EIO);
        }
    }

    private static void replyData(Pointer req, byte[] data, int size) {
        int n = Math.min(data.length, size);
        LIB.fuse_reply_buf(req, data, n);
    }

    /** The handle of a read or write, noting the file's flags that request reports; null once answered EBADF. */
    private Handle handleWithFlags(Pointer req, long fh, int flags) {
        fileFlags.put(fh, flags);
        return handle(req, fh);
    }

    private Handle handle(Pointer req, long fh) {
        try {
            return handles.get(fh);
        } catch (SndException e) {
            LIB.fuse_reply_err(req, e.errno());
            return null;
        }
    }

    private Caller caller(Pointer req, int flags) {
        Pointer ctx = LIB.fuse_req_ctx(req);
        return new Caller(ctx.getInt(FuseLayouts.CTX_PID), ctx.getInt(FuseLayouts.CTX_UID),
                ctx.getInt(FuseLayouts.CTX_GID), flags,
                () -> shuttingDown || LIB.fuse_req_interrupted(req) != 0);
    }

    private Node node(long ino) {
        String path = inodes.path(ino);
        return path == null ? null : resolve(path);
    }

    private Node resolve(String path) {
        return root.resolve(path);
    }

    private void fillStat(Pointer p, int at, long ino, Node n) {
        boolean dir = n instanceof DirNode;
        FuseLayouts.fillStat(p, at, ino, (dir ? FuseLayouts.S_IFDIR : FuseLayouts.S_IFREG) | n.mode(), dir ? 2 : 1,
                uid, n.gid() >= 0 ? n.gid() : gid, mountTime);
    }

    static void log(String msg) {
        System.err.println("sndfuse: " + msg);
    }
}
