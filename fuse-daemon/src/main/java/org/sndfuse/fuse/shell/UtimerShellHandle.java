package org.sndfuse.fuse.shell;

import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.timer.TimerCore;
import org.sndfuse.timer.UserTimer;

/**
 * {@code ctl/utimer}: the utimer CREATE/TRIGGER/close protocol in text. The session owns the timer exactly like a
 * binary descriptor does, so C listeners and the loopback see the same object.
 * Commands: {@code create [RESOLUTION_NS]} → {@code id N}; {@code trigger [COUNT]}; {@code info}.
 */
public final class UtimerShellHandle extends TimerUserShellHandle {
    /** Resolution of {@code create} without an argument: 10 ms (48 kHz × 480 frames). */
    public static final long DEFAULT_RESOLUTION_NS = 10_000_000L;
    private static final long MAX_TRIGGERS_PER_LINE = 1_000_000L;

    public UtimerShellHandle(TimerCore core, Caller opener) {
        super(core, opener);
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
}
