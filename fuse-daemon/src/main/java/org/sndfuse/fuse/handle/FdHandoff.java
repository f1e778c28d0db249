package org.sndfuse.fuse.handle;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.byref.IntByReference;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * Hands a descriptor of the daemon's to the process that asked for it (docs/mmap.md "Handing the memory over"):
 * the caller names one end of a unix socket pair it made; the daemon takes a copy of that end with
 * pidfd_getfd(2) from the caller's own descriptor table, checks that the pair is the caller's (SO_PEERCRED: made
 * by the caller's process and uid), and sends the descriptor over it with SCM_RIGHTS, never waiting. So no name
 * exists that anyone else could open or create first, and only a process that holds the FUSE descriptor and can
 * make the request gets the memory. pidfd_getfd needs the same ptrace access as process_vm_readv, which the
 * daemon needs for every transfer already.
 */
public final class FdHandoff {
    private static final int SOL_SOCKET = 1, SO_PEERCRED = 17, SO_DOMAIN = 39, AF_UNIX = 1, SCM_RIGHTS = 1;
    private static final int MSG_DONTWAIT = 0x40, MSG_NOSIGNAL = 0x4000;
    /** struct msghdr (56 bytes), one struct iovec (16), a cmsghdr with one int (CMSG_SPACE(4) = 24), one data byte. */
    private static final int MSGHDR = 56, IOVEC = 16, CMSG_SPACE = 24, CMSG_LEN = 20;

    public interface LibC {
        int getsockopt(int fd, int level, int name, Pointer value, IntByReference length);

        long sendmsg(int fd, Pointer msg, int flags);

        int close(int fd);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    private FdHandoff() {}

    /**
     * Sends {@code fd} to the socket {@code socketFd} of the process whose thread {@code caller} is, which must be
     * one end of a unix socket pair made by that process with uid {@code uid}. EBADF when {@code socketFd} is not
     * the caller's descriptor, ENOTSOCK when it is not a unix socket, EPERM when the pair is someone else's or
     * the daemon may not take it, EAGAIN when the socket's queue is full, ESRCH when the caller is gone. Returns
     * the caller's process id.
     */
    public static int send(int caller, int uid, int socketFd, int fd) {
        if (socketFd < 0) {
            throw new SndException(Errno.EBADF, "no socket");
        }
        int tgid = ProcStatus.of(caller).tgid();
        int pidfd = Pidfd.open(tgid, 0);
        int theirs;
        try {
            theirs = Pidfd.getfd(pidfd, socketFd);
        } finally {
            Pidfd.close(pidfd);
        }
        try {
            Pointer opt = Memory.allocateDirect(RUNTIME, 12, true);
            IntByReference len = new IntByReference(4);
            if (LIBC.getsockopt(theirs, SOL_SOCKET, SO_DOMAIN, opt, len) != 0) {
                int e = RUNTIME.getLastError();
                throw new SndException(e == Errno.ENOTSOCK ? Errno.ENOTSOCK : Errno.EINVAL, "not a socket");
            }
            if (opt.getInt(0) != AF_UNIX) {
                throw new SndException(Errno.ENOTSOCK, "not a unix socket");
            }
            len = new IntByReference(12);
            if (LIBC.getsockopt(theirs, SOL_SOCKET, SO_PEERCRED, opt, len) != 0) {
                throw new SndException(Errno.EINVAL, "no peer credentials");
            }
            // a socket pair's peer credentials are its maker's: a socket connected to anyone else is refused
            if (opt.getInt(0) != tgid || opt.getInt(4) != uid) {
                throw new SndException(Errno.EPERM, "the socket is not a pair of the caller's");
            }
            sendRights(theirs, fd);
            return tgid;
        } finally {
            LIBC.close(theirs);
        }
    }

    private static void sendRights(int socket, int fd) {
        Pointer msg = Memory.allocateDirect(RUNTIME, MSGHDR + IOVEC + CMSG_SPACE + 1, true);
        long base = msg.address();
        Pointer iov = msg.slice(MSGHDR);
        Pointer cmsg = msg.slice(MSGHDR + IOVEC);
        Pointer data = msg.slice(MSGHDR + IOVEC + CMSG_SPACE);
        data.putByte(0, (byte) 'S');
        iov.putAddress(0, base + MSGHDR + IOVEC + CMSG_SPACE);
        iov.putLong(8, 1);
        cmsg.putLong(0, CMSG_LEN);
        cmsg.putInt(8, SOL_SOCKET);
        cmsg.putInt(12, SCM_RIGHTS);
        cmsg.putInt(16, fd);
        msg.putAddress(16, base + MSGHDR);
        msg.putLong(24, 1);
        msg.putAddress(32, base + MSGHDR + IOVEC);
        msg.putLong(40, CMSG_SPACE);
        if (LIBC.sendmsg(socket, msg, MSG_DONTWAIT | MSG_NOSIGNAL) != 1) {
            int e = RUNTIME.getLastError();
            throw new SndException(e == Errno.EAGAIN ? Errno.EAGAIN : Errno.EPIPE,
                    "cannot send the descriptor (errno " + e + ")");
        }
    }
}
