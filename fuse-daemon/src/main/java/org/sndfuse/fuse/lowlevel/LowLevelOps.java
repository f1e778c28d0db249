package org.sndfuse.fuse.lowlevel;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.Delegate;
import org.sndfuse.errno.Errno;

/**
 * The {@code struct fuse_lowlevel_ops} table and its callbacks. jnr-ffi holds a closure only weakly once its
 * native pointer is handed out, so every callback, its pointer and the table live in static finals
 * (docs/fuse-transport.md, "The low-level transport"). Each callback forwards to the one serving
 * {@link LowLevelFilesystem}; a Throwable escaping it would end the receive loop and the mount, so each one
 * catches everything and answers EIO.
 */
final class LowLevelOps {
    private LowLevelOps() {}

    public interface InitFn {
        @Delegate
        void call(Pointer userdata, Pointer conn);
    }

    public interface DestroyFn {
        @Delegate
        void call(Pointer userdata);
    }

    public interface LookupFn {
        @Delegate
        void call(Pointer req, long parent, Pointer name);
    }

    public interface ForgetFn {
        @Delegate
        void call(Pointer req, long ino, long nlookup);
    }

    /** getattr, open, flush, release: (req, ino, fi). */
    public interface InoFileFn {
        @Delegate
        void call(Pointer req, long ino, Pointer fi);
    }

    public interface SetattrFn {
        @Delegate
        void call(Pointer req, long ino, Pointer attr, int toSet, Pointer fi);
    }

    /** read, readdir: (req, ino, size, off, fi). */
    public interface ReadFn {
        @Delegate
        void call(Pointer req, long ino, long size, long off, Pointer fi);
    }

    public interface WriteFn {
        @Delegate
        void call(Pointer req, long ino, Pointer buf, long size, long off, Pointer fi);
    }

    public interface IoctlFn {
        @Delegate
        void call(Pointer req, long ino, int cmd, Pointer arg, Pointer fi, int flags, Pointer in, long inSize,
                  long outSize);
    }

    public interface PollFn {
        @Delegate
        void call(Pointer req, long ino, Pointer fi, Pointer ph);
    }

    public interface InterruptFn {
        @Delegate
        void call(Pointer req, Pointer data);
    }

    /** The filesystem the callbacks serve; set before the session starts. */
    static volatile LowLevelFilesystem target;

    private static void failed(Pointer req, String what, Throwable t) {
        LowLevelFilesystem.log("internal error in " + what + ": " + t);
        t.printStackTrace(System.err);
        if (req != null) {
            LowLevelNative.LIB.fuse_reply_err(req, Errno.EIO);
        }
    }

