package org.sndfuse.fuse.pcm;

import java.util.ArrayDeque;
import org.sndfuse.abi.StructBytes;
import org.sndfuse.abi.control.CtlElemId;
import org.sndfuse.abi.control.CtlElemInfo;
import org.sndfuse.abi.control.CtlElemList;
import org.sndfuse.abi.control.CtlElemValue;
import org.sndfuse.abi.control.CtlEvent;
import org.sndfuse.abi.pcm.PcmInfo;
import org.sndfuse.abi.control.ControlIoctl;
import org.sndfuse.aloop.LoopbackCard;
import org.sndfuse.aloop.LoopbackControl;
import org.sndfuse.aloop.LoopbackElements;
import org.sndfuse.aloop.LoopbackObserver;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;
import org.sndfuse.fuse.handle.Caller;
import org.sndfuse.fuse.handle.Handle;
import org.sndfuse.fuse.handle.IoctlReply;
import org.sndfuse.fuse.handle.ProcessMemory;

/**
 * An open of {@code snd/controlC0}: what alsa-lib's hw plugin asks the control device before opening a PCM —
 * PVERSION, CARD_INFO, PCM_NEXT_DEVICE, PCM_INFO and PCM_PREFER_SUBDEVICE (remembered for the opening process,
 * as the kernel keys it by the caller's pid) — and the card's control elements: ELEM_LIST (ids written into the
 * caller's array), ELEM_INFO, ELEM_READ, ELEM_WRITE, and SUBSCRIBE_EVENTS with value-change events read() as
 * 72-byte snd_ctl_event records (amixer, alsactl, alsaloop).
 *
 * <p>Lock: the handle's monitor guards the subscription and the event queue.
 */
public final class CtlHandle implements Handle, LoopbackObserver {
    /** Events kept for a subscriber that does not read; older ones are dropped first. */
    private static final int MAX_EVENTS = 128;

    /** SNDRV_CTL_VERSION of current kernels: 2.0.9. */
    public static final int CTL_VERSION = (2 << 16) | 9;

    private final LoopbackCard card;
    private final LoopbackElements elements;
    private final PreferredSubdevices preferred;
    private final int pid;
    private final ArrayDeque<CtlEvent> events = new ArrayDeque<>();
    private boolean subscribed;
    private boolean disconnected;
    private Runnable pollWaiter;

    public CtlHandle(LoopbackCard card, PreferredSubdevices preferred, Caller opener) {
        this.card = card;
        this.elements = new LoopbackElements(card);
        this.preferred = preferred;
        this.pid = opener.pid();
    }

    @Override
    public IoctlReply ioctl(int cmd, long arg, byte[] in, Caller c) {
        if (cmd == ControlIoctl.PVERSION) {
            return PcmIoctlDispatch.intReply(CTL_VERSION);
        } else if (cmd == ControlIoctl.CARD_INFO) {
            return IoctlReply.of(card.cardInfo().encode());
        } else if (cmd == ControlIoctl.PCM_NEXT_DEVICE) {
            // _IOR in the header, but the kernel reads the current device first: take it from the caller.
            int device = StructBytes.of(ProcessMemory.INSTANCE.read(c.pid(), arg, 4), 4).i32(0);
            return PcmIoctlDispatch.intReply(card.nextPcmDevice(device));
        } else if (cmd == ControlIoctl.PCM_INFO) {
            PcmInfo q = PcmInfo.decode(in);
            return IoctlReply.of(card.pcmInfo(q.device(), q.stream(), q.subdevice()).encode());
        } else if (cmd == ControlIoctl.PCM_PREFER_SUBDEVICE) {
            preferred.set(pid, this, PcmIoctlDispatch.intArg(in));
            return IoctlReply.ok();
        } else if (cmd == ControlIoctl.ELEM_LIST) {
            CtlElemList list = CtlElemList.decode(in);
            long count = elements.count();
            long used = Math.max(0, Math.min(list.space(), count - list.offset()));
            if (used > 0) {
                StructBytes ids = StructBytes.allocate((int) used * CtlElemId.SIZE);
                for (int i = 0; i < used; i++) {
                    elements.id((int) (list.offset() + i + 1)).encode(ids, i * CtlElemId.SIZE);
                }
                ProcessMemory.INSTANCE.write(c.pid(), list.pids(), ids.bytes());
            }
            return IoctlReply.of(new CtlElemList(list.offset(), list.space(), used, count, list.pids()).encodeOver(in));
        } else if (cmd == ControlIoctl.ELEM_INFO) {
            CtlElemInfo q = CtlElemInfo.decode(in);
            int item = StructBytes.of(in, CtlElemInfo.SIZE).i32(CtlElemInfo.OFF_ITEM);
            return IoctlReply.of(elements.info(q.id(), item).encode());
        } else if (cmd == ControlIoctl.ELEM_READ) {
            CtlElemId id = elements.resolve(CtlElemValue.decode(in, false).id());
            return IoctlReply.of(new CtlElemValue(id, elements.read(id)).encode(elements.enumerated(id)));
        } else if (cmd == ControlIoctl.ELEM_WRITE) {
            CtlElemId id = elements.resolve(CtlElemValue.decode(in, false).id());
            elements.write(id, CtlElemValue.decode(in, elements.enumerated(id)).value());
            return IoctlReply.of(new CtlElemValue(id, elements.read(id)).encode(elements.enumerated(id)));
        } else if (cmd == ControlIoctl.SUBSCRIBE_EVENTS) {
            return PcmIoctlDispatch.intReply(subscribe(PcmIoctlDispatch.intArg(in)));
        }
        throw new SndException(Errno.ENOTTY, String.format("unsupported control ioctl 0x%08x", cmd));
    }

