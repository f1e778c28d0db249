package org.sndfuse.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The daemon's options, shared by {@code mount} and {@code exec} (which passes them on to the daemon it starts). */
final class MountOptions {
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

    @Option(names = "--transport", defaultValue = "lowlevel",
            description = "lowlevel (libfuse's low-level API: waiting reads, PCM transfers, drains and opens are parked,"
                    + " a fixed number of threads; default) or highlevel (jnr-fuse, a thread per waiting request);"
                    + " docs/fuse-transport.md")
    String transport;

    @Option(names = "--realtime", paramLabel = "PRIO", defaultValue = "0",
            description = "run the threads that serve requests SCHED_RR at PRIO (1..99; root or RLIMIT_RTPRIO), so a"
                    + " realtime client such as jackd does not wait for them behind ordinary processes; 0 = off (default)")
    int realtime;

    @Option(names = "--receive-threads", paramLabel = "N", defaultValue = "0",
            description = "lowlevel transport: threads reading requests from /dev/fuse, 1..64; 0 = one per CPU, at"
                    + " least 2 (default). The highlevel transport ignores it; docs/fuse-transport.md \"Receive loop\"")
    int receiveThreads;

    @Option(names = "--debug", description = "log every FUSE request (libfuse -d)")
    boolean debug;

    /** These options as {@code sndfuse mount} arguments. */
    List<String> asArguments() {
        List<String> a = new ArrayList<>(List.of("--mode", mode, "--hz", Integer.toString(hz), "--clock", clockMode,
                "--pcm-substreams", Integer.toString(pcmSubstreams), "--timer-source=" + timerSource,
                "--transport", transport, "--realtime", Integer.toString(realtime),
                "--receive-threads", Integer.toString(receiveThreads)));
        if (group != null) {
            a.add("--group");
            a.add(group);
        }
        if (debug) {
            a.add("--debug");
        }
        return a;
    }
}
