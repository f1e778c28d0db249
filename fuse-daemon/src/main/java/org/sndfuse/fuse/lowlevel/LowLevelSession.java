package org.sndfuse.fuse.lowlevel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.sndfuse.errno.Errno;

/**
 * Mount, session and receive loop of the low-level transport (docs/fuse-transport.md, "The low-level
 * transport"). The loop runs on a fixed number of Java threads, each reading one request from the channel
 * ({@code fuse_chan_recv}) and handing it to {@code fuse_session_process}, which calls {@link LowLevelOps} on
 * that same thread: no libfuse thread ever calls into Java, and nothing here grows with the number of clients.
 * libfuse's signal handlers are not installed: the JVM keeps its own.
 */
final class LowLevelSession {
    private static final LibFuseLowLevel LIB = LowLevelNative.LIB;

    private LowLevelSession() {}

    /**
     * Mounts {@code mountPoint} with {@code options} (as for fuse_mount: "-o", "..."), serves on {@code threads}
     * receive threads (this one included) until unmounted.
     */
    static void serve(String mountPoint, String[] options, boolean debug, int threads) {
        List<String> argv = new ArrayList<>(List.of("sndfuse"));
        argv.addAll(List.of(options));
        if (debug) {
            argv.add("-d");
        }
        List<Pointer> keep = new ArrayList<>();
        Pointer args = args(argv, keep);
        Pointer ch = LIB.fuse_mount(mountPoint, args);
        if (ch == null || ch.address() == 0) {
            throw new IllegalStateException("fuse_mount failed for " + mountPoint);
        }
        Pointer se = LIB.fuse_lowlevel_new(args, LowLevelOps.TABLE, FuseLayouts.OPS_SIZE, null);
        if (se == null || se.address() == 0) {
            LIB.fuse_unmount(mountPoint, ch);
            throw new IllegalStateException("fuse_lowlevel_new failed (bad options?)");
        }
        LIB.fuse_session_add_chan(se, ch);
        long bufsize = LIB.fuse_chan_bufsize(ch);
        List<Thread> loops = new ArrayList<>();
        for (int i = 1; i < threads; i++) {
            Thread t = new Thread(() -> receive(se, ch, bufsize), "sndfuse-fuse-" + i);
            t.setDaemon(true);
            loops.add(t);
            t.start();
        }
        receive(se, ch, bufsize); // the calling thread is receive thread 0
        for (Thread t : loops) {
            joinUninterruptibly(t);
        }
        LIB.fuse_session_remove_chan(ch);
        LIB.fuse_session_destroy(se);
        LIB.fuse_unmount(mountPoint, ch);
        LIB.fuse_opt_free_args(args);
        java.lang.ref.Reference.reachabilityFence(keep);
    }

    /** One receive thread: read a request, process it here, until the session ends. */
    private static void receive(Pointer se, Pointer ch, long bufsize) {
        Pointer buf = Memory.allocateDirect(LowLevelNative.RUNTIME, bufsize);
        Pointer chp = Memory.allocateDirect(LowLevelNative.RUNTIME, 8);
        while (LIB.fuse_session_exited(se) == 0) {
            chp.putPointer(0, ch);
            int res = LIB.fuse_chan_recv(chp, buf, bufsize);
            if (res == -Errno.EINTR || res == -Errno.EAGAIN) {
                continue;
            }
            if (res <= 0) {
                break; // 0: the session ended (ENODEV: unmounted or aborted); < 0: the channel failed
            }
            // the kernel channel's receive leaves *chp as it was: no new Pointer per request then
            long cur = chp.getLong(0);
            LIB.fuse_session_process(se, buf, res, cur == ch.address() ? ch : chp.getPointer(0));
        }
        LIB.fuse_session_exit(se); // the other receive threads leave at their next request or ENODEV
    }

    /** A {@code struct fuse_args} over copies of {@code argv}; {@code keep} holds the memory for its lifetime. */
    private static Pointer args(List<String> argv, List<Pointer> keep) {
        Pointer vector = Memory.allocateDirect(LowLevelNative.RUNTIME, 8L * (argv.size() + 1), true);
        keep.add(vector);
        for (int i = 0; i < argv.size(); i++) {
            byte[] s = argv.get(i).getBytes(StandardCharsets.UTF_8);
            Pointer str = Memory.allocateDirect(LowLevelNative.RUNTIME, s.length + 1, true);
            str.put(0, s, 0, s.length);
            keep.add(str);
            vector.putPointer(8L * i, str);
        }
        Pointer args = Memory.allocateDirect(LowLevelNative.RUNTIME, FuseLayouts.ARGS_SIZE, true);
        keep.add(args);
        args.putInt(FuseLayouts.ARGS_ARGC, argv.size());
        args.putPointer(FuseLayouts.ARGS_ARGV, vector);
        args.putInt(FuseLayouts.ARGS_ALLOCATED, 0);
        return args;
    }

    private static void joinUninterruptibly(Thread t) {
        while (true) {
            try {
                t.join();
                return;
            } catch (InterruptedException e) {
                // the loop ends with the session; keep waiting
            }
        }
    }
}
