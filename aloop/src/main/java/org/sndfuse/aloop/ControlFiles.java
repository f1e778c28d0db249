package org.sndfuse.aloop;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sndfuse.abi.control.CtlElemId;
import org.sndfuse.abi.control.CtlEvent;
import org.sndfuse.errno.Errno;
import org.sndfuse.errno.SndException;

/**
 * The card's open control files, as the kernel's {@code card->ctl_files} list (sound/core/control.c): a change of
 * an element is queued to every subscribed file (snd_ctl_notify), and a PCM open asks for its caller's
 * preferred subdevice (snd_ctl_get_preferred_subdevice). Files are kept in open order, as list_add_tail does.
 *
 * <p>No lock of its own: the list is copy-on-write (opens and closes are rare, notifications walk a snapshot);
 * each {@link ControlFile} guards its own queue. A file released during a walk ignores the late event.
 */
final class ControlFiles {
    private final List<ControlFile> files = new CopyOnWriteArrayList<>();
    private final LoopbackCard card;
    private final LoopbackElements elements;
    private volatile boolean disconnected;

    ControlFiles(LoopbackCard card) {
        this.card = card;
        this.elements = new LoopbackElements(card);
    }

    /** snd_ctl_open: ENODEV once the card is gone. */
    ControlFile open(int pid) {
        if (disconnected) {
            throw new SndException(Errno.ENODEV, "card disconnected");
        }
        ControlFile f = new ControlFile(card, this, elements, pid);
        files.add(f);
        return f;
    }

    void remove(ControlFile f) {
        files.remove(f);
    }

    /** snd_ctl_get_preferred_subdevice: the first of pid's files (in open order) that set one, else -1. */
    int preferredSubdevice(int pid) {
        for (ControlFile f : files) {
            int sub = f.pid() == pid ? f.preferredSubdevice() : -1;
            if (sub != -1) {
                return sub;
            }
        }
        return -1;
    }

    /** snd_ctl_notify of a value change of control {@code c} on (device, subdevice); nothing after shutdown. */
    void valueChanged(int device, int subdevice, LoopbackControl c) {
        if (disconnected || files.isEmpty()) {
            return;
        }
        CtlElemId id = elements.idOf(device, subdevice, c);
        for (ControlFile f : files) {
            f.notify(id, CtlEvent.MASK_VALUE);
        }
    }

    /** snd_ctl_dev_disconnect: blocked readers fail with ENODEV, pollers see POLLERR, opens fail. */
    void disconnect() {
        disconnected = true;
        files.forEach(ControlFile::disconnect);
    }
}
