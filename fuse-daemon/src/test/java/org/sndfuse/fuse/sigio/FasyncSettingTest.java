package org.sndfuse.fuse.sigio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sndfuse.abi.preload.AsyncSetup;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fasync.AsyncSignal;
import org.sndfuse.fasync.Fasync;
import org.sndfuse.fuse.handle.Caller;

/**
 * The ASYNC request on one description: si_fd recorded when O_ASYNC goes on, a registration only with an owner,
 * replaced on F_SETOWN/F_SETSIG, dropped when O_ASYNC goes off, EINVAL for signals F_SETSIG refuses; and the
 * real pidfd signal's owner checks (ESRCH, the kernel's sigio_perm EPERM).
 */
class FasyncSettingTest {
    private record Opened(int signo, int fd, int uid, boolean[] closed) {}

    private final List<Opened> opened = new ArrayList<>();
    private final Fasync list = new Fasync();
    private final FasyncSetting setting = new FasyncSetting((setup, signo, fd, uid) -> {
        if (setup.owner() == 99999) {
            throw new SndException(Errno.ESRCH, "gone");
        }
        boolean[] closed = {false};
        opened.add(new Opened(signo, fd, uid, closed));
        return new AsyncSignal() {
            @Override
            public void send() {}

            @Override
            public void close() {
                closed[0] = true;
            }
        };
    });
    private final Caller caller = new Caller(1234, 1000, 1000, Caller.O_RDWR, () -> false);

    private void apply(boolean on, int signo, int type, int owner, int fd) {
        setting.apply(new AsyncSetup(on, signo, type, owner, fd, 1234).encode(), caller, list);
    }

    @Test
    void alsaLibsOrderOAsyncThenSignalThenOwner() {
        apply(true, 0, AsyncSetup.OWNER_PID, 0, 7); // F_SETFL O_ASYNC: no owner yet, nothing registered
        assertEquals(0, list.size());
        apply(true, 29, AsyncSetup.OWNER_PID, 0, -1); // F_SETSIG
        assertEquals(0, list.size());
        apply(true, 29, AsyncSetup.OWNER_PID, 1234, -1); // F_SETOWN
        assertEquals(1, list.size());
        assertEquals(new Opened(29, 7, 1000, opened.get(0).closed()), opened.get(0), "si_fd from the O_ASYNC switch");
        apply(true, 40, AsyncSetup.OWNER_PID, 1234, -1); // a new signal replaces the registration
        assertEquals(1, list.size());
        assertTrue(opened.get(0).closed()[0]);
        assertEquals(40, opened.get(1).signo());
        apply(false, 40, AsyncSetup.OWNER_PID, 1234, -1); // O_ASYNC off
        assertEquals(0, list.size());
        assertTrue(opened.get(1).closed()[0]);
    }

    @Test
    void signalZeroIsPlainSigio() {
        apply(true, 0, AsyncSetup.OWNER_PID, 1234, 5);
        assertEquals(PidfdSignal.SIGIO, opened.get(0).signo());
    }

    @Test
    void processGroupOwnersGetNothing() {
        apply(true, 29, AsyncSetup.OWNER_PGRP, 1234, 5);
        assertEquals(0, list.size());
        assertTrue(opened.isEmpty());
    }

    @Test
    void badSignalIsEinvalAndAGoneOwnerDropsTheEntry() {
        SndException e = assertThrows(SndException.class, () -> apply(true, 65, AsyncSetup.OWNER_PID, 1234, 5));
        assertEquals(Errno.EINVAL, e.errno());
        apply(true, 29, AsyncSetup.OWNER_PID, 1234, 5);
        e = assertThrows(SndException.class, () -> apply(true, 29, AsyncSetup.OWNER_PID, 99999, -1));
        assertEquals(Errno.ESRCH, e.errno());
        assertEquals(0, list.size());
    }

    @Test
    void releaseDropsTheDescriptionsEntry() {
        apply(true, 29, AsyncSetup.OWNER_PID, 1234, 5);
        setting.release(list);
        assertEquals(0, list.size());
        assertTrue(opened.get(0).closed()[0]);
    }

    @Test
    void pidfdSignalChecksTheOwnerLikeTheKernel() {
        int self = (int) ProcessHandle.current().pid();
        int uid = org.sndfuse.fuse.handle.ProcStatus.of(self).uid();
        SndException gone = assertThrows(SndException.class,
                () -> PidfdSignal.open(new AsyncSetup(true, 29, AsyncSetup.OWNER_PID, 0x3fffffff, 5, self), 29, 5, uid));
        assertEquals(Errno.ESRCH, gone.errno());
        SndException perm = assertThrows(SndException.class,
                () -> PidfdSignal.open(new AsyncSetup(true, 29, AsyncSetup.OWNER_PID, self, 5, self), 29, 5, uid + 4321));
        assertEquals(Errno.EPERM, perm.errno(), "sigio_perm: another uid may not signal this process");
        AsyncSignal ok = PidfdSignal.open(new AsyncSetup(true, 29, AsyncSetup.OWNER_PID, self, 5, self), 29, 5, uid);
        ok.close(); // never sent: SIGIO would end the test JVM
        ok.send();
    }
}
