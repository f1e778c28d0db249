package org.sndfuse.fuse.shell;

import java.util.Locale;
import org.sndfuse.abi.timer.TimerEvent;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.abi.timer.TimerInfo;
import org.sndfuse.abi.timer.TimerParams;
import org.sndfuse.abi.timer.TimerStatus;
import org.sndfuse.abi.timer.TimerTread;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.timer.Timer;
import org.sndfuse.timer.TimerCore;

/**
 * {@code ctl/timer}: a timer client in text. The session is a timestamped-read timer descriptor; reads block
 * like the binary node and return one line per event: {@code tick VAL SEC.NSEC}, {@code start RES SEC.NSEC}, ...
 * Commands: {@code select G4.N | global DEV [SUB] | system | hrtimer | card C D | pcm C D S},
 * {@code params ticks=N queue=N auto=0|1 exclusive=0|1 early=0|1 filter=tick,start,...},
 * {@code start | stop | pause | continue | info | status}.
 */
public final class TimerShellHandle extends TimerUserShellHandle {
    /** Events a session reports unless {@code params filter=} says otherwise. */
    static final long DEFAULT_FILTER = (1L << TimerEvent.TICK) | (1L << TimerEvent.START) | (1L << TimerEvent.STOP)
            | (1L << TimerEvent.CONTINUE) | (1L << TimerEvent.PAUSE);

    private long ticks = 1;
    private long queue;
    private boolean auto = true;
    private boolean exclusive;
    private boolean early;
    private long filter = DEFAULT_FILTER;

    public TimerShellHandle(TimerCore core, Caller opener) {
        super(core, opener);
        user.tread(1);
    }

    @Override
    protected boolean blocksWhenEmpty() {
        return true;
    }

    @Override
    protected String execute(String line, Caller caller) {
        String[] w = line.split("\\s+");
        switch (w[0]) {
            case "select": {
                TimerId id = parseId(w);
                user.select(id);
                Timer t = user.instance().timer();
                // Defaults that make a bare "select" + "start" tick: the shortest period PARAMS accepts, auto restart.
                long res = t.resolution(); // 0 for a PCM timer whose stream has no parameters yet
                ticks = res <= 0 || t.isSlave() ? 1 : Math.max(1, (1_000_000L + res - 1) / res);
                queue = 0;
                auto = true;
                exclusive = false;
                early = false;
                filter = DEFAULT_FILTER;
                applyParams();
                return null;
            }
            case "params": {
                long[] saved = {ticks, queue, auto ? 1 : 0, exclusive ? 1 : 0, early ? 1 : 0, filter};
                try {
                    for (int i = 1; i < w.length; i++) {
                        param(w[i]);
                    }
                    applyParams();
                } catch (SndException e) {
                    // a refused params line leaves the session's settings as they were
                    ticks = saved[0];
                    queue = saved[1];
                    auto = saved[2] != 0;
                    exclusive = saved[3] != 0;
                    early = saved[4] != 0;
                    filter = saved[5];
                    throw e;
                }
                return null;
            }
            case "start":
                args(w, 0, 0);
                user.start();
                return null;
            case "stop":
                args(w, 0, 0);
                user.stop();
                return null;
            case "pause":
                args(w, 0, 0);
                user.pause();
                return null;
            case "continue":
                args(w, 0, 0);
                user.continueTimer();
                return null;
            case "info": {
                args(w, 0, 0);
                TimerInfo i = user.info();
                return "info card " + i.card() + " id " + i.id() + " resolution " + i.resolution() + " slave "
                        + (i.flags() & TimerInfo.FLG_SLAVE) + " name " + i.name() + "\n";
            }
            case "status": {
                args(w, 0, 0);
                TimerStatus s = user.status();
                return String.format(Locale.ROOT, "status tstamp %d.%09d resolution %d lost %d overrun %d queue %d%n",
                        s.tstampSec(), s.tstampNsec(), s.resolution(), s.lost(), s.overrun(), s.queue());
            }
            default:
                throw new SndException(Errno.EINVAL, "unknown command '" + printable(w[0])
                        + "' (expected select, params, start, stop, pause, continue, info or status)");
        }
    }

    private void applyParams() {
        int flags = (auto ? TimerParams.PSFLG_AUTO : 0) | (exclusive ? TimerParams.PSFLG_EXCLUSIVE : 0)
                | (early ? TimerParams.PSFLG_EARLY_EVENT : 0);
        user.params(new TimerParams(flags, ticks, queue, filter));
    }

