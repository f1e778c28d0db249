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
import org.sndfuse.timer.TimerCore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;

/**
 * {@code sndfuse mount DIR}: runs the daemon in the foreground. Prints {@code ready DIR} once the mount
 * answers; SIGINT/SIGTERM wake blocked clients, unmount and exit 0.
 */
@Command(name = "mount", mixinStandardHelpOptions = true, versionProvider = SndfuseCommand.Version.class,
        description = "Mount the emulated devices on MOUNTPOINT and serve them until SIGINT/SIGTERM.")
final class MountCommand implements Callable<Integer> {
    /** How long a stopping daemon lets the FUSE loop end by itself before it aborts the connection. */
    private static final long ABORT_AFTER_MS = 300;
    /** How often the daemon checks that its mount is still there. */
    private static final long WATCH_MS = 100;

    @Parameters(paramLabel = "MOUNTPOINT", description = "an existing empty directory, e.g. /tmp/snd")
    Path mountPoint;

    @Option(names = "--mode", defaultValue = "0660", description = "permission bits of device nodes (octal, default ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--group", description = "group (name or number) owning device nodes; default: the daemon's")
    String group;

    @Option(names = "--hz", defaultValue = "250", description = "kernel HZ the system timer emulates: its resolution is 1e9/HZ ns (default ${DEFAULT-VALUE})")
    int hz;

    @Option(names = "--clock", defaultValue = "monotonic",
            description = "monotonic (real time, default) or virtual: time moves only by 'advance' written to ctl/clock")
    String clockMode;

    @Option(names = "--pcm-substreams", defaultValue = "8", description = "substreams per loopback PCM, 1..8 (default ${DEFAULT-VALUE})")
    int pcmSubstreams;

    @Option(names = "--timer-source", defaultValue = "",
            description = "the loopback's clock, snd-aloop's grammar: empty = system clock, -1.4.N = utimer N, -1.3.0 = hrtimer")
    String timerSource;

    @Option(names = "--transport", defaultValue = "highlevel",
            description = "highlevel (jnr-fuse, a thread per waiting request; default) or lowlevel (libfuse's low-level API: waiting reads are parked, a fixed number of threads)")
    String transport;

    @Option(names = "--debug", description = "log every FUSE request (libfuse -d)")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        Path dir = mountPoint.toAbsolutePath().normalize();
        int deviceMode;
        int gid;
        MountLock lock = null;
        try {
            deviceMode = Integer.parseInt(mode, 8);
            if (deviceMode < 0 || deviceMode > 07777) {
                throw new NumberFormatException();
            }
            gid = group == null ? -1 : Groups.resolve(group);
            if (!clockMode.equals("monotonic") && !clockMode.equals("virtual")) {
                throw new MountPoint.Refused("--clock must be monotonic or virtual");
            }
            if (pcmSubstreams < 1 || pcmSubstreams > 8) {
                throw new MountPoint.Refused("--pcm-substreams must be 1..8");
            }
            if (!transport.equals("highlevel") && !transport.equals("lowlevel")) {
                throw new MountPoint.Refused("--transport must be highlevel or lowlevel");
            }
            if (hz < 1 || hz > 10000) {
                throw new MountPoint.Refused("--hz must be 1..10000");
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

        Clock clock = clockMode.equals("virtual") ? new VirtualClock() : new MonotonicClock();
        TimerCore timers = new TimerCore(clock, hz);
        EventBus events = new EventBus(clock);
        timers.addObserver(new TimerEventPublisher(events));
        LoopbackCard card = new LoopbackCard(timers, clock, pcmSubstreams, timerSource,
                line -> System.err.println("snd_aloop: " + line));
        card.addObserver(new LoopbackEventPublisher(events));
        card.addObserver(new PcmTimers(timers, card));
        card.setMmapSupported(false); // FUSE cannot share the data buffer's pages: offer RW access only
        int uid = processId("Uid:");
        int ownGid = processId("Gid:");
        DirNode tree = SndTree.build(new SndTree.Models(clock, timers, card, events, deviceMode, gid));
        Runnable serveLoop;
        Runnable shutdown;
        if (transport.equals("lowlevel")) {
            int cpus = Runtime.getRuntime().availableProcessors();
            // one blocking worker per PCM substream (each may have a transfer waiting) and a few for the rest:
            // bounded by the card, not by the number of clients (docs/fuse-transport.md, "The low-level transport")
            int workers = LoopbackCard.DEVICES * 2 * pcmSubstreams + cpus + 4;
            LowLevelFilesystem ll = new LowLevelFilesystem(tree, uid, ownGid, dir, workers);
            serveLoop = () -> ll.mount(debug, fuseOptions(), cpus + 1);
            shutdown = ll::shutdown;
        } else {
            SndFilesystem hl = new SndFilesystem(tree, uid, ownGid);
            serveLoop = () -> hl.mount(dir, true, debug, fuseOptions());
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
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) {
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
        String memoryWarning = ProcessMemory.accessWarning(uid);
        if (memoryWarning != null) {
            System.err.println("sndfuse: " + memoryWarning);
        }
        System.out.println("ready " + dir);
        System.out.flush();
        watchMount(dir, loop, stopping, stop);
        shutdown.run();
        closeClock(clock);
        if (MountPoint.isMounted(dir)) {
            MountPoint.detach(dir);
        }
        System.err.println("sndfuse: unmounted " + dir);
        return 0;
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
     * by itself. Runs on the main thread: a waiting client must cost no thread, and neither does this watch.
     */
    private static void watchMount(Path dir, Thread loop, AtomicBoolean stopping, Runnable stop)
            throws InterruptedException {
        while (loop.isAlive()) {
            if (!stopping.get() && !MountPoint.isMounted(dir)) {
                stop.run();
            }
            loop.join(WATCH_MS);
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
    private static int processId(String field) throws IOException {
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
            Thread.sleep(20);
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
