package org.sndfuse.fuse.shell;

import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.text.LineCommandHandle;
import org.sndfuse.timer.TimerCore;
import org.sndfuse.timer.TimerUser;

/**
 * A shell session that is one open of the timer device: the session's {@link TimerUser} is what a binary descriptor
 * of {@code snd/timer} would be (same instance rules, same utimer ownership), so C clients and shell sessions see
 * the same objects. Daemon shutdown wakes it; closing the session releases it (its instance and utimer go).
 */
abstract class TimerUserShellHandle extends LineCommandHandle {
    protected final TimerUser user;

    protected TimerUserShellHandle(TimerCore core, Caller opener) {
        this.user = new TimerUser(core, opener.pid());
    }

    @Override
    public final void disconnect() {
        super.disconnect();
        user.disconnect();
    }

    @Override
    public final void release() {
        user.release();
    }
}
