package org.sndfuse.fuse;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import jnr.ffi.Pointer;
import jnr.ffi.Struct;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import org.sndfuse.abi.IoctlRequest;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.FdFlags;
import org.sndfuse.fuse.handle.Handle;
import org.sndfuse.fuse.handle.HandleTable;
import org.sndfuse.fuse.handle.IoctlReply;
import org.sndfuse.fuse.handle.LastClose;
import org.sndfuse.fuse.node.DirNode;
import org.sndfuse.fuse.node.FileNode;
import org.sndfuse.fuse.node.Node;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseContext;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.FusePollhandle;

/**
 * The FUSE boundary: resolves paths to nodes, opens handles, forwards read/write/ioctl/poll/release to them,
 * and maps {@link SndException} to a negative errno — the only place errors are translated.
 */
public final class SndFilesystem extends FuseStubFS {
    /** fuse_file_info's bitfield word (libfuse 2.9, x86_64): direct_io bit 0, nonseekable bit 3. */
    private static final int FI_BITS_OFFSET = 20;
    private static final int FI_DIRECT_IO = 0x1, FI_NONSEEKABLE = 0x8;

    private final DirNode root;
    private final HandleTable handles = new HandleTable();
    private final LastClose lastClose = new LastClose(handles, () -> mountPoint);
    private final ConcurrentHashMap<Long, PollRegistration> polls =
            new ConcurrentHashMap<>();
    /** Each open file's status flags as last reported (open, read, write): ioctl requests carry none. */
    private final ConcurrentHashMap<Long, Integer> fileFlags =
            new ConcurrentHashMap<>();
    private final long mountTime = System.currentTimeMillis() / 1000;
    private final int uid;
    private final int gid;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean shuttingDown;

    public SndFilesystem(DirNode root, int uid, int gid) {
        this.root = root;
        this.uid = uid;
        this.gid = gid;
    }

    public HandleTable handles() {
        return handles;
    }

    /** Wakes every blocked call with an error so the kernel can unmount without waiting for clients. */
    public void shutdown() {
        shuttingDown = true;
        handles.disconnectAll(msg -> log(msg));
    }

    /** Blocks until libfuse has left its loop (destroy was called). */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** FUSE splits a larger write() into requests of this size (fuse_conn_info.max_write, set at INIT). */
    private static volatile int maxWrite = 131072;
    /** ... and a larger read() into requests of at most this size (32 pages). */
    public static final int MAX_READ_CHUNK = 131072;

    public static int maxWrite() {
        return maxWrite;
    }

    /** What INIT negotiated, from whichever transport received it. */
    public static void noteMaxWrite(int bytes) {
        maxWrite = bytes;
    }

    @Override
    public Pointer init(Pointer conn) {
        if (conn != null) {
            int mw = conn.getInt(12); // struct fuse_conn_info: proto_major, proto_minor, async_read, max_write
            if (mw > 0) {
                noteMaxWrite(mw);
            }
        }
        return null;
    }

    @Override
    public void destroy(Pointer initResult) {
        stopped.countDown();
    }

    private Node lookup(String path) {
        return root.resolve(path);
    }

    @Override
    public int getattr(String path, FileStat stat) {
        Node n = lookup(path);
        if (n == null) {
            return -ErrorCodes.ENOENT();
        }
        if (n instanceof DirNode) {
            stat.st_mode.set(FileStat.S_IFDIR | n.mode());
            stat.st_nlink.set(2);
        } else {
            stat.st_mode.set(FileStat.S_IFREG | n.mode());
            stat.st_nlink.set(1);
            stat.st_size.set(0);
        }
        stat.st_uid.set(uid);
        stat.st_gid.set(n.gid() >= 0 ? n.gid() : gid);
        stat.st_atim.tv_sec.set(mountTime);
        stat.st_mtim.tv_sec.set(mountTime);
        stat.st_ctim.tv_sec.set(mountTime);
        return 0;
    }

    @Override
    public int readdir(String path, Pointer buf, FuseFillDir filler, @off_t long offset, FuseFileInfo fi) {
        Node n = lookup(path);
        if (!(n instanceof DirNode d)) {
            return n == null ? -ErrorCodes.ENOENT() : -ErrorCodes.ENOTDIR();
        }
        filler.apply(buf, ".", null, 0);
        filler.apply(buf, "..", null, 0);
        for (Node child : d.children()) {
            filler.apply(buf, child.name(), null, 0);
        }
        return 0;
    }

    @Override
    public int open(String path, FuseFileInfo fi) {
        Node n = lookup(path);
        if (n == null) {
            return -ErrorCodes.ENOENT();
        }
        if (!(n instanceof FileNode f)) {
            return -ErrorCodes.EISDIR();
        }
        if (shuttingDown) {
            return -Errno.ENODEV;
        }
        try {
            Caller c = caller(fi);
            Handle h = f.open(c);
            long fh = handles.add(h, c.pid());
            fileFlags.put(fh, fi.flags.get());
            fi.fh.set(fh);
            Pointer mem = Struct.getMemory(fi);
            mem.putInt(FI_BITS_OFFSET, mem.getInt(FI_BITS_OFFSET) | FI_DIRECT_IO | (h.seekable() ? 0 : FI_NONSEEKABLE));
            return 0;
        } catch (SndException e) {
            return -e.errno();
        } catch (RuntimeException e) {
            return internal("open " + path, e);
        }
    }

