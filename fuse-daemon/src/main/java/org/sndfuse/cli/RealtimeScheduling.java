package org.sndfuse.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

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
    private static final int SCHED_RR = 2;

    public interface LibC {
        /** {@code param} is struct sched_param: one int, sched_priority. */
        int sched_setscheduler(int pid, int policy, int[] param);
    }

    private RealtimeScheduling() {}

    /**
     * Makes the calling thread (and the threads it creates from now on) and the JVM's VM Thread SCHED_RR at
     * {@code priority}.
     */
    static void apply(int priority) throws MountPoint.Refused {
        LibC libc = LibraryLoader.create(LibC.class).load("c");
        set(libc, 0, priority);
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                if (Files.readString(t.resolve("comm")).strip().equals("VM Thread")) {
                    set(libc, Integer.parseInt(t.getFileName().toString()), priority);
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new MountPoint.Refused("--realtime " + priority + ": cannot find the VM Thread: " + e.getMessage());
        }
    }

    private static void set(LibC libc, int tid, int priority) throws MountPoint.Refused {
        if (libc.sched_setscheduler(tid, SCHED_RR, new int[] {priority}) != 0) {
            int errno = Runtime.getRuntime(libc).getLastError();
            throw new MountPoint.Refused("--realtime " + priority + ": sched_setscheduler(SCHED_RR) failed (errno "
                    + errno + (errno == 1 ? ": needs root or an RLIMIT_RTPRIO of at least " + priority : "") + ")");
        }
    }
}
