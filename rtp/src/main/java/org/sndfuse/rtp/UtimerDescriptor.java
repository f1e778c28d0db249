package org.sndfuse.rtp;

import org.sndfuse.abi.timer.TimerIoctl;
import org.sndfuse.abi.timer.TimerUinfo;
import org.sndfuse.errno.SndException;

/**
 * A userspace-driven timer created on {@code snd/timer} with SNDRV_TIMER_IOCTL_CREATE and fired with
 * TRIGGER. The kernel returns a new descriptor in {@code uinfo.fd}; sndfuse returns -1 and binds the timer to
 * the creating descriptor (README "The one deviation"), so TRIGGER goes to
 * {@code uinfo.fd == -1 ? control fd : uinfo.fd}. Closing destroys the timer.
 */
public final class UtimerDescriptor implements AutoCloseable {
    private final DeviceFile control;
    private final int id;
    private final long resolution;
    /** The kernel's own descriptor when CREATE returned one (never on sndfuse); closed with us. */
    private final int ownFd;

    private UtimerDescriptor(DeviceFile control, int id, long resolution, int ownFd) {
        this.control = control;
        this.id = id;
        this.resolution = resolution;
        this.ownFd = ownFd;
    }

    public static UtimerDescriptor create(String timerPath, long resolutionNanos) {
        DeviceFile control = DeviceFile.open(timerPath, LibC.O_RDONLY);
        try {
            byte[] out = control.ioctl(TimerIoctl.CREATE, new TimerUinfo(resolutionNanos, -1, 0).encode());
            TimerUinfo u = TimerUinfo.decode(out);
            return new UtimerDescriptor(control, (int) u.id(), resolutionNanos, u.fd());
        } catch (RuntimeException e) {
            control.close();
            throw e;
        }
    }

    public int id() {
        return id;
    }

    public long resolution() {
        return resolution;
    }

    /** The card timer_source value naming this timer: global class, device 4 (utimers), subdevice id. */
    public String timerSource() {
        return "-1.4." + id;
    }

    /** One tick to every listener (one period of the loopback). */
    public void trigger() {
        int fd = ownFd == -1 ? control.fd() : ownFd;
        if (LibC.Holder.C.ioctl(fd, Integer.toUnsignedLong(TimerIoctl.TRIGGER), null) < 0) {
            int errno = LibC.Holder.RUNTIME.getLastError();
            throw new SndException(errno, "TRIGGER on utimer " + id);
        }
    }

    @Override
    public void close() {
        if (ownFd >= 0) {
            LibC.Holder.C.close(ownFd);
        }
        control.close();
    }
}