    static final InitFn INIT = (userdata, conn) -> {
        try {
            target.init(conn);
        } catch (Throwable t) {
            failed(null, "init", t);
        }
    };
    static final DestroyFn DESTROY = userdata -> {
        try {
            target.destroy();
        } catch (Throwable t) {
            failed(null, "destroy", t);
        }
    };
    static final LookupFn LOOKUP = (req, parent, name) -> {
        try {
            target.lookup(req, parent, name.getString(0));
        } catch (Throwable t) {
            failed(req, "lookup", t);
        }
    };
    /** Inode numbers live as long as the daemon (InodeTable): FORGET only needs its (empty) answer. */
    static final ForgetFn FORGET = (req, ino, nlookup) -> {
        try {
            LowLevelNative.LIB.fuse_reply_none(req);
        } catch (Throwable t) {
            failed(null, "forget", t); // no second answer: fuse_reply_none has freed the request
        }
    };
    static final InoFileFn GETATTR = (req, ino, fi) -> {
        try {
            target.getattr(req, ino);
        } catch (Throwable t) {
            failed(req, "getattr", t);
        }
    };
    static final SetattrFn SETATTR = (req, ino, attr, toSet, fi) -> {
        try {
            target.setattr(req, ino, attr, toSet);
        } catch (Throwable t) {
            failed(req, "setattr", t);
        }
    };
    static final InoFileFn OPEN = (req, ino, fi) -> {
        try {
            target.open(req, ino, fi);
        } catch (Throwable t) {
            failed(req, "open", t);
        }
    };
    static final ReadFn READ = (req, ino, size, off, fi) -> {
        try {
            target.read(req, ino, size, off, fi);
        } catch (Throwable t) {
            failed(req, "read", t);
        }
    };
    static final WriteFn WRITE = (req, ino, buf, size, off, fi) -> {
        try {
            target.write(req, ino, buf, size, off, fi);
        } catch (Throwable t) {
            failed(req, "write", t);
        }
    };
    static final InoFileFn FLUSH = (req, ino, fi) -> {
        try {
            target.flush(req, fi);
        } catch (Throwable t) {
            failed(req, "flush", t);
        }
    };
    static final InoFileFn RELEASE = (req, ino, fi) -> {
        try {
            target.release(req, fi);
        } catch (Throwable t) {
            failed(req, "release", t);
        }
    };
    static final ReadFn READDIR = (req, ino, size, off, fi) -> {
        try {
            target.readdir(req, ino, size, off);
        } catch (Throwable t) {
            failed(req, "readdir", t);
        }
    };
    static final IoctlFn IOCTL = (req, ino, cmd, arg, fi, flags, in, inSize, outSize) -> {
        try {
            target.ioctl(req, ino, cmd, arg, fi, in, inSize, outSize);
        } catch (Throwable t) {
            failed(req, String.format("ioctl 0x%08x", cmd), t);
        }
    };
    static final PollFn POLL = (req, ino, fi, ph) -> {
        try {
            target.poll(req, fi, ph);
        } catch (Throwable t) {
            failed(req, "poll", t);
        }
    };
    /** FUSE_INTERRUPT for a parked request: {@code data} is unused, the request identifies it. */
    static final InterruptFn INTERRUPT = (req, data) -> {
        try {
            target.interrupted(req);
        } catch (Throwable t) {
            failed(null, "interrupt", t);
        }
    };
    static final Pointer INTERRUPT_PTR = pointer(InterruptFn.class, INTERRUPT);

    /** The closures' native pointers, kept with the table (declared first: the table fills it). */
    private static final Pointer[] KEEP = new Pointer[FuseLayouts.OPS_SLOTS];
    /** The table, built once. */
    static final Pointer TABLE = table();

    private static <T> Pointer pointer(Class<T> type, T fn) {
        return LowLevelNative.RUNTIME.getClosureManager().getClosurePointer(type, fn);
    }

    private static Pointer table() {
        Pointer t = Memory.allocateDirect(LowLevelNative.RUNTIME, FuseLayouts.OPS_SIZE, true);
        put(t, FuseLayouts.OP_INIT, pointer(InitFn.class, INIT));
        put(t, FuseLayouts.OP_DESTROY, pointer(DestroyFn.class, DESTROY));
        put(t, FuseLayouts.OP_LOOKUP, pointer(LookupFn.class, LOOKUP));
        put(t, FuseLayouts.OP_FORGET, pointer(ForgetFn.class, FORGET));
        put(t, FuseLayouts.OP_GETATTR, pointer(InoFileFn.class, GETATTR));
        put(t, FuseLayouts.OP_SETATTR, pointer(SetattrFn.class, SETATTR));
        put(t, FuseLayouts.OP_OPEN, pointer(InoFileFn.class, OPEN));
        put(t, FuseLayouts.OP_READ, pointer(ReadFn.class, READ));
        put(t, FuseLayouts.OP_WRITE, pointer(WriteFn.class, WRITE));
        put(t, FuseLayouts.OP_FLUSH, pointer(InoFileFn.class, FLUSH));
        put(t, FuseLayouts.OP_RELEASE, pointer(InoFileFn.class, RELEASE));
        put(t, FuseLayouts.OP_READDIR, pointer(ReadFn.class, READDIR));
        put(t, FuseLayouts.OP_IOCTL, pointer(IoctlFn.class, IOCTL));
        put(t, FuseLayouts.OP_POLL, pointer(PollFn.class, POLL));
        return t;
    }

    private static void put(Pointer table, int slot, Pointer fn) {
        KEEP[slot] = fn;
        table.putPointer((long) slot * 8, fn);
    }
}
