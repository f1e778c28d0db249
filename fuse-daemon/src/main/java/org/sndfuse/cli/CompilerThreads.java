package org.sndfuse.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import jnr.ffi.LibraryLoader;

/**
 * The JIT's compiler threads run SCHED_IDLE (docs/fuse-transport.md, "The JIT and realtime clients"). When a new kind
 * of client arrives (another end's PREPARE, a new format, READN) the hot methods meet branches their compiled code
 * never saw and fall back to the interpreter until recompiled; on 2 CPUs the recompilation then competed with the
 * serving threads for tens of milliseconds, and jackd, whose every cycle waits for a SYNC_PTR and a poll wake-up,
 * missed its buffer. At SCHED_IDLE the compilers take only CPU time nobody else wants: a serving thread that wakes
 * preempts them at once. Any thread may lower its own process's threads to SCHED_IDLE, so this needs no privilege.
 * Compiler threads the JVM adds later are started by a compiler thread and inherit the policy.
 */
final class CompilerThreads {
    private static final int SCHED_IDLE = 5;

    public interface LibC {
        /** {@code param} is struct sched_param: one int, sched_priority (0 for SCHED_IDLE). */
        int sched_setscheduler(int pid, int policy, int[] param);
    }

    private CompilerThreads() {}

    /** Puts this JVM's compiler threads at SCHED_IDLE; the number moved, or -1 if /proc could not be read. */
    static int idle() {
        LibC libc = LibraryLoader.create(LibC.class).load("c");
        int moved = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                String comm;
                try {
                    comm = Files.readString(t.resolve("comm")).strip();
                } catch (IOException gone) {
                    continue; // the thread ended
                }
                // "C1 CompilerThre", "C2 CompilerThre" (comm keeps 15 characters)
                if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                    if (libc.sched_setscheduler(Integer.parseInt(t.getFileName().toString()), SCHED_IDLE,
                            new int[] {0}) == 0) {
                        moved++;
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return moved;
    }
}
