package org.sndfuse.fuse.control;

import org.sndfuse.abi.StructBytes;
import org.sndfuse.abi.control.ControlIoctl;
import org.sndfuse.abi.control.CtlElemId;
import org.sndfuse.abi.control.CtlElemInfo;
import org.sndfuse.abi.control.CtlElemList;
import org.sndfuse.abi.control.CtlElemValue;
import org.sndfuse.abi.pcm.PcmInfo;
import org.sndfuse.abi.preload.PreloadIoctl;
import org.sndfuse.aloop.ControlFile;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.CallerMemory;
import org.sndfuse.fuse.handle.Handle;
import org.sndfuse.fuse.handle.IoctlReply;
import org.sndfuse.fuse.handle.PreloadHello;
import org.sndfuse.fuse.handle.ReadReadiness;
import org.sndfuse.fuse.sigio.FasyncSetting;

/**
 * An open of {@code snd/controlC0}: a {@link ControlFile} reached through ioctl, read and poll. Each request is
 * decoded, handed to the model and its answer encoded; the caller's memory is touched only where the kernel
 * does beyond the request's struct (ELEM_LIST's id array, PCM_NEXT_DEVICE's in-out int).
 */
public final class ControlHandle implements Handle, ReadReadiness {
    private final ControlFile file;
    private final CallerMemory memory;
    private final PreloadHello hello = new PreloadHello(PreloadIoctl.NODE_CONTROL);
    private final FasyncSetting async = new FasyncSetting();

    public ControlHandle(ControlFile file, CallerMemory memory) {
        this.file = file;
        this.memory = memory;
    }

    public ControlFile file() {
        return file;
    }

    public PreloadHello hello() {
        return hello;
    }

    @Override
    public IoctlReply ioctl(int cmd, long arg, byte[] in, Caller c) {
        if (cmd == PreloadIoctl.HELLO) {
            return hello.hello(in);
        }
        if (cmd == PreloadIoctl.ASYNC) {
            return async.apply(in, c, file.fasync());
        }
        LoopbackCard card = file.card();
        if (cmd == ControlIoctl.PVERSION) {
            return intReply(ControlIoctl.PROTOCOL_VERSION);
        } else if (cmd == ControlIoctl.CARD_INFO) {
            return IoctlReply.of(card.cardInfo().encode());
        } else if (cmd == ControlIoctl.PCM_NEXT_DEVICE) {
            // _IOR in the header, but the kernel reads the current device first: take it from the caller.
            int device = StructBytes.of(memory.read(c.pid(), arg, 4), 4).i32(0);
            return intReply(card.nextPcmDevice(device));
        } else if (cmd == ControlIoctl.PCM_INFO) {
            PcmInfo q = PcmInfo.decode(in);
            return IoctlReply.of(card.pcmInfo(q.device(), q.stream(), q.subdevice()).encode());
        } else if (cmd == ControlIoctl.PCM_PREFER_SUBDEVICE) {
            file.preferSubdevice(intArg(in));
            return IoctlReply.ok();
        } else if (cmd == ControlIoctl.ELEM_LIST) {
            return elemList(CtlElemList.decode(in), in, c);
        } else if (cmd == ControlIoctl.ELEM_INFO) {
            int item = StructBytes.of(in, CtlElemInfo.SIZE).i32(CtlElemInfo.OFF_ITEM);
            return IoctlReply.of(file.elemInfo(CtlElemInfo.decode(in).id(), item).encode());
        } else if (cmd == ControlIoctl.ELEM_READ) {
            CtlElemId id = file.resolve(CtlElemValue.decode(in, false).id());
            return IoctlReply.of(file.elemRead(id).encode(file.enumerated(id)));
        } else if (cmd == ControlIoctl.ELEM_WRITE) {
            CtlElemId id = file.resolve(CtlElemValue.decode(in, false).id());
            boolean enumerated = file.enumerated(id);
            return IoctlReply.of(file.elemWrite(CtlElemValue.decode(in, enumerated)).encode(enumerated));
        } else if (cmd == ControlIoctl.SUBSCRIBE_EVENTS) {
            int request = intArg(in);
            if (request < 0) {
                return intReply(file.subscribed() ? 1 : 0);
            }
            file.subscribe(request != 0);
            return IoctlReply.of(in); // the kernel writes nothing back when setting
        }
        throw new SndException(Errno.ENOTTY, String.format("unsupported control ioctl 0x%08x", cmd));
    }

    /** ELEM_LIST: the ids go to the caller's array at {@code pids}; an unwritable array is EFAULT, as the kernel. */
    private IoctlReply elemList(CtlElemList q, byte[] in, Caller c) {
        ControlFile.ElemList list = file.elemList(q.offset(), q.space());
        if (!list.ids().isEmpty()) {
            StructBytes ids = StructBytes.allocate(list.ids().size() * CtlElemId.SIZE);
            for (int i = 0; i < list.ids().size(); i++) {
                list.ids().get(i).encode(ids, i * CtlElemId.SIZE);
            }
            memory.write(c.pid(), q.pids(), ids.bytes());
        }
        return IoctlReply.of(new CtlElemList(q.offset(), q.space(), list.ids().size(), list.count(), q.pids())
                .encodeOver(in));
    }

    private static int intArg(byte[] in) {
        return StructBytes.of(in, 4).i32(0);
    }

    private static IoctlReply intReply(int v) {
        return IoctlReply.of(StructBytes.allocate(4).i32(0, v).bytes());
    }

    @Override
    public byte[] read(long offset, int size, Caller c) {
        return file.read(size, c.nonblocking(), c.interrupted());
    }

    @Override
    public void onReadable(Runnable retry) {
        file.onReadable(retry);
    }

    @Override
    public int poll(Runnable waiter) {
        return file.poll(waiter);
    }

    @Override
    public void disconnect() {
        file.disconnect();
    }

    @Override
    public void release() {
        file.release();
    }
}