    /** SUBSCRIBE_EVENTS: 1 subscribes, 0 unsubscribes (dropping queued events), a negative value asks. */
    private int subscribe(int request) {
        boolean now;
        synchronized (this) {
            if (request < 0) {
                return subscribed ? 1 : 0;
            }
            now = request != 0;
            if (now == subscribed) {
                return 0;
            }
            subscribed = now;
            if (!now) {
                events.clear();
            }
        }
        if (now) {
            card.addObserver(this);
        } else {
            card.removeObserver(this);
        }
        return 0;
    }

    @Override
    public void controlChanged(int device, int subdevice, LoopbackControl control) {
        Runnable w;
        synchronized (this) {
            if (!subscribed) {
                return;
            }
            if (events.size() >= MAX_EVENTS) {
                events.pollFirst();
            }
            events.addLast(new CtlEvent(CtlEvent.MASK_VALUE, elements.idOf(device, subdevice, control)));
            notifyAll();
            w = pollWaiter;
            pollWaiter = null;
        }
        if (w != null) {
            w.run();
        }
    }

    /** read(): whole events; EBADFD unless subscribed, EINVAL below one event, EAGAIN when non-blocking. */
    @Override
    public synchronized byte[] read(long offset, int size, Caller c) {
        if (!subscribed) {
            throw new SndException(Errno.EBADFD, "not subscribed to events");
        }
        if (size < CtlEvent.SIZE) {
            throw new SndException(Errno.EINVAL, "buffer smaller than one event");
        }
        while (events.isEmpty()) {
            if (disconnected) {
                throw new SndException(Errno.ENODEV, "card disconnected");
            }
            if (c.nonblocking()) {
                throw new SndException(Errno.EAGAIN, "no events");
            }
            if (c.interrupted().getAsBoolean()) {
                throw new SndException(Errno.EINTR, "interrupted");
            }
            try {
                wait(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SndException(Errno.EINTR, "interrupted");
            }
        }
        int n = Math.min(events.size(), size / CtlEvent.SIZE);
        StructBytes out = StructBytes.allocate(n * CtlEvent.SIZE);
        for (int i = 0; i < n; i++) {
            events.pollFirst().encode(out, i * CtlEvent.SIZE);
        }
        return out.bytes();
    }

    @Override
    public int poll(Runnable waiter) {
        Runnable run = null;
        int mask;
        synchronized (this) {
            mask = subscribed && !events.isEmpty() ? POLLIN | POLLRDNORM : 0;
            if (disconnected) {
                mask |= POLLERR;
            }
            if (waiter != null) {
                if (mask == 0) {
                    run = pollWaiter;
                    pollWaiter = waiter;
                } else {
                    run = waiter;
                }
            }
        }
        if (run != null) {
            run.run();
        }
        return mask;
    }

    @Override
    public synchronized void disconnect() {
        disconnected = true;
        notifyAll();
    }

    @Override
    public void release() {
        preferred.clear(pid, this);
        card.removeObserver(this);
    }
}