    @Override
    public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        try {
            fileFlags.put(fi.fh.get(), fi.flags.get());
            byte[] data = handles.get(fi.fh.get()).read(offset, (int) Math.min(size, Integer.MAX_VALUE), caller(fi));
            int n = (int) Math.min(data.length, size);
            buf.put(0, data, 0, n);
            return n;
        } catch (SndException e) {
            return -e.errno();
        } catch (RuntimeException e) {
            return internal("read " + path, e);
        }
    }

    @Override
    public int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
        try {
            fileFlags.put(fi.fh.get(), fi.flags.get());
            byte[] data = new byte[(int) size];
            buf.get(0, data, 0, data.length);
            return handles.get(fi.fh.get()).write(offset, data, caller(fi));
        } catch (SndException e) {
            return -e.errno();
        } catch (RuntimeException e) {
            return internal("write " + path, e);
        }
    }

    @Override
    public int ioctl(String path, int cmd, Pointer arg, FuseFileInfo fi, @jnr.ffi.types.u_int32_t long flags,
                     Pointer data) {
        try {
            // Restricted FUSE ioctl: the kernel copied _IOC_SIZE bytes in for _IOW and copies them out for _IOR.
            IoctlRequest req = IoctlRequest.decode(cmd);
            byte[] in = new byte[0];
            if ((req.direction() & IoctlRequest.WRITE) != 0 && req.size() > 0 && data != null) {
                in = new byte[req.size()];
                data.get(0, in, 0, in.length);
            }
            long fh = fi.fh.get();
            Handle h = handles.get(fh);
            int fileFlagsNow = fileFlags.getOrDefault(fh, 0);
            FuseContext ctx = getContext();
            if ((fileFlagsNow & Caller.O_NONBLOCK) != 0 && h.ioctlMayBlock(cmd)) {
                // the flag may have been cleared with fcntl since the last read/write: look it up
                Boolean nb = FdFlags.nonblocking((int) ctx.pid.get(), mountPoint.resolve(path.substring(1)));
                if (nb != null && !nb) {
                    fileFlagsNow &= ~Caller.O_NONBLOCK;
                    fileFlags.put(fh, fileFlagsNow);
                }
            }
            IoctlReply reply = h.ioctl(cmd, arg == null ? 0 : arg.address(), in, caller(ctx, fileFlagsNow));
            if ((req.direction() & IoctlRequest.READ) != 0 && req.size() > 0 && data != null) {
                byte[] out = reply.out();
                data.put(0, out, 0, Math.min(out.length, req.size()));
            }
            return reply.result();
        } catch (SndException e) {
            return -e.errno();
        } catch (RuntimeException e) {
            return internal(String.format("ioctl 0x%08x on %s", cmd, path), e);
        }
    }

    @Override
    public int poll(String path, FuseFileInfo fi, FusePollhandle ph, Pointer reventsp) {
        try {
            long fh = fi.fh.get();
            Handle h = handles.get(fh);
            // Without a kernel poll handle jnr-fuse still passes an object with no native memory behind it.
            PollRegistration reg = Struct.isDirect(ph) ? new PollRegistration(ph) : null;
            // The kernel keeps one poll handle per open file: a newer one replaces the older, which is freed
            // without a notification (notifying it would wake the poller into an endless re-poll).
            PollRegistration old = reg == null ? polls.get(fh) : polls.put(fh, reg);
            if (reg != null && old != null) {
                old.discard();
            }
            int mask = h.poll(reg == null ? null : reg::fire);
            if (mask != 0 && reg != null) {
                polls.remove(fh, reg);
                reg.discard(); // ready now: the poller returns at once and needs no wake-up
            }
            reventsp.putInt(0, mask);
            return 0;
        } catch (SndException e) {
            return -e.errno();
        } catch (RuntimeException e) {
            return internal("poll " + path, e);
        }
    }

    /** One kernel poll handle: fired (notify + free) or discarded (free) exactly once. */
    private final class PollRegistration {
        private final FusePollhandle ph;
        private final AtomicBoolean done = new AtomicBoolean();

        PollRegistration(FusePollhandle ph) {
            this.ph = ph;
        }

        void fire() {
            if (done.compareAndSet(false, true)) {
                libFuse.fuse_notify_poll(ph);
                libFuse.fuse_pollhandle_destroy(ph);
            }
        }

        void discard() {
            if (done.compareAndSet(false, true)) {
                libFuse.fuse_pollhandle_destroy(ph);
            }
        }
    }

    @Override
    public int truncate(String path, @off_t long size) {
        return lookup(path) == null ? -ErrorCodes.ENOENT() : 0;
    }

    /** Every close() of a descriptor; a utimer's last one destroys it before close() returns. */
    @Override
    public int flush(String path, FuseFileInfo fi) {
        try {
            lastClose.flush(fi.fh.get());
            return 0;
        } catch (RuntimeException e) {
            return internal("flush " + path, e);
        }
    }

    @Override
    public int release(String path, FuseFileInfo fi) {
        Handle h = handles.remove(fi.fh.get());
        fileFlags.remove(fi.fh.get());
        PollRegistration reg = polls.remove(fi.fh.get());
        if (reg != null) {
            reg.discard();
        }
        if (h != null) {
            try {
                h.release();
            } catch (RuntimeException e) {
                return internal("release " + path, e);
            }
        }
        return 0;
    }

    private Caller caller(FuseFileInfo fi) {
        return caller(getContext(), fi.flags.get());
    }

    private Caller caller(FuseContext ctx, int flags) {
        return new Caller((int) ctx.pid.get(), (int) ctx.uid.get(), (int) ctx.gid.get(), flags,
                () -> shuttingDown || FuseNative.interrupted());
    }

    private static int internal(String what, RuntimeException e) {
        log("internal error in " + what + ": " + e);
        e.printStackTrace(System.err);
        return -Errno.EIO;
    }

    static void log(String msg) {
        System.err.println("sndfuse: " + msg);
    }
}
