package org.sndfuse.fuse.shell;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sndfuse.clock.Clock;
import org.sndfuse.clock.VirtualClock;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.text.LineCommandHandle;

/**
 * {@code ctl/clock}: shows the daemon's clock, and moves it when it is virtual ({@code mount --clock virtual}):
 * {@code advance 10ms}, {@code advance 250us}, {@code advance 2s}, {@code advance 480frames@48000}. Everything
 * clocked by it (system and hr timers, the loopback's system-clock mode) runs as time passes.
 */
public final class ClockShellHandle extends LineCommandHandle {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ns|us|ms|s)");
    private static final Pattern FRAMES = Pattern.compile("(\\d+)frames@(\\d+)");
    /** Largest single advance: one hour. */
    private static final long MAX_ADVANCE_NS = 3_600_000_000_000L;

    private final Clock clock;

    public ClockShellHandle(Clock clock) {
        this.clock = clock;
        emit(describe());
    }

    private String describe() {
        long now = clock.nanos();
        return String.format(Locale.ROOT, "clock %s now %d.%09d ns %d%n",
                clock instanceof VirtualClock ? "virtual" : "monotonic", now / 1_000_000_000L, now % 1_000_000_000L, now);
    }

    @Override
    protected String execute(String line, Caller caller) {
        String[] w = line.split("\\s+");
        switch (w[0]) {
            case "advance": {
                args(w, 1, 1);
                if (!(clock instanceof VirtualClock v)) {
                    throw new SndException(Errno.EPERM, "the clock is the real monotonic clock: mount with --clock virtual");
                }
                v.advance(parse(w[1]));
                return null;
            }
            case "show":
                args(w, 0, 0);
                return describe();
            default:
                throw new SndException(Errno.EINVAL, "unknown command '" + printable(w[0])
                        + "' (expected advance DURATION or show)");
        }
    }

    /** A duration in ns from "10ms", "250us", "2s", "1000ns" or "480frames@48000" (rounded down to a ns). */
    static long parse(String s) {
        Matcher m = DURATION.matcher(s);
        long ns;
        try {
            if (m.matches()) {
                long v = Long.parseLong(m.group(1));
                long unit = switch (m.group(2)) {
                    case "ns" -> 1L;
                    case "us" -> 1_000L;
                    case "ms" -> 1_000_000L;
                    default -> 1_000_000_000L;
                };
                ns = Math.multiplyExact(v, unit);
            } else if ((m = FRAMES.matcher(s)).matches()) {
                long frames = Long.parseLong(m.group(1));
                long rate = Long.parseLong(m.group(2));
                if (rate == 0) {
                    throw new SndException(Errno.EINVAL, "rate must be > 0");
                }
                ns = Math.multiplyExact(frames, 1_000_000_000L) / rate;
            } else {
                throw new SndException(Errno.EINVAL, "cannot parse duration '" + printable(s)
                        + "' (e.g. 10ms, 250us, 2s, 1000ns, 480frames@48000)");
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new SndException(Errno.EINVAL, "duration too large: " + printable(s));
        }
        if (ns > MAX_ADVANCE_NS) {
            throw new SndException(Errno.EINVAL, "advance at most 3600s at a time");
        }
        return ns;
    }

    @Override
    public void release() {
    }
}
