package org.sndfuse.cli;

import java.io.IOException;

/**
 * {@code sndfuse mount --realtime PRIO}: the serving threads run SCHED_RR at PRIO (README "Running the daemon",
 * docs/mmap.md "JACK"). In the kernel the loopback's period timer runs in softirq context and an ioctl needs no
 * other thread; here every poll wake-up and SYNC_PTR of a realtime client such as jackd waits for a daemon
 * thread, which at SCHED_OTHER competes with every other process (a priority inversion). sched_setscheduler(0)
 * changes the calling thread only, and threads inherit it at creation: called before the timers and the FUSE
 * loop start, it covers the threads that serve requests, not the JVM's own (compiler, GC) started before. The
 * one JVM thread added is the "VM Thread", which runs every safepoint (each GC): while it waits for a CPU every
 * serving thread stands still.
 */
final class RealtimeScheduling {
    static final int MAX_PRIORITY = 99;

    private RealtimeScheduling() {}

    /**
     * Makes the calling thread (and the threads it creates from now on) and the JVM's VM Thread SCHED_RR at
     * {@code priority}.
     */
    static void apply(int priority) throws MountPoint.Refused {
        set(0, priority);
        try {
            for (int tid : ThreadPolicy.threads("VM Thread"::equals)) {
                set(tid, priority);
            }
        } catch (IOException | NumberFormatException e) {
            throw new MountPoint.Refused("--realtime " + priority + ": cannot find the VM Thread: " + e.getMessage());
        }
    }

    private static void set(int tid, int priority) throws MountPoint.Refused {
        int errno = ThreadPolicy.set(tid, ThreadPolicy.SCHED_RR, priority);
        if (errno != 0) {
            throw new MountPoint.Refused("--realtime " + priority + ": sched_setscheduler(SCHED_RR) failed (errno "
                    + errno + (errno == 1 ? ": needs root or an RLIMIT_RTPRIO of at least " + priority : "") + ")");
        }
    }
}
