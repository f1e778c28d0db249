package org.sndfuse.fuse.lowlevel;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * The C layouts the low-level transport reads and writes by hand (libfuse 2.9.9 headers, glibc x86_64).
 * {@code FuseLayoutsTest} compiles a C program against the installed headers and checks every number here.
 */
public final class FuseLayouts {
    private FuseLayouts() {}

    /** struct fuse_lowlevel_ops: 41 function pointers, in this order. */
    public static final int OPS_SLOTS = 41, OPS_SIZE = OPS_SLOTS * 8;
    public static final int OP_INIT = 0, OP_DESTROY = 1, OP_LOOKUP = 2, OP_FORGET = 3, OP_GETATTR = 4,
            OP_SETATTR = 5, OP_OPEN = 14, OP_READ = 15, OP_WRITE = 16, OP_FLUSH = 17, OP_RELEASE = 18,
            OP_OPENDIR = 20, OP_READDIR = 21, OP_RELEASEDIR = 22, OP_IOCTL = 34, OP_POLL = 35,
            OP_FORGET_MULTI = 38, OP_FALLOCATE = 40;

    /** struct stat. */
    public static final int STAT_SIZE = 144, ST_INO = 8, ST_NLINK = 16, ST_MODE = 24, ST_UID = 28, ST_GID = 32,
            ST_SIZE = 48, ST_ATIME = 72, ST_MTIME = 88, ST_CTIME = 104;
    public static final int S_IFDIR = 0040000, S_IFREG = 0100000;

    /** struct fuse_entry_param: ino, generation, attr (a struct stat), attr_timeout, entry_timeout. */
    public static final int ENTRY_SIZE = 176, ENTRY_INO = 0, ENTRY_GENERATION = 8, ENTRY_ATTR = 16,
            ENTRY_ATTR_TIMEOUT = 160, ENTRY_ENTRY_TIMEOUT = 168;

    /** struct fuse_file_info: flags, the bit-field word (direct_io bit 0, nonseekable bit 3), fh. */
    public static final int FI_SIZE = 40, FI_FLAGS = 0, FI_BITS = 20, FI_FH = 24;
    public static final int FI_DIRECT_IO = 0x1, FI_NONSEEKABLE = 0x8;

    /** struct fuse_ctx: uid, gid, pid, umask. */
    public static final int CTX_SIZE = 16, CTX_UID = 0, CTX_GID = 4, CTX_PID = 8;

    /** struct fuse_args: argc, argv, allocated. */
    public static final int ARGS_SIZE = 24, ARGS_ARGC = 0, ARGS_ARGV = 8, ARGS_ALLOCATED = 16;

    /** struct fuse_conn_info: max_write (after proto_major, proto_minor, async_read). */
    public static final int CONN_MAX_WRITE = 12;

    /** setattr's to_set bit for a size change. */
    public static final int FUSE_SET_ATTR_SIZE = 1 << 3;

    /** A zeroed struct stat for node {@code ino}: type and mode, links, owner, times (all the mount time). */
    static Pointer stat(long ino, int typeAndMode, int nlink, int uid, int gid, long time) {
        Pointer st = Memory.allocateDirect(LowLevelNative.RUNTIME, STAT_SIZE, true);
        fillStat(st, 0, ino, typeAndMode, nlink, uid, gid, time);
        return st;
    }

    static void fillStat(Pointer p, int at, long ino, int typeAndMode, int nlink, int uid, int gid, long time) {
        p.putLong(at + ST_INO, ino);
        p.putLong(at + ST_NLINK, nlink);
        p.putInt(at + ST_MODE, typeAndMode);
        p.putInt(at + ST_UID, uid);
        p.putInt(at + ST_GID, gid);
        p.putLong(at + ST_SIZE, 0);
        p.putLong(at + ST_ATIME, time);
        p.putLong(at + ST_MTIME, time);
        p.putLong(at + ST_CTIME, time);
    }
}
