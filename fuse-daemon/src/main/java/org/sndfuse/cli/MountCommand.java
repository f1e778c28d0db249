package org.sndfuse.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.aloop.LoopbackEventPublisher;
import org.sndfuse.aloop.ModuleParameters;
import org.sndfuse.aloop.PcmTimers;
import org.sndfuse.clock.Clock;
import org.sndfuse.clock.MonotonicClock;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.events.EventBus;
import org.sndfuse.events.TimerEventPublisher;
import org.sndfuse.fuse.SndFilesystem;
import org.sndfuse.fuse.SndTree;
import org.sndfuse.fuse.lowlevel.LowLevelFilesystem;
import org.sndfuse.fuse.node.DirNode;
import org.sndfuse.fuse.handle.ProcessMemory;
import org.sndfuse.fuse.pcm.MemfdDmaAllocator;
import org.sndfuse.timer.TimerCore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;

/**
 * {@code sndfuse mount DIR}: runs the daemon in the foreground. Prints {@code ready DIR} once the mount
 * answers; SIGINT/SIGTERM wake blocked clients, unmount and exit 0.
 */
@Command(name = "mount", mixinStandardHelpOptions = true, versionProvider = SndfuseCommand.Version.class,
        description = "Mount the emulated devices on MOUNTPOINT and serve them until SIGINT/SIGTERM.",
        footerHeading = "%nExamples:%n",
        footer = {"  mkdir -p /tmp/snd && sndfuse mount /tmp/snd          prints \"ready /tmp/snd\"; Ctrl-C unmounts",
                "  sndfuse mount --mode 0660 --group audio /run/sndfuse   what sndfuse.service runs",
                "  sndfuse mount --clock virtual /tmp/snd                 time moves by 'advance 10ms' > ctl/clock",
                "  sndfuse mount --host-dev /run/sndfuse                  (root, no sound hardware) also at /dev/snd",
                "  unshare -m sh -c 'mount --bind /tmp/snd/snd /dev/snd && aplay -l'   one program, without --host-dev"})
final class MountCommand implements Callable<Integer> {
    /** How long a stopping daemon lets the FUSE loop end by itself before it aborts the connection. */
    private static final long ABORT_AFTER_MS = 300;
    /** How often the daemon checks that its mount is still there. */
    private static final long WATCH_MS = 100;
    /** --receive-threads at most: more receivers than this only take turns cold (docs/fuse-transport.md). */
    static final int MAX_RECEIVE_THREADS = 64;

    @Parameters(paramLabel = "MOUNTPOINT", description = "an existing empty directory, e.g. /tmp/snd")
    Path mountPoint;

    @Mixin
    MountOptions options;

    @Option(names = "--host-dev", arity = "0..1", fallbackValue = "true", defaultValue = "false", paramLabel = "yes|no",
            converter = YesNo.class,
            description = "root, on a host without sound devices: also bind MOUNTPOINT/snd over /dev/snd (undone at stop)")
    boolean hostDev;

    @Override
    public Integer call() throws Exception {
        Path dir = mountPoint.toAbsolutePath().normalize();
        int deviceMode;
        int gid;
        MountLock lock = null;
        try {
            deviceMode = Integer.parseInt(options.mode, 8);
            if (deviceMode < 0 || deviceMode > 07777) {
                throw new NumberFormatException();
            }
            gid = options.group == null ? -1 : Groups.resolve(options.group);
            if (!options.clockMode.equals("monotonic") && !options.clockMode.equals("virtual")) {
                throw new MountPoint.Refused("--clock must be monotonic or virtual");
            }
            if (options.pcmSubstreams < 1 || options.pcmSubstreams > 8) {
                throw new MountPoint.Refused("--pcm-substreams must be 1..8");
            }
            if (!options.transport.equals("highlevel") && !options.transport.equals("lowlevel")) {
                throw new MountPoint.Refused("--transport must be highlevel or lowlevel");
            }
            if (options.hz < 1 || options.hz > 10000) {
                throw new MountPoint.Refused("--hz must be 1..10000");
            }
            if (options.timerSource.length() > ModuleParameters.MAX_STRING) {
                throw new MountPoint.Refused("--timer-source is at most " + ModuleParameters.MAX_STRING + " characters");
            }
            if (options.realtime < 0 || options.realtime > RealtimeScheduling.MAX_PRIORITY) {
                throw new MountPoint.Refused("--realtime must be 0..99");
            }
            if (options.receiveThreads < 0 || options.receiveThreads > MAX_RECEIVE_THREADS) {
                throw new MountPoint.Refused("--receive-threads must be 0.." + MAX_RECEIVE_THREADS);
            }
            if (hostDev) {
                HostDev.check(HostDev.DEV_SND);
            }
            if (options.realtime > 0) {
                // before serve() creates the timer and FUSE threads, which inherit it
                RealtimeScheduling.apply(options.realtime);
            }
            lock = MountLock.acquire(dir);
            String note = MountPoint.prepare(dir);
            if (lock == null) { // the directory could not be opened before a stale mount was detached
                lock = MountLock.acquire(dir);
                if (lock == null) {
                    throw new MountPoint.Refused("cannot open mount point " + dir);
                }
                MountPoint.prepare(dir); // someone may have mounted there meanwhile
            }
            if (note != null) {
                System.err.println("sndfuse: " + note);
            }
        } catch (NumberFormatException e) {
            System.err.println("sndfuse: --mode must be octal permission bits, e.g. 0660");
            return 2;
        } catch (MountPoint.Refused e) {
            System.err.println("sndfuse: " + e.getMessage());
            if (lock != null) {
                lock.close();
            }
            return 1;
        }
        try (MountLock held = lock) {
            return serve(dir, deviceMode, gid);
        }
    }

