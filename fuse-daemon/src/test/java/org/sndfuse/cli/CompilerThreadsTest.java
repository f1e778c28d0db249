package org.sndfuse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompilerThreadsTest {
    /** Each compiler thread's scheduling policy (field 41 of /proc/self/task/TID/stat). */
    private static List<Integer> compilerPolicies() throws IOException {
        List<Integer> out = new ArrayList<>();
        for (int tid : ThreadPolicy.threads(c -> c.startsWith("C1 Compiler") || c.startsWith("C2 Compiler"))) {
            String stat = Files.readString(Path.of("/proc/self/task", Integer.toString(tid), "stat"));
            // the fields after the parenthesised comm, which may hold spaces: state is field 3
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            out.add(Integer.parseInt(f[41 - 3]));
        }
        return out;
    }

    @Test
    void theJitsCompilerThreadsEndUpAtSchedIdle() throws IOException {
        int moved = CompilerThreads.idle();
        List<Integer> policies = compilerPolicies();
        assertTrue(!policies.isEmpty(), "this JVM runs compiler threads");
        assertEquals(policies.size(), moved, "every compiler thread moved");
        policies.forEach(p -> assertEquals(ThreadPolicy.SCHED_IDLE, p, "policy of a compiler thread"));
    }
}
