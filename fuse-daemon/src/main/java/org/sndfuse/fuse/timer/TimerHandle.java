package org.sndfuse.fuse.timer;

import org.sndfuse.abi.preload.PreloadIoctl;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.Handle;
import org.sndfuse.fuse.handle.IoctlReply;
import org.sndfuse.fuse.handle.PreloadHello;
import org.sndfuse.fuse.handle.ReadReadiness;
import org.sndfuse.fuse.sigio.FasyncSetting;
import org.sndfuse.timer.TimerCore;
import org.sndfuse.timer.TimerUser;

/** An open of snd/timer: a {@link TimerUser} reached through read, ioctl and poll. */
public final class TimerHandle implements Handle, ReadReadiness {
    private final TimerCore core;
    private final TimerUser user;
    private final PreloadHello hello = new PreloadHello(PreloadIoctl.NODE_TIMER);
    private final FasyncSetting async = new FasyncSetting();

    public TimerHandle(TimerCore core, Caller opener) {
        this.core = core;
        this.user = new TimerUser(core, opener.pid());
    }

    public TimerUser user() {
        return user;
    }

    public PreloadHello hello() {
        return hello;
    }

    @Override
    public byte[] read(long offset, int size, Caller caller) {
        return user.read(size, caller.nonblocking(), caller.interrupted());
    }

    @Override
    public void onReadable(Runnable retry) {
        user.onReadable(retry);
    }

    @Override
    public boolean readWouldWait(int size) {
        return user.readWouldWait(size);
    }

    @Override
    public int write(long offset, byte[] data, Caller caller) {
        throw new SndException(Errno.EINVAL, "the timer device has no write");
    }

    @Override
    public IoctlReply ioctl(int cmd, long arg, byte[] in, Caller caller) {
        if (cmd == PreloadIoctl.HELLO) {
            return hello.hello(in);
        }
        if (cmd == PreloadIoctl.ASYNC) {
            return async.apply(in, caller, user.fasync());
        }
        return TimerIoctlDispatch.dispatch(core, user, cmd, in);
    }

    @Override
    public int poll(Runnable waiter) {
        return user.poll(waiter);
    }

    /** close() of the utimer's last descriptor destroys it, as the kernel's snd_utimer_release does. */
    @Override
    public boolean releaseAtLastClose() {
        return user.ownedTimer() != null && !user.waitedOn();
    }

    @Override
    public void disconnect() {
        user.disconnect();
    }

    @Override
    public void release() {
        user.release();
    }
}
