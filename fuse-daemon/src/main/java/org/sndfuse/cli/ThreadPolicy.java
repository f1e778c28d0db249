package org.sndfuse.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/**
 * The scheduling policy of this JVM's own threads, found by name in /proc/self/task: what {@link RealtimeScheduling}
 * (the serving threads and the VM Thread at SCHED_RR) and {@link CompilerThreads} (the JIT at SCHED_IDLE) share.
 */
final class ThreadPolicy {
    static final int SCHED_RR = 2;
    static final int SCHED_IDLE = 5;

    public interface LibC {
        /** {@code param} is struct sched_param: one int, sched_priority. */
        int sched_setscheduler(int pid, int policy, int[] param);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");

    private ThreadPolicy() {}

    /** sched_setscheduler(tid, policy, priority) (tid 0: the calling thread): 0, or the errno. */
    static int set(int tid, int policy, int priority) {
        return LIBC.sched_setscheduler(tid, policy, new int[] {priority}) == 0 ? 0
                : Runtime.getRuntime(LIBC).getLastError();
    }

    /** The ids of this process's threads whose name ({@code comm}, at most 15 characters) {@code named} accepts. */
    static List<Integer> threads(Predicate<String> named) throws IOException {
        List<Integer> out = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path t : tasks) {
                String comm;
                try {
                    comm = Files.readString(t.resolve("comm")).strip();
                } catch (IOException gone) {
                    continue; // the thread ended
                }
                if (named.test(comm)) {
                    out.add(Integer.parseInt(t.getFileName().toString()));
                }
            }
        }
        return out;
    }
}