    private void param(String kv) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
            throw new SndException(Errno.EINVAL, "params take KEY=VALUE words, got '" + printable(kv) + "'");
        }
        String k = kv.substring(0, eq), v = kv.substring(eq + 1);
        switch (k) {
            case "ticks" -> ticks = number("ticks", v);
            case "queue" -> queue = number("queue", v);
            case "auto" -> auto = flag(k, v);
            case "exclusive" -> exclusive = flag(k, v);
            case "early" -> early = flag(k, v);
            case "filter" -> filter = parseFilter(v);
            default -> throw new SndException(Errno.EINVAL,
                    "unknown param '" + printable(k) + "' (ticks, queue, auto, exclusive, early, filter)");
        }
    }

    private static boolean flag(String k, String v) {
        if (v.equals("1") || v.equals("0")) {
            return v.equals("1");
        }
        throw new SndException(Errno.EINVAL, k + " must be 0 or 1");
    }

    private static long parseFilter(String v) {
        long f = 0;
        if (v.isEmpty() || v.equals("none")) {
            return 0;
        }
        for (String name : v.split(",")) {
            int ev = -1;
            for (int e = 0; e <= TimerEvent.MRESUME; e++) {
                if (TimerEvent.name(e).equals(name)) {
                    ev = e;
                }
            }
            if (ev < 0) {
                throw new SndException(Errno.EINVAL, "unknown event '" + printable(name) + "' in filter");
            }
            f |= 1L << ev;
        }
        return f;
    }

    /** Timer names: G4.N / G0 / C0-1 / P0-0-0, or words: global DEV [SUB], system, hrtimer, card C D, pcm C D S. */
    static TimerId parseId(String[] w) {
        if (w.length < 2) {
            throw new SndException(Errno.EINVAL, "select needs a timer, e.g. 'select G4.0' or 'select system'");
        }
        String a = w[1];
        try {
            if (w.length == 2) {
                if (a.equals("system")) {
                    return TimerId.global(TimerId.GLOBAL_SYSTEM, 0);
                }
                if (a.equals("hrtimer")) {
                    return TimerId.global(TimerId.GLOBAL_HRTIMER, 0);
                }
                if (a.matches("G\\d+(\\.\\d+)?")) {
                    String[] p = a.substring(1).split("\\.");
                    return TimerId.global(Integer.parseInt(p[0]), p.length > 1 ? Integer.parseInt(p[1]) : 0);
                }
                if (a.matches("C\\d+-\\d+")) {
                    String[] p = a.substring(1).split("-");
                    return new TimerId(TimerId.CLASS_CARD, 0, Integer.parseInt(p[0]), Integer.parseInt(p[1]), 0);
                }
                if (a.matches("P\\d+-\\d+-\\d+")) {
                    String[] p = a.substring(1).split("-");
                    return new TimerId(TimerId.CLASS_PCM, 0, Integer.parseInt(p[0]), Integer.parseInt(p[1]),
                            Integer.parseInt(p[2]));
                }
            } else if (a.equals("global") && (w.length == 3 || w.length == 4)) {
                return TimerId.global(Integer.parseInt(w[2]), w.length == 4 ? Integer.parseInt(w[3]) : 0);
            } else if (a.equals("card") && w.length == 4) {
                return new TimerId(TimerId.CLASS_CARD, 0, Integer.parseInt(w[2]), Integer.parseInt(w[3]), 0);
            } else if (a.equals("pcm") && w.length == 5) {
                return new TimerId(TimerId.CLASS_PCM, 0, Integer.parseInt(w[2]), Integer.parseInt(w[3]),
                        Integer.parseInt(w[4]));
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new SndException(Errno.EINVAL, "cannot parse timer '" + printable(String.join(" ",
                java.util.Arrays.copyOfRange(w, 1, w.length))) + "' (G4.0, G0, system, hrtimer, global D S, C0-1, P0-0-0)");
    }

    @Override
    protected void refill() {
        byte[] data;
        try {
            data = user.read(64 * TimerTread.SIZE, true, () -> false);
        } catch (SndException e) {
            return; // EAGAIN: nothing queued
        }
        StringBuilder b = new StringBuilder();
        for (int off = 0; off + TimerTread.SIZE <= data.length; off += TimerTread.SIZE) {
            TimerTread t = TimerTread.decode(java.util.Arrays.copyOfRange(data, off, off + TimerTread.SIZE));
            b.append(String.format(Locale.ROOT, "%s %d %d.%09d%n", TimerEvent.name(t.event()), t.val(), t.tstampSec(),
                    t.tstampNsec()));
        }
        emit(b.toString());
    }

    @Override
    protected void watchSource(Runnable wake) {
        user.poll(wake); // runs wake at once when records are already queued
    }
}
