package org.sndfuse.cli;

import java.io.IOException;

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
    private CompilerThreads() {}

    /** Puts this JVM's compiler threads at SCHED_IDLE; the number moved, or -1 if /proc could not be read. */
    static int idle() {
        try {
            int moved = 0;
            // "C1 CompilerThre", "C2 CompilerThre"
            for (int tid : ThreadPolicy.threads(c -> c.startsWith("C1 Compiler") || c.startsWith("C2 Compiler"))) {
                if (ThreadPolicy.set(tid, ThreadPolicy.SCHED_IDLE, 0) == 0) {
                    moved++;
                }
            }
            return moved;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
