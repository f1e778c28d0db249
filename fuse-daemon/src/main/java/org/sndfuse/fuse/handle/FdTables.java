package org.sndfuse.fuse.handle;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The descriptor tables of every process, read from /proc: how many distinct open file descriptions of one
 * mount they hold (docs/fuse-transport.md, "Close and release"). Descriptors are matched to the mount by
 * {@code statx(AT_STATX_DONT_SYNC)} of {@code /proc/PID/task/TID/fd/N} (the device number; no request reaches
 * any FUSE daemon, this one included), tables shared by threads are told apart with {@code kcmp(KCMP_FILES)}
 * and descriptors grouped into descriptions with {@code kcmp(KCMP_FILE)}. Any doubt (a table that cannot be
 * read, kcmp failing, more than {@link #MAX_DESCRIPTORS} descriptors of the mount, the time budget spent)
 * answers -1.
 */
public final class FdTables {
    /** glibc's syscall(2); a trailing unused argument: jnr-ffi passes the sixth argument wrongly otherwise. */
    public interface LibC {
        long syscall(long nr, long pid1, long pid2, long type, long idx1, long idx2, long unused);

        long syscall(long nr, long dirfd, String path, long flags, long mask, Pointer buf, long unused);
    }

    static final int MAX_DESCRIPTORS = 256;
    private static final int KCMP_FILE = 0, KCMP_FILES = 2;
    private static final int AT_FDCWD = -100, AT_STATX_DONT_SYNC = 0x4000, STATX_TYPE = 1;
    private static final int STATX_SIZE = 256, STX_MODE = 28, STX_DEV_MAJOR = 136, STX_DEV_MINOR = 140;
    private static final int S_IFMT = 0170000, S_IFDIR = 0040000;
    private static final int EPERM = 1, ENOENT = 2, EACCES = 13;
    /** include/linux/sched.h: set by do_exit before exit_files detaches the table. */
    private static final long PF_EXITING = 0x4;
    private static final long SELF_START = startTime("self");
    private static final long SYS_KCMP, SYS_STATX;
    private static final LibC LIBC;
    private static final Runtime RUNTIME;
    /** Whether this daemon can see every process: kcmp works and it runs in the initial pid namespace. */
    private static final boolean USABLE;

    static {
        String arch = System.getProperty("os.arch");
        SYS_KCMP = arch.equals("amd64") ? 312 : arch.equals("aarch64") ? 272 : -1;
        SYS_STATX = arch.equals("amd64") ? 332 : arch.equals("aarch64") ? 291 : -1;
        LibC lib = null;
        boolean usable = false;
        try {
            lib = LibraryLoader.create(LibC.class).load("c");
            int self = (int) ProcessHandle.current().pid();
            String[] fds = new File("/proc/self/fd").list();
            long fd = fds == null || fds.length == 0 ? -1 : Long.parseLong(fds[0]);
            // a descriptor compared with itself: 0 (KCMP_FILE), and two different ones: not 0
            usable = SYS_KCMP > 0 && SYS_STATX > 0 && fd >= 0
                    && lib.syscall(SYS_KCMP, self, self, KCMP_FILE, fd, fd, 0) == 0
                    && lib.syscall(SYS_KCMP, self, self, KCMP_FILES, 0, 0, 0) == 0
                    && initialPidNamespace();
        } catch (RuntimeException | LinkageError e) {
            usable = false;
        }
        LIBC = lib;
        RUNTIME = lib == null ? null : Runtime.getRuntime(lib);
        USABLE = usable;
    }

    private FdTables() {}

    public static boolean usable() {
        return USABLE;
    }

    /** The device number (major, minor) of the file system at {@code path}, or null; no FUSE request is sent. */
    public static int[] device(Path path) {
        if (LIBC == null || SYS_STATX < 0) {
            return null;
        }
        Pointer stx = Memory.allocateDirect(RUNTIME, STATX_SIZE, true);
        if (LIBC.syscall(SYS_STATX, AT_FDCWD, path.toString(), AT_STATX_DONT_SYNC, STATX_TYPE, stx, 0) != 0) {
            return null;
        }
        return new int[] {stx.getInt(STX_DEV_MAJOR), stx.getInt(STX_DEV_MINOR)};
    }

    /**
     * The number of distinct open file descriptions of non-directories on device {@code dev} held by the
     * descriptor tables of all processes, or -1 when that cannot be known within {@code budgetNanos}.
     */
    public static int descriptions(int[] dev, long budgetNanos, int[] openers) {
        if (!USABLE || dev == null) {
            return -1;
        }
        long deadline = System.nanoTime() + budgetNanos;
        Pointer stx = Memory.allocateDirect(RUNTIME, STATX_SIZE, true);
        List<long[]> found = new ArrayList<>(); // (tid, fd)
        String[] procs = new File("/proc").list();
        if (procs == null) {
            return -1;
        }
        for (String pid : procs) {
            if (!numeric(pid)) {
                continue;
            }
            if (System.nanoTime() > deadline || !scanProcess(pid, dev, stx, found, openers)) {
                return -1;
            }
        }
        return group(found);
    }

    /** Adds the descriptors on {@code dev} of each distinct table of process {@code pid}; false on doubt. */
    private static boolean scanProcess(String pid, int[] dev, Pointer stx, List<long[]> found, int[] openers) {
        String taskDir = "/proc/" + pid + "/task/";
        String[] tasks = list(taskDir);
        if (tasks == null) {
            return true; // the process has exited: its descriptors are closed, each with its FLUSH
        }
        if (tasks.length == 0) {
            return false;
        }
        List<Integer> tables = new ArrayList<>(); // one task per distinct table
        for (String task : tasks) {
            if (!numeric(task)) {
                continue;
            }
            int tid = Integer.parseInt(task);
            if (sharesTable(tables, tid)) {
                continue;
            }
            tables.add(tid);
            int r = scanTable(taskDir + task, tid, dev, stx, found);
            if (r == DOUBT || r == HIDDEN && !holdsNone(pid, tasks, openers)) {
                return false;
            }
        }
        return found.size() <= MAX_DESCRIPTORS;
    }

    /** The names in {@code dir}; null if it is gone (a process or task that exited); empty if unreadable. */
    private static String[] list(String dir) {
        File f = new File(dir);
        String[] names = f.list();
        if (names == null) {
            return f.exists() ? new String[0] : null;
        }
        return names;
    }

    private static boolean sharesTable(List<Integer> tables, int tid) {
        for (int t : tables) {
            if (LIBC.syscall(SYS_KCMP, t, tid, KCMP_FILES, 0, 0, 0) == 0) {
                return true;
            }
        }
        return false;
    }

    private static final int SEEN = 0, HIDDEN = 1, DOUBT = 2;

    /**
     * SEEN: the descriptors on {@code dev} of task {@code taskPath}'s table are in {@code found}; HIDDEN: it may
     * not be read; DOUBT: it cannot be known.
     */
    private static int scanTable(String taskPath, int tid, int[] dev, Pointer stx, List<long[]> found) {
        String fdDir = taskPath + "/fd/";
        File dir = new File(fdDir);
        String[] fds = dir.list();
        if (fds == null) {
            // gone (the task exited, or has no table any more), or unreadable
            return dir.exists() ? HIDDEN : SEEN;
        }
        if (fds.length == 0 && exitingWithUnflushed(taskPath)) {
            return DOUBT;
        }
        for (String fd : fds) {
            if (LIBC.syscall(SYS_STATX, AT_FDCWD, fdDir + fd, AT_STATX_DONT_SYNC, STATX_TYPE, stx, 0) != 0) {
                int errno = RUNTIME.getLastError();
                if (errno == EACCES || errno == EPERM) {
                    return HIDDEN;
                }
                if (errno != ENOENT) {
                    return DOUBT;
                }
                continue; // closed since the listing: its FLUSH tells
            }
            if (stx.getInt(STX_DEV_MAJOR) == dev[0] && stx.getInt(STX_DEV_MINOR) == dev[1]
                    && (stx.getShort(STX_MODE) & S_IFMT) != S_IFDIR) {
                found.add(new long[] {tid, Long.parseLong(fd)});
            }
        }
        return SEEN;
    }

    /**
     * Whether a process whose descriptors this daemon may not follow (ptrace access refused: a sandbox's init)
     * can be taken to hold no description of the mount: it started before this daemon, so it inherited none
     * by fork, and no open description was opened by one of its threads. It could still have been handed
     * one over a socket (docs/fuse-transport.md, "Close and release").
     */
    private static boolean holdsNone(String pid, String[] tasks, int[] openers) {
        long start = startTime(pid);
        if (start < 0 || SELF_START < 0 || start >= SELF_START) {
            return false;
        }
        for (int o : openers) {
            for (String t : tasks) {
                if (t.equals(Integer.toString(o))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether an empty table listing may hide descriptors: the task is exiting (PF_EXITING in field 9 of its
     * stat) and not yet a zombie. do_exit sets the flag, then exit_files detaches the table (so /proc lists
     * nothing) and only then flushes its descriptors one by one, each FLUSH waiting for its answer; a zombie
     * has flushed them all. Meanwhile the exiting process's used descriptions are in no table and not flushed
     * (docs/fuse-transport.md "Close and release"). A stat that cannot be read counts as exiting, unless the
     * task is gone (reaped: it flushed everything).
     */
    private static boolean exitingWithUnflushed(String taskPath) {
        try {
            String[] f = statFields(Path.of(taskPath, "stat"));
            char state = f[0].charAt(0);
            return (Long.parseLong(f[6]) & PF_EXITING) != 0 && state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException e) {
            return new File(taskPath).exists();
        }
    }

    /** Field 22 of /proc/PID/stat (clock ticks after boot), or -1. */
    private static long startTime(String pid) {
        try {
            return Long.parseLong(statFields(Path.of("/proc", pid, "stat"))[19]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The fields of a /proc stat file after the command name: [0] is field 3 (state), [6] field 9 (flags). */
    private static String[] statFields(Path stat) throws IOException {
        String s = Files.readString(stat);
        return s.substring(s.lastIndexOf(')') + 2).split(" ");
    }

    /** The number of distinct descriptions among {@code found}, or -1 if kcmp cannot tell. */
    private static int group(List<long[]> found) {
        if (found.size() > MAX_DESCRIPTORS) {
            return -1;
        }
        List<long[]> reps = new ArrayList<>();
        for (long[] d : found) {
            boolean known = false;
            for (long[] r : reps) {
                long c = LIBC.syscall(SYS_KCMP, (int) r[0], (int) d[0], KCMP_FILE, r[1], d[1], 0);
                if (c < 0) {
                    return -1;
                }
                if (c == 0) {
                    known = true;
                    break;
                }
            }
            if (!known) {
                reps.add(d);
            }
        }
        return reps.size();
    }

    private static boolean numeric(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Whether /proc/self/status lists one pid in NSpid: every process is visible in this /proc. */
    private static boolean initialPidNamespace() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("NSpid:")) {
                    return line.substring(6).trim().split("\\s+").length == 1;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
