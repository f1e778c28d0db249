package org.sndfuse.fuse.sigio;

import java.util.concurrent.locks.ReentrantLock;
import org.sndfuse.abi.preload.AsyncSetup;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fasync.AsyncSignal;
import org.sndfuse.fasync.Fasync;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.IoctlReply;

/**
 * One open file description's O_ASYNC setting, as the preload library reports it with the private ASYNC request
 * (docs/preload.md, "SIGIO"): the descriptor number for si_fd (recorded when O_ASYNC is switched on, as
 * fasync_helper records fa_fd) and, while O_ASYNC is on and an owner is set, one registration in the model's
 * {@link Fasync} list, keyed by this object. A process-group owner gets nothing (documented limit).
 *
 * <p>Lock: the private {@link #lock} serialises requests on the description (a leaf: the model's list and
 * the signal's own lock are taken under it, nothing else).
 */
public final class FasyncSetting {
    /** The kernel's valid_signal(): F_SETSIG accepts 0..64. */
    static final int MAX_SIGNAL = 64;

    /** Opens a registration's signal: {@link PidfdSignal#open} in the daemon, a fake in tests. */
    @FunctionalInterface
    public interface Signals {
        AsyncSignal open(AsyncSetup setup, int signo, int fd, int callerUid);
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Signals signals;
    private int fd = -1;

    public FasyncSetting() {
        this(PidfdSignal::open);
    }

    public FasyncSetting(Signals signals) {
        this.signals = signals;
    }

    /**
     * ASYNC on this description, whose model object keeps {@code list}: registers, replaces or drops this
     * description's entry. EINVAL for a signal F_SETSIG would refuse; ESRCH/EPERM when the owner cannot be
     * signalled (the entry is dropped then, as no signal could reach it).
     */
    public IoctlReply apply(byte[] in, Caller caller, Fasync list) {
        AsyncSetup s = AsyncSetup.decode(in);
        if (s.signo() < 0 || s.signo() > MAX_SIGNAL) {
            throw new SndException(Errno.EINVAL, "signal " + s.signo());
        }
        lock.lock();
        try {
            if (s.fd() >= 0) {
                fd = s.fd();
            }
            if (!s.on() || s.owner() <= 0 || s.ownerType() == AsyncSetup.OWNER_PGRP || fd < 0) {
                list.remove(this);
                return IoctlReply.ok();
            }
            AsyncSignal signal;
            try {
                signal = signals.open(s, s.signo() == 0 ? PidfdSignal.SIGIO : s.signo(), fd, caller.uid());
            } catch (SndException e) {
                list.remove(this);
                throw e;
            }
            list.add(this, signal);
            return IoctlReply.ok();
        } finally {
            lock.unlock();
        }
    }

    /** The description is released: its entry, if any, goes (the model drops the rest when it closes). */
    public void release(Fasync list) {
        list.remove(this);
    }
}
