package org.sndfuse.abi.preload;

import org.sndfuse.abi.StructBytes;

/**
 * struct sndfuse_async (32 bytes, ASYNC): the O_ASYNC state of an open file description as the kernel's VFS
 * holds it after the caller's fcntl (F_GETFL's O_ASYNC, F_GETSIG, F_GETOWN_EX), sent by the preload library so
 * the daemon can signal as kill_fasync would (docs/preload.md, "SIGIO"). {@code fd} is the descriptor number
 * for si_fd, or -1 to keep the one given when O_ASYNC was switched on; {@code pid} is the caller's getpid().
 */
public record AsyncSetup(boolean on, int signo, int ownerType, int owner, int fd, int pid) {
    public static final int SIZE = 32;
    public static final int OFF_ON = 0, OFF_SIGNO = 4, OFF_OWNER_TYPE = 8, OFF_OWNER = 12, OFF_FD = 16, OFF_PID = 20;
    /** F_OWNER_* of struct f_owner_ex. */
    public static final int OWNER_TID = 0, OWNER_PID = 1, OWNER_PGRP = 2;

    public static AsyncSetup decode(byte[] b) {
        StructBytes s = StructBytes.of(b, SIZE);
        return new AsyncSetup(s.i32(OFF_ON) != 0, s.i32(OFF_SIGNO), s.i32(OFF_OWNER_TYPE), s.i32(OFF_OWNER),
                s.i32(OFF_FD), s.i32(OFF_PID));
    }

    public byte[] encode() {
        return StructBytes.allocate(SIZE).i32(OFF_ON, on ? 1 : 0).i32(OFF_SIGNO, signo)
                .i32(OFF_OWNER_TYPE, ownerType).i32(OFF_OWNER, owner).i32(OFF_FD, fd).i32(OFF_PID, pid).bytes();
    }
}