    private int serve(Path dir, int deviceMode, int gid) throws Exception {

        Clock clock = options.clockMode.equals("virtual") ? new VirtualClock() : new MonotonicClock();
        TimerCore timers = new TimerCore(clock, options.hz);
        EventBus events = new EventBus(clock);
        timers.addObserver(new TimerEventPublisher(events));
        LoopbackCard card = new LoopbackCard(timers, clock, options.pcmSubstreams, options.timerSource,
                line -> System.err.println("snd_aloop: " + line));
        card.addObserver(new LoopbackEventPublisher(events));
        card.addObserver(new PcmTimers(timers, card));
        card.setMmapSupported(false); // FUSE cannot share the data buffer's pages: offer RW access only ...
        MemfdDmaAllocator dmaBuffers = new MemfdDmaAllocator();
        card.setMmapAllocator(dmaBuffers); // ... except to preloaded descriptors, which map sealed memfds
        int uid = processId("Uid:");
        int ownGid = processId("Gid:");
        DirNode tree = SndTree.build(new SndTree.Models(clock, timers, card, events, deviceMode, gid));
        Runnable serveLoop;
        Runnable shutdown;
        if (options.transport.equals("lowlevel")) {
            int cpus = Runtime.getRuntime().availableProcessors();
            // waiting requests are parked; the workers serve only reads of the /proc-style snapshots and any
            // handle without a parked form: a fixed CPUs + 4 (docs/fuse-transport.md, "The low-level transport")
            int workers = cpus + 4;
            LowLevelFilesystem ll = new LowLevelFilesystem(tree, uid, ownGid, dir, workers);
            // one per CPU, at least two: a thread beyond the CPUs takes its turn cold (docs/fuse-transport.md,
            // "Receive loop")
            int receivers = options.receiveThreads > 0 ? options.receiveThreads : Math.max(2, cpus);
            serveLoop = () -> ll.mount(options.debug, fuseOptions(), receivers);
            shutdown = ll::shutdown;
        } else {
            SndFilesystem hl = new SndFilesystem(tree, uid, ownGid);
            serveLoop = () -> hl.mount(dir, true, options.debug, fuseOptions());
            shutdown = hl::shutdown;
        }

        AtomicReference<Throwable> loopError = new AtomicReference<>();
        Thread loop = new Thread(() -> {
            try {
                serveLoop.run();
            } catch (Throwable t) {
                loopError.set(t);
            }
        }, "fuse-loop");
        loop.start();

        AtomicBoolean stopping = new AtomicBoolean();
        AtomicReference<FuseConnection> connection = new AtomicReference<>();
        AtomicReference<HostDev> bound = new AtomicReference<>();
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) {
                undoHostDev(bound);
                shutdown.run();
                FuseConnection ours = connection.get();
                if (ours == null) {
                    return; // nothing of ours is mounted: never unmount another daemon's mount
                }
                if (MountPoint.isMounted(dir)) {
                    MountPoint.unmount(dir);
                }
                abortIfStillRunning(loop, ours);
            }
        };
        Signal.handle(new Signal("TERM"), s -> new Thread(stop, "sndfuse-stop").start());
        Signal.handle(new Signal("INT"), s -> new Thread(stop, "sndfuse-stop").start());

        if (!awaitReady(dir, loop)) {
            Throwable t = loopError.get();
            System.err.println("sndfuse: mount of " + dir + " failed" + (t == null ? "" : ": " + rootMessage(t)));
            connection.set(FuseConnection.of(dir)); // with the lock held, a mount at dir now is ours
            stop.run();
            loop.join(5000);
            closeClock(clock);
            return 1;
        }
        connection.set(FuseConnection.of(dir));
        if (hostDev && !bindHostDev(dir, bound)) {
            stop.run();
            loop.join(5000);
            closeClock(clock);
            return 1;
        }
        Path record = writeRecord(dir);
        String memoryWarning = ProcessMemory.accessWarning(uid);
        if (memoryWarning != null) {
            System.err.println("sndfuse: " + memoryWarning);
        }
        // Start-up leaves megabytes of garbage beside the live model: the first young collections copy it (11-12 ms
        // pauses, measured), which lands in the first client's stream, a JACK cycle or a TRIGGER. One collection
        // now, before anyone is served, leaves later ones a few MB of live data (1-2 ms). docs/mmap.md "JACK".
        System.gc();
        if (CompilerThreads.idle() <= 0) {
            System.err.println("sndfuse: the JIT's compiler threads stay at normal priority (SCHED_IDLE refused)");
        }
        System.out.println("ready " + dir);
        System.out.flush();
        watchMount(dir, loop, stopping, stop);
        undoHostDev(bound);
        shutdown.run();
        dmaBuffers.close();
        if (record != null) {
            Files.deleteIfExists(record);
        }
        closeClock(clock);
        if (MountPoint.isMounted(dir)) {
            MountPoint.detach(dir);
        }
        System.err.println("sndfuse: unmounted " + dir);
        return 0;
    }

    /** Binds the mount over /dev/snd; false (after one line) when the host changed since the check. */
    private static boolean bindHostDev(Path dir, AtomicReference<HostDev> bound) {
        try {
            bound.set(HostDev.bind(dir, HostDev.DEV_SND));
            return true;
        } catch (MountPoint.Refused e) {
            System.err.println("sndfuse: " + e.getMessage());
            return false;
        }
    }

    private static void undoHostDev(AtomicReference<HostDev> bound) {
        HostDev h = bound.get();
        if (h != null) {
            h.undo();
        }
    }

    /** The record {@code sndfuse status} finds this daemon by; null (after a warning) if it cannot be written. */
    private Path writeRecord(Path dir) {
        MountOptions o = options;
        String text = "--mode " + o.mode + (o.group == null ? "" : " --group " + o.group) + " --hz " + o.hz + " --clock "
                + o.clockMode + " --pcm-substreams " + o.pcmSubstreams + " --timer-source '" + o.timerSource + "'"
                + (hostDev ? " --host-dev" : "");
        try {
            return DaemonRecord.write(dir, text);
        } catch (IOException e) {
            System.err.println("sndfuse: status will not list this daemon: " + e.getMessage());
            return null;
        }
    }

    /**
     * --host-dev=yes|no (also true/false, 1/0, on/off; empty is no, as an unset EnvironmentFile variable gives).
     * The default and fallback are "false"/"true": picocli passes them through this converter too.
     */
    static final class YesNo implements CommandLine.ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String value) {
            return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "yes", "true", "1", "on" -> true;
                case "no", "false", "0", "off", "" -> false;
                default -> throw new CommandLine.TypeConversionException("'" + value + "' is not yes or no");
            };
        }
    }

    /**
     * Another mount namespace may hold a copy of the mount: then the unmount leaves the connection alive
     * and the FUSE loop never returns. Abort the connection if the loop is still running shortly after.
     */
    private static void abortIfStillRunning(Thread loop, FuseConnection connection) {
        try {
            loop.join(ABORT_AFTER_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (loop.isAlive() && connection != null && !connection.abort()) {
            System.err.println("sndfuse: could not abort " + connection + "; copies of the mount keep it alive");
        }
    }

    /**
     * Waits for the FUSE loop to end. {@code sndfuse umount} (or any unmount) from this namespace makes the mount
     * disappear from our mountinfo while copies elsewhere may keep the loop alive, so the daemon then stops
     * by itself. Runs on the main thread: a waiting client must cost no thread, and neither does this watch. The
     * table is read only after it changed ({@link MountTableWatch}); once stopping, only the loop's end is awaited.
     */
    private static void watchMount(Path dir, Thread loop, AtomicBoolean stopping, Runnable stop)
            throws InterruptedException {
        try (MountTableWatch table = MountTableWatch.open()) {
            boolean changed = true;
            while (loop.isAlive()) {
                if (changed && !stopping.get() && !MountPoint.isMounted(dir)) {
                    stop.run();
                }
                if (stopping.get()) {
                    loop.join(WATCH_MS);
                } else {
                    changed = table.await(loop, (int) WATCH_MS);
                }
            }
        }
    }

    private static void closeClock(Clock clock) {
        if (clock instanceof MonotonicClock m) {
            m.close();
        }
    }

    private static String[] fuseOptions() {
        List<String> o = new ArrayList<>(List.of("-o",
                "fsname=sndfuse,subtype=sndfuse,default_permissions,big_writes,max_write=131072,max_read=131072"));
        if (isRoot()) {
            o.add("-o");
            o.add("allow_other");
        }
        return o.toArray(new String[0]);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The real uid or gid of this process, from /proc/self/status ("Uid:" or "Gid:"). */
    static int processId(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) {
                return Integer.parseInt(line.split("\\s+")[1]);
            }
        }
        throw new IOException("no " + field + " in /proc/self/status");
    }

    /** Waits until the kernel answers for the mount (the tree's device node is visible). */
    private static boolean awaitReady(Path dir, Thread loop) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!loop.isAlive()) {
                return false;
            }
            if (MountPoint.isMounted(dir) && Files.exists(dir.resolve("snd/timer"))) {
                return true;
            }
            Thread.sleep(5); // short: `ready` is awaited by whoever started the daemon
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        return rootCause(t).getMessage();
    }

    /** The innermost cause of {@code t} (t itself if it has none). */
    static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
