package org.sndfuse.fuse.ctl;

import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.text.LineCommandHandle;
import org.sndfuse.timer.TimerCore;
import org.sndfuse.timer.TimerUser;
import org.sndfuse.timer.UserTimer;

/**
 * {@code ctl/utimer}: the utimer CREATE/TRIGGER/close protocol in text. The session's {@link TimerUser} owns the
 * timer exactly like a binary descriptor does, so C listeners and the loopback see the same object.
 * Commands: {@code create [RESOLUTION_NS]} → {@code id N}; {@code trigger [COUNT]}; {@code info}.
 */
public final class UtimerCtlHandle extends LineCommandHandle {
    /** Resolution of {@code create} without an argument: 10 ms (48 kHz × 480 frames). */
    public static final long DEFAULT_RESOLUTION_NS = 10_000_000L;
    private static final long MAX_TRIGGERS_PER_LINE = 1_000_000L;

    private final TimerUser user;

    public UtimerCtlHandle(TimerCore core, Caller opener) {
        this.user = new TimerUser(core, opener.pid());
    }

    @Override
    protected String execute(String line, Caller caller) {
        String[] w = line.split("\\s+");
        switch (w[0]) {
            case "create": {
                args(w, 0, 1);
                long res = w.length > 1 ? number("resolution", w[1]) : DEFAULT_RESOLUTION_NS;
                UserTimer u = user.create(res);
                return "id " + u.number() + "\n";
            }
            case "trigger": {
                args(w, 0, 1);
                long count = w.length > 1 ? number("count", w[1]) : 1;
                if (count > MAX_TRIGGERS_PER_LINE) {
                    throw new SndException(Errno.EINVAL, "count must be at most " + MAX_TRIGGERS_PER_LINE);
                }
                if (user.ownedTimer() == null) {
                    throw new SndException(Errno.ENOTTY, "no utimer in this session: write 'create' first");
                }
                for (long i = 0; i < count; i++) {
                    user.trigger();
                }
                return null;
            }
            case "info": {
                args(w, 0, 0);
                UserTimer u = user.ownedTimer();
                if (u == null) {
                    throw new SndException(Errno.ENOTTY, "no utimer in this session: write 'create' first");
                }
                return "id " + u.number() + " name " + u.idString() + " resolution " + u.resolution() + " ticks "
                        + u.triggers() + " listeners " + u.clients() + "\n";
            }
            default:
                throw new SndException(Errno.EINVAL, "unknown command '" + printable(w[0])
                        + "' (expected create [RESOLUTION_NS], trigger [COUNT] or info)");
        }
    }

    static void args(String[] words, int min, int max) {
        int n = words.length - 1;
        if (n < min || n > max) {
            throw new SndException(Errno.EINVAL, words[0] + " takes " + (min == max ? "" + min : min + ".." + max)
                    + " argument" + (max == 1 ? "" : "s") + ", got " + n);
        }
    }

    /** A command word fit for a one-line message: control bytes and long garbage are cut. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 40; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    @Override
    public void disconnect() {
        super.disconnect();
        user.disconnect();
    }

    @Override
    public void release() {
        user.release();
    }
}
