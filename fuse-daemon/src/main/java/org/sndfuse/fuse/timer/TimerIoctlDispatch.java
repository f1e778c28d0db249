package org.sndfuse.fuse.timer;

import org.sndfuse.abi.StructBytes;
import org.sndfuse.abi.timer.TimerGinfo;
import org.sndfuse.abi.timer.TimerGparams;
import org.sndfuse.abi.timer.TimerGstatus;
import org.sndfuse.abi.timer.TimerId;
import org.sndfuse.abi.timer.TimerIoctl;
import org.sndfuse.abi.timer.TimerParams;
import org.sndfuse.abi.timer.TimerSelect;
import org.sndfuse.abi.timer.TimerUinfo;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.IoctlReply;
import org.sndfuse.timer.TimerCore;
import org.sndfuse.timer.TimerUser;
import org.sndfuse.timer.UserTimer;

/** Decodes a timer-device ioctl, calls the core, encodes the reply. No rules live here. */
public final class TimerIoctlDispatch {
    private TimerIoctlDispatch() {}

    public static IoctlReply dispatch(TimerCore core, TimerUser user, int cmd, byte[] in) {
        if (cmd == TimerIoctl.PVERSION) {
            return IoctlReply.of(StructBytes.allocate(4).i32(0, user.pversion()).bytes());
        } else if (cmd == TimerIoctl.NEXT_DEVICE) {
            return IoctlReply.of(core.nextDevice(TimerId.decode(in)).encode());
        } else if (cmd == TimerIoctl.TREAD_OLD || cmd == TimerIoctl.TREAD64) {
            user.tread(StructBytes.of(in, 4).i32(0));
        } else if (cmd == TimerIoctl.GINFO) {
            return IoctlReply.of(core.ginfo(TimerGinfo.decode(in).tid()).encode());
        } else if (cmd == TimerIoctl.GPARAMS) {
            core.gparams(TimerGparams.decode(in).tid());
        } else if (cmd == TimerIoctl.GSTATUS) {
            return IoctlReply.of(core.gstatus(TimerGstatus.decode(in).tid()).encode());
        } else if (cmd == TimerIoctl.SELECT) {
            user.select(TimerSelect.decode(in).id());
        } else if (cmd == TimerIoctl.INFO) {
            return IoctlReply.of(user.info().encode());
        } else if (cmd == TimerIoctl.PARAMS) {
            user.params(TimerParams.decode(in));
        } else if (cmd == TimerIoctl.STATUS) {
            return IoctlReply.of(user.status().encode());
        } else if (cmd == TimerIoctl.START || cmd == TimerIoctl.START_OLD) {
            user.start();
        } else if (cmd == TimerIoctl.STOP || cmd == TimerIoctl.STOP_OLD) {
            user.stop();
        } else if (cmd == TimerIoctl.CONTINUE || cmd == TimerIoctl.CONTINUE_OLD) {
            user.continueTimer();
        } else if (cmd == TimerIoctl.PAUSE || cmd == TimerIoctl.PAUSE_OLD) {
            user.pause();
        } else if (cmd == TimerIoctl.CREATE) {
            TimerUinfo req = TimerUinfo.decode(in);
            UserTimer u = user.create(req.resolution());
            // fd -1: the utimer lives on this descriptor (README, "The one deviation").
            return IoctlReply.of(new TimerUinfo(req.resolution(), -1, u.number()).encodeOver(in));
        } else if (cmd == TimerIoctl.TRIGGER) {
            user.trigger();
        } else {
            throw new SndException(Errno.ENOTTY, String.format("unknown timer ioctl 0x%08x", cmd));
        }
        return IoctlReply.ok();
    }
}
